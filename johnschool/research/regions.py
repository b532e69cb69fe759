"""The region of a postal code, from its first three characters only; never the code itself.

In Quebec (first letter G, H or J) the region is one of the 17 administrative regions,
read from data/fsa_regions.csv: one row per forward sortation area (FSA, the first
three characters). Source and approximation: Canada Post's FSA map and the regions
of the Institut de la statistique du Québec, matched by hand on the main town of each
FSA. An FSA that spans two regions (rural ones, G0x and J0x, mostly do) is put in the
region of its largest population, so a few people land in a neighbouring region: fine
for statistics, which never go below a region. An FSA missing from the file (a new
one, or a mistyped code) gives "QC", Quebec without a region. Outside Quebec the
region is the province or territory (X: the Northwest Territories and Nunavut).
"""

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "fsa_regions.csv"
QUEBEC = "QC"
QUEBEC_REGIONS = {
    "01": "Bas-Saint-Laurent",
    "02": "Saguenay–Lac-Saint-Jean",
    "03": "Capitale-Nationale",
    "04": "Mauricie",
    "05": "Estrie",
    "06": "Montréal",
    "07": "Outaouais",
    "08": "Abitibi-Témiscamingue",
    "09": "Côte-Nord",
    "10": "Nord-du-Québec",
    "11": "Gaspésie–Îles-de-la-Madeleine",
    "12": "Chaudière-Appalaches",
    "13": "Laval",
    "14": "Lanaudière",
    "15": "Laurentides",
    "16": "Montérégie",
    "17": "Centre-du-Québec",
}
PROVINCES = {
    "A": "NL",
    "B": "NS",
    "C": "PE",
    "E": "NB",
    "G": QUEBEC,
    "H": QUEBEC,
    "J": QUEBEC,
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


# Every region a record may hold, in the order tables show them.
REGIONS = (
    [f"{QUEBEC}-{code}" for code in QUEBEC_REGIONS]
    + [QUEBEC]
    + list(dict.fromkeys(code for code in PROVINCES.values() if code != QUEBEC))
)


@cache
def quebec_fsas() -> dict[str, str]:
    """Quebec's FSAs and their administrative region codes, "QC-01" … "QC-17"."""
    with DATA.open(encoding="utf-8", newline="") as data:
        return {row["fsa"]: f"{QUEBEC}-{row['region']}" for row in csv.DictReader(data)}


def region_of(postal_code: str | None) -> str | None:
    """The region a postal code belongs to, or None when there is none."""
    fsa = "".join((postal_code or "").split()).upper()[:3]
    province = PROVINCES.get(fsa[:1])
    if province != QUEBEC:
        return province
    return quebec_fsas().get(fsa, QUEBEC)


def region_name(code: str | None) -> str | None:
    """A region's name: the administrative region's in Quebec, else its code."""
    if code and code.startswith(f"{QUEBEC}-"):
        return QUEBEC_REGIONS.get(code[3:], code)
    return code
