"""Name normalization for finding the same person again (DESIGN screening rule 6).

Two spellings of a name match when they differ only by case, accents, hyphens,
apostrophes or spacing: "Jean-François  Tremblay" and "jean francois tremblay",
"Ó Súilleabháin" and "O'Suilleabhain". A separator still separates: "D'Amours" is
"d amours", not "damours".

Word order is kept: "Gagnon-Tremblay" and "Tremblay-Gagnon" are different legal names
in Quebec, and "Marie Anne" and "Anne Marie" are different people. The family and
given names stay separate fields of the key, so a family name typed in the given-name
box does not match; finding such slips is for a person searching, not for screening.
"""

import re
import unicodedata
from datetime import date

# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ı": "i",
        "þ": "th",
        # Modifier letters used as apostrophes count as letters for the regex below.
        "ʼ": " ",
        "ʻ": " ",
    }
)
_SEPARATORS = re.compile(r"[\W_]+")


def _strip_marks(text: str) -> str:
    """Decompose (NFKD) and drop the combining marks: é becomes e, ﬁ becomes fi."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize_name(text: str) -> str:
    """Return a name in the form used for matching: lower case, no accents, single spaces."""
    # Fold case on both sides of the decomposition: either step can undo the other.
    folded = _strip_marks(_strip_marks(text).casefold()).translate(_LETTERS)
    return _SEPARATORS.sub(" ", folded).strip()


def person_key(family_name: str, given_name: str, birth_date: date | None) -> str | None:
    """Return the matching key of a person, or None when it cannot identify anyone.

    Without a birth date, or with a name that is only punctuation, there is no key:
    such a person never matches anybody.
    """
    family, given = normalize_name(family_name), normalize_name(given_name)
    if birth_date is None or not family or not given:
        return None
    return f"{family}|{given}|{birth_date.isoformat()}"
