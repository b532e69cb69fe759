"""The offence catalogue that ships with the project: sections, bilingual titles, categories.

The catalogue lives in ``data/offences.csv`` (UTF-8, header ``code,title_fr,title_en,categories``,
categories separated by ``;`` and empty for none). Every code in it is written the way
``normalize_code`` writes it, so a section typed by a liaison finds its row by exact match.

``normalize_code`` applies these rules, in this order:

1. all whitespace is removed, inside the code too: ``" 286.1 (1) "`` → ``"286.1(1)"``;
2. the name of the Controlled Drugs and Substances Act, ``CDSA`` or its French ``LRCDAS``,
   in any case, before or after the section, becomes a leading ``"CDSA "``:
   ``"cdsa 4(1)"``, ``"4(1) LRCDAS"`` → ``"CDSA 4(1)"``;
3. a leading ``s.``, ``art.``, ``section`` or ``article`` (any case, dot optional) before the
   section number is dropped: ``"s. 266"``, ``"art. 266"`` → ``"266"``;
4. a trailing ``C.cr.`` or ``Cr.C.`` (Code criminel, Criminal Code; dots optional) is dropped:
   ``"266 C.cr."`` → ``"266"``;
5. every other letter is lower-cased: ``"213(1)(C)"`` → ``"213(1)(c)"``;
6. a paragraph written the French way, letters closed by ``)`` without an opening one, gets
   its opening parenthesis: ``"213(1)c)"`` → ``"213(1)(c)"``, ``"334 a)"`` → ``"334(a)"``.

Nothing else changes: a subsection is never dropped (``286.1(1)`` and ``286.1(2)`` are
different offences), and text that is not a section comes back compacted, to match nothing.
"""

import csv
import io
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

from .screening_types import Category, Offence

FIELDS = ("code", "title_fr", "title_en", "categories")
CATEGORY_SEPARATOR = ";"

_CDSA_PREFIX = re.compile(r"^(?:cdsa|lrcdas)", re.IGNORECASE)
_CDSA_SUFFIX = re.compile(r"(?:cdsa|lrcdas)$", re.IGNORECASE)
_SECTION_PREFIX = re.compile(r"^(?:section|article|art\.?|s\.?)(?=\d)", re.IGNORECASE)
_CODE_SUFFIX = re.compile(r"(?<=[\d)])(?:c\.?cr\.?|cr\.?c\.?)$", re.IGNORECASE)
_FRENCH_PARAGRAPH = re.compile(r"(?<=[\d)])([a-z]+)\)")


def normalize_code(text: str) -> str:
    """Write a section the way the catalogue does (rules in the module docstring)."""
    compact = "".join(text.split())
    act_free = _CDSA_SUFFIX.sub("", _CDSA_PREFIX.sub("", compact))
    section = _CODE_SUFFIX.sub("", _SECTION_PREFIX.sub("", act_free)).lower()
    section = _FRENCH_PARAGRAPH.sub(r"(\1)", section)
    is_cdsa = bool(act_free) and act_free != compact
    return f"CDSA {section}" if is_cdsa else section


def category_names(text: str) -> list[str]:
    """Split a categories cell into its names; an empty cell has none."""
    if not text.strip():
        return []
    return [name.strip() for name in text.split(CATEGORY_SEPARATOR)]


def validate_row(row: Mapping[str | None, str | None]) -> list[str]:
    """List what is wrong with one catalogue row; an empty list means the row is valid."""
    problems = []
    if row.get(None):
        problems.append("too many columns")
    code = row.get("code") or ""
    if not code:
        problems.append("code is empty")
    elif normalize_code(code) != code:
        problems.append(f"code {code!r} is not normalized (write {normalize_code(code)!r})")
    for field in ("title_fr", "title_en"):
        if not (row.get(field) or "").strip():
            problems.append(f"{field} is empty")
    allowed = {category.value for category in Category}
    unknown = [name for name in category_names(row.get("categories") or "") if name not in allowed]
    if unknown:
        problems.append(f"unknown categories {unknown!r} (allowed: {sorted(allowed)!r})")
    return problems


def offence_from_row(row: Mapping[str | None, str | None]) -> Offence:
    """Build the offence of a valid catalogue row."""
    names = category_names(row.get("categories") or "")
    return Offence(
        code=row["code"] or "",
        title_fr=(row["title_fr"] or "").strip(),
        title_en=(row["title_en"] or "").strip(),
        categories=frozenset(Category(name) for name in names),
    )


def parse_offences(text: str, source: str = "offences.csv") -> dict[str, Offence]:
    """Read catalogue CSV text; raise ValueError naming the line of the first bad row."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != FIELDS:
        raise ValueError(f"{source} line 1: the header must be {','.join(FIELDS)}")
    offences: dict[str, Offence] = {}
    for row in reader:
        problems = validate_row(row)
        if row["code"] in offences:
            problems.append(f"code {row['code']!r} is listed twice")
        if problems:
            raise ValueError(f"{source} line {reader.line_num}: {'; '.join(problems)}")
        offences[row["code"]] = offence_from_row(row)
    return offences


@cache
def _shipped_offences() -> Mapping[str, Offence]:
    """Read the catalogue shipped with the package, once per process."""
    path = resources.files("johnschool.referrals") / "data" / "offences.csv"
    return MappingProxyType(parse_offences(path.read_text(encoding="utf-8-sig")))


def load_shipped_offences() -> dict[str, Offence]:
    """Return the shipped catalogue by code, as a new dict the caller may change freely."""
    return dict(_shipped_offences())
