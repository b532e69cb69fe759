"""Changes to the professionals who teach: details, disciplines, unavailable days, logins.

A professional is deactivated, never deleted, so that the sessions they taught keep them.
Audit summaries never carry a professional's name.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.services import record
from ..auth.services import find_user_by_email
from ..clock import site_of, site_today
from ..extensions import db
from ..permissions import Role
from .errors import CurriculumError
from .models import DISCIPLINES, Professional, ProfessionalDiscipline, Unavailability
from .services import invalid, new_row_site_problem

DETAIL_FIELDS = ("name", "organization", "email", "phone", "is_anonymous")
LIMITS = {"name": 200, "organization": 200, "email": 254, "phone": 40}


def _clean_details(values: dict, disciplines) -> tuple[dict, list[str]]:
    """Trimmed details and known disciplines, or a refusal naming each bad input."""
    details = {name: (values.get(name) or "").strip() or None for name in DETAIL_FIELDS[:-1]} | {
        "is_anonymous": bool(values.get("is_anonymous"))
    }
    chosen = [name for name in DISCIPLINES if name in set(disciplines or ())]
    problems = {
        name: _l("At most %(max)d characters.", max=limit)
        for name, limit in LIMITS.items()
        if details[name] and len(details[name]) > limit
    }
    if not details["name"]:
        problems["name"] = _l("Write the name.")
    if not chosen:
        problems["disciplines"] = _l("Tick at least one discipline.")
    if problems:
        raise invalid(problems)
    return details, chosen


def _audit(action, summary, professional, by, **data):
    """Write one audit entry about a professional."""
    record(
        action,
        summary,
        object_type="professional",
        object_id=professional.id,
        data=data or None,
        actor=by,
    )


def create_professional(values: dict, disciplines, *, by, site_id=None) -> Professional:
    """Add a professional with their disciplines, to by's site (or site_id, when chosen)."""
    site_id, site_problem = new_row_site_problem(site_id, by)
    try:
        details, chosen = _clean_details(values, disciplines)
    except CurriculumError as error:
        raise invalid(error.fields | site_problem) from None
    if site_problem:
        raise invalid(site_problem)
    professional = Professional(site_id=site_id, **details)
    professional.disciplines = [ProfessionalDiscipline(discipline=name) for name in chosen]
    db.session.add(professional)
    db.session.flush()
    _audit("professional.created", "professional added", professional, by, disciplines=chosen)
    return professional


def update_professional(professional: Professional, values: dict, disciplines, *, by):
    """Change a professional's details, anonymity and disciplines."""
    details, chosen = _clean_details(values, disciplines)
    changed = sorted(name for name in DETAIL_FIELDS if getattr(professional, name) != details[name])
    for name in changed:
        setattr(professional, name, details[name])
    if professional.discipline_names != chosen:
        kept = [row for row in professional.disciplines if row.discipline in chosen]
        have = {row.discipline for row in kept}
        professional.disciplines = kept + [
            ProfessionalDiscipline(discipline=name) for name in chosen if name not in have
        ]
        changed.append("disciplines")
    db.session.flush()
    if changed:
        summary = "professional changed: " + ", ".join(changed)
        _audit("professional.updated", summary, professional, by, disciplines=chosen)
    return professional


def add_unavailable_day(professional: Professional, day: date, *, by) -> Unavailability:
    """Mark a day on which the professional cannot teach."""
    if day < site_today(site_of(professional)):
        raise invalid({"day": _l("Choose a date from today on.")})
    if any(row.day == day for row in professional.unavailable):
        raise invalid({"day": _l("This day is already marked.")})
    row = Unavailability(day=day)
    professional.unavailable.append(row)
    db.session.flush()
    _audit("professional.unavailable", "unavailable day added", professional, by, day=day)
    return row


def remove_unavailable_day(professional: Professional, row_id: int, *, by) -> None:
    """Make a marked day available again."""
    row = next((row for row in professional.unavailable if row.id == row_id), None)
    if row is None:
        raise CurriculumError(_l("This day is not marked."))
    professional.unavailable.remove(row)
    db.session.flush()
    _audit("professional.available", "unavailable day removed", professional, by, day=row.day)


def link_login(professional: Professional, email: str, *, by) -> None:
    """Link the professional to the active session-staff account with this email."""
    user = find_user_by_email(email or "")
    if user is None or user.role != Role.STAFF or not user.is_active:
        raise invalid({"email": _l("No active session-staff account has this email address.")})
    other = db.session.scalar(
        select(Professional.id).where(
            Professional.user_id == user.id, Professional.id != professional.id
        )
    )
    if other is not None:
        raise invalid({"email": _l("This account is linked to another professional.")})
    professional.user_id = user.id
    db.session.flush()
    _audit("professional.login_linked", "login linked", professional, by, user_id=user.id)


def unlink_login(professional: Professional, *, by) -> None:
    """Take the login away from the professional (the account itself stays)."""
    if professional.user_id is None:
        raise CurriculumError(_l("No login is linked."))
    user_id, professional.user_id = professional.user_id, None
    db.session.flush()
    _audit("professional.login_unlinked", "login unlinked", professional, by, user_id=user_id)


def set_professional_active(professional: Professional, active: bool, *, by) -> None:
    """Deactivate a professional (the rotation leaves them out) or make them active again."""
    if professional.is_active == active:
        return
    professional.is_active = active
    db.session.flush()
    action = "professional.reactivated" if active else "professional.deactivated"
    _audit(action, "professional " + action.split(".")[1], professional, by)
