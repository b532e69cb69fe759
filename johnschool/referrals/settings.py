"""The program settings and the offence catalogue in force, as the coordinator edits them.

The catalogue in force is the shipped catalogue overlaid by the admin's edits: an edit
replaces the shipped offence of the same section, hides it (``is_removed``) or adds a new
one. Every change bumps the settings version, which each screening decision records, and
writes the audit log; the caller commits.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.services import record
from ..database import utcnow
from ..extensions import db
from .catalogue import CATEGORY_SEPARATOR, category_names, load_shipped_offences, normalize_code
from .models import OffenceEdit, ProgramSettings
from .screening_types import Category, Offence

CATEGORIES = tuple(category.value for category in Category)
DEFAULT_ACCEPTED_CHARGES = "286.1(1)"
DEADLINE_RANGE = (30, 730)
TOLERANCE_RANGE = (0, 120)
RETENTION_RANGE = (1, 30)
RESEARCH_K_RANGE = (2, 50)
RESEARCH_BUDGET_RANGE = (1, 100000)
ALERT_DAYS_RANGE = (1, 90)
MAX_TITLE = 200
MAX_CODE = 40
MAX_FEE = Decimal("99999999.99")
CHARGE_SEPARATOR = ","


def program_settings(*, lock: bool = False) -> ProgramSettings:
    """The settings row, created with the defaults when the schema is new (tests)."""
    row = db.session.get(ProgramSettings, 1, with_for_update=lock)
    if row is None:
        row = ProgramSettings(
            id=1,
            version=1,
            deadline_days=120,
            default_fee=Decimal(str(current_app.config["DEFAULT_FEE"])),
            accepted_charges=DEFAULT_ACCEPTED_CHARGES,
        )
        db.session.add(row)
        db.session.flush()
    return row


def accepted_charges(row: ProgramSettings | None = None) -> frozenset[str]:
    """The charges the program accepts, as normalized sections."""
    row = row or program_settings()
    return frozenset(code for code in row.accepted_charges.split(CHARGE_SEPARATOR) if code)


def _offence_of(edit: OffenceEdit) -> Offence:
    """The offence an edit stands for."""
    return Offence(
        code=edit.code,
        title_fr=edit.title_fr,
        title_en=edit.title_en,
        categories=frozenset(Category(name) for name in category_names(edit.categories)),
    )


def _edits() -> dict[str, OffenceEdit]:
    """The admin's edits by section."""
    return {edit.code: edit for edit in db.session.scalars(select(OffenceEdit))}


def current_catalogue() -> dict[str, Offence]:
    """The catalogue in force: the shipped offences overlaid by the admin's edits."""
    catalogue = load_shipped_offences()
    for code, edit in _edits().items():
        if edit.is_removed:
            catalogue.pop(code, None)
        else:
            catalogue[code] = _offence_of(edit)
    return catalogue


@dataclass(frozen=True)
class CatalogueEntry:
    """An offence in force and where it comes from: shipped, edited or added."""

    offence: Offence
    origin: str


def _sort_key(code: str):
    """Sort sections by their numbers: 2 before 10, 286.1(1) before 286.1(2)."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code)
    ]


def catalogue_entries(q: str = "") -> list[CatalogueEntry]:
    """The catalogue in force in section order, filtered by a search on section or title."""
    shipped, edits = load_shipped_offences(), _edits()
    entries = []
    for code, offence in current_catalogue().items():
        origin = "shipped" if code not in edits else "edited" if code in shipped else "added"
        entries.append(CatalogueEntry(offence, origin))
    needle = " ".join(q.split()).casefold()
    if needle:
        code_needle = normalize_code(q).casefold()
        entries = [
            entry
            for entry in entries
            if code_needle in entry.offence.code.casefold()
            or needle in entry.offence.title_fr.casefold()
            or needle in entry.offence.title_en.casefold()
        ]
    return sorted(entries, key=lambda entry: _sort_key(entry.offence.code))


def _bump(by) -> ProgramSettings:
    """Move the settings to their next version, stamped with who and when."""
    row = program_settings(lock=True)
    row.version += 1
    row.updated_at = utcnow()
    row.updated_by_id = by.id if by is not None else None
    return row


def _clean_code(code) -> str:
    """A section written the catalogue's way, or a refusal."""
    normalized = normalize_code(code or "")
    if not normalized:
        raise ValueError(_l("Write the section, for example 286.1(1)."))
    if len(normalized) > MAX_CODE:
        raise ValueError(_l("A section has at most %(max)d characters.", max=MAX_CODE))
    return normalized


