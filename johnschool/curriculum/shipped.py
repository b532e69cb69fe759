"""The default curriculum that ships with the project, in ``data/modules.csv``."""

import csv
import io
from functools import cache
from importlib import resources

from .models import DISCIPLINES

FIELDS = (
    "code",
    "title_fr",
    "title_en",
    "discipline",
    "duration_minutes",
    "is_required",
    "position",
)


def parse_modules(text: str) -> list[dict]:
    """Read modules CSV text; raise ValueError naming the line of the first bad row."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != FIELDS:
        raise ValueError(f"modules.csv line 1: the header must be {','.join(FIELDS)}")
    rows = []
    for row in reader:
        if row["discipline"] not in DISCIPLINES or row["is_required"] not in ("true", "false"):
            raise ValueError(f"modules.csv line {reader.line_num}: bad discipline or flag")
        rows.append(
            {
                **row,
                "duration_minutes": int(row["duration_minutes"]),
                "is_required": row["is_required"] == "true",
                "position": int(row["position"]),
            }
        )
    return rows


@cache
def _shipped_text() -> str:
    """The shipped CSV, read once per process."""
    path = resources.files("johnschool.curriculum") / "data" / "modules.csv"
    return path.read_text(encoding="utf-8-sig")


def shipped_modules() -> list[dict]:
    """The shipped modules as new dicts, in the file's order."""
    return parse_modules(_shipped_text())
