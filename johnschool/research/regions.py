"""The coarse region of a postal code: from its first letter only, never the code itself.

Canada Post's first letter names a province or a part of one (G: eastern Quebec,
H: Montréal, J: western Quebec, K-P: Ontario, …). Finer administrative regions
can replace this table without touching the store's callers.
"""

FIRST_LETTER_REGIONS = {
    "A": "NL",
    "B": "NS",
    "C": "PE",
    "E": "NB",
    "G": "QC-east",
    "H": "QC-montreal",
    "J": "QC-west",
    "K": "ON",
    "L": "ON",
    "M": "ON",
    "N": "ON",
    "P": "ON",
    "R": "MB",
    "S": "SK",
    "T": "AB",
    "V": "BC",
    "X": "NT-NU",
    "Y": "YT",
}


def region_of(postal_code: str | None) -> str | None:
    """The region a postal code belongs to, or None when there is none."""
    if not postal_code:
        return None
    return FIRST_LETTER_REGIONS.get(postal_code.strip()[:1].upper())