def _clean_title(title, message) -> str:
    """A title with its spaces tidied, or a refusal."""
    title = " ".join((title or "").split())
    if not title or len(title) > MAX_TITLE:
        raise ValueError(message)
    return title


def save_offence(code, title_fr, title_en, categories, *, by) -> Offence:
    """Add an offence to the catalogue or replace the one with the same section."""
    code = _clean_code(code)
    title_fr = _clean_title(
        title_fr, _l("Write the French title (at most %(max)d characters).", max=MAX_TITLE)
    )
    title_en = _clean_title(
        title_en, _l("Write the English title (at most %(max)d characters).", max=MAX_TITLE)
    )
    names = set(categories or ())
    if not names <= set(CATEGORIES):
        raise ValueError(_l("The categories are violent, sexual and exploitation."))
    offence = Offence(code, title_fr, title_en, frozenset(Category(name) for name in names))
    if current_catalogue().get(code) == offence:
        return offence  # nothing changes: no new version
    edit = db.session.scalar(select(OffenceEdit).where(OffenceEdit.code == code))
    shipped = load_shipped_offences().get(code)
    is_new = shipped is None and (edit is None or edit.is_removed)
    if offence == shipped and edit is not None:
        db.session.delete(edit)  # back to the shipped row
    else:
        edit = edit or OffenceEdit(code=code)
        edit.title_fr, edit.title_en = title_fr, title_en
        edit.categories = CATEGORY_SEPARATOR.join(c for c in CATEGORIES if c in names)
        edit.is_removed = False
        edit.updated_at, edit.updated_by_id = utcnow(), by.id if by is not None else None
        db.session.add(edit)
    row = _bump(by)
    db.session.flush()
    record(
        "catalogue.offence_saved",
        "catalogue offence added" if is_new else "catalogue offence changed",
        object_type="offence",
        data={"code": code, "categories": sorted(names), "version": row.version},
        actor=by,
    )
    return offence


def remove_offence(code, *, by) -> None:
    """Take an offence out of the catalogue in force (a shipped one stays hidden)."""
    code = _clean_code(code)
    if code not in current_catalogue():
        raise ValueError(_l("No offence with this section is in the catalogue."))
    if code in accepted_charges():
        raise ValueError(_l("The program accepts this charge: take it out of the settings first."))
    edit = db.session.scalar(select(OffenceEdit).where(OffenceEdit.code == code))
    shipped = load_shipped_offences().get(code)
    if shipped is None:
        db.session.delete(edit)
    else:
        edit = edit or OffenceEdit(code=code)
        edit.title_fr, edit.title_en = shipped.title_fr, shipped.title_en
        edit.categories = CATEGORY_SEPARATOR.join(sorted(c.value for c in shipped.categories))
        edit.is_removed = True
        edit.updated_at, edit.updated_by_id = utcnow(), by.id if by is not None else None
        db.session.add(edit)
    row = _bump(by)
    db.session.flush()
    record(
        "catalogue.offence_removed",
        "catalogue offence removed",
        object_type="offence",
        data={"code": code, "version": row.version},
        actor=by,
    )


def _whole_number(value, bounds: tuple[int, int], refusal) -> int:
    """A whole number within bounds (both included), or a ValueError saying refusal."""
    low, high = bounds
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise ValueError(refusal)
    return number


def parse_deadline_days(value) -> int:
    """A number of days between 30 and 730, or a refusal."""
    low, high = DEADLINE_RANGE
    return _whole_number(
        value,
        DEADLINE_RANGE,
        _l("Write a number of days from %(low)d to %(high)d.", low=low, high=high),
    )


def parse_fee(value) -> Decimal:
    """An amount of dollars, zero or more, with at most two decimals, or a refusal."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or not 0 <= amount <= MAX_FEE
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise ValueError(_l("Write an amount such as 300.00."))
    return amount.quantize(Decimal("0.01"))


def parse_charges(value) -> tuple[str, ...]:
    """Normalized sections from a comma-separated text (or a list), each in the catalogue."""
    parts = value.split(CHARGE_SEPARATOR) if isinstance(value, str) else list(value or ())
    codes = tuple(dict.fromkeys(normalize_code(part) for part in parts if part.strip()))
    if not codes:
        raise ValueError(_l("Write at least one section, for example 286.1(1)."))
    catalogue = current_catalogue()
    unknown = [code for code in codes if code not in catalogue]
    if unknown:
        raise ValueError(
            _l("Not in the catalogue: %(codes)s. Add it first.", codes=", ".join(unknown))
        )
    if len(CHARGE_SEPARATOR.join(codes)) > 500:
        raise ValueError(_l("Too many sections."))
    return codes


def parse_retention_years(value) -> int:
    """Years identifying fields are kept after a case closes, from 1 to 30, or a refusal."""
    low, high = RETENTION_RANGE
    return _whole_number(
        value,
        RETENTION_RANGE,
        _l("Write a number of years from %(low)d to %(high)d.", low=low, high=high),
    )


def parse_tolerance(value) -> int:
    """Minutes of lateness tolerated, from 0 to 120, or a refusal."""
    low, high = TOLERANCE_RANGE
    return _whole_number(
        value,
        TOLERANCE_RANGE,
        _l("Write a number of minutes from %(low)d to %(high)d.", low=low, high=high),
    )


def parse_research_k(value) -> int:
    """The smallest count the statistics publish, from 2 to 50, or a refusal."""
    low, high = RESEARCH_K_RANGE
    return _whole_number(
        value, RESEARCH_K_RANGE, _l("Write a number from %(low)d to %(high)d.", low=low, high=high)
    )


def parse_research_budget(value) -> int:
    """The tables a researcher may be given per day, from 1 to 100000, or a refusal."""
    low, high = RESEARCH_BUDGET_RANGE
    return _whole_number(
        value,
        RESEARCH_BUDGET_RANGE,
        _l("Write a number from %(low)d to %(high)d.", low=low, high=high),
    )


def parse_alert_days(value) -> int:
    """Days before a deadline the liaison is warned, from 1 to 90, or a refusal."""
    low, high = ALERT_DAYS_RANGE
    return _whole_number(
        value,
        ALERT_DAYS_RANGE,
        _l("Write a number of days from %(low)d to %(high)d.", low=low, high=high),
    )


def update_settings(deadline_days, default_fee, accepted, *, by, **attendance) -> ProgramSettings:
    """Change the deadline, the default fee, the accepted charges and, when given, the late
    tolerance, the retention period, the deadline alerts and the certificate's program name
    and signatory; bump the version."""
    days, fee = parse_deadline_days(deadline_days), parse_fee(default_fee)
    codes = CHARGE_SEPARATOR.join(parse_charges(accepted))
    row = program_settings(lock=True)
    new = {"deadline_days": days, "default_fee": fee, "accepted_charges": codes}
    if attendance.get("late_tolerance_minutes") is not None:
        new["late_tolerance_minutes"] = parse_tolerance(attendance["late_tolerance_minutes"])
    if attendance.get("retention_years") is not None:
        new["retention_years"] = parse_retention_years(attendance["retention_years"])
    if attendance.get("research_k") is not None:
        new["research_k"] = parse_research_k(attendance["research_k"])
    if attendance.get("research_daily_budget") is not None:
        new["research_daily_budget"] = parse_research_budget(attendance["research_daily_budget"])
    if attendance.get("deadline_alert_days") is not None:
        new["deadline_alert_days"] = parse_alert_days(attendance["deadline_alert_days"])
    for name in ("certificate_program_name", "certificate_signatory"):
        if attendance.get(name) is not None:
            new[name] = " ".join(str(attendance[name]).split())[:MAX_TITLE]
    changed = {
        field: {"from": str(getattr(row, field)), "to": str(value)}
        for field, value in new.items()
        if getattr(row, field) != value
    }
    if not changed:
        return row
    for field, value in new.items():
        setattr(row, field, value)
    _bump(by)
    db.session.flush()
    record(
        "settings.updated",
        "program settings changed: " + ", ".join(sorted(changed)),
        object_type="settings",
        object_id=row.id,
        data={"changed": changed, "version": row.version},
        actor=by,
    )
    return row
