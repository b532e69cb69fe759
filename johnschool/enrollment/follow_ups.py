"""Individual follow-ups: how many sessions of a discipline a case needs, and their scheduling.

Scheduling checks the professional like the rotation does (discipline, unavailable
days, overlapping sessions) but only warns: the liaison may schedule anyway.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from ..audit.services import record
from ..clock import site_date
from ..curriculum.models import DISCIPLINES, Professional, Session, Unavailability
from ..extensions import db
from ..referrals.errors import CaseStateError
from ..referrals.models import Case
from .models import FollowUpRequirement

FOLLOW_UP_STATES = frozenset({"admitted", "enrolled", "waitlisted"})
MAX_SESSIONS = 20
# Warnings, in the order the page lists them.
WARNINGS = ("missing_discipline", "unavailable", "overlapping_session", "more_than_required")


@dataclass
class Scheduling:
    """What scheduling did: the new session (None when held back by warnings), and warnings."""

    session: Session | None
    warnings: list[str] = field(default_factory=list)


def _lock_case_for_follow_up(case: Case) -> None:
    """Lock the case's row and refuse unless it is admitted, enrolled or waitlisted."""
    db.session.refresh(case, ["state"], with_for_update=True)
    if case.state not in FOLLOW_UP_STATES:
        raise CaseStateError(_l("Follow-ups are set for an admitted, enrolled or waitlisted case."))


def requirements(case_id: int) -> list[FollowUpRequirement]:
    """The case's follow-up requirements, by discipline."""
    return list(
        db.session.scalars(
            select(FollowUpRequirement)
            .where(FollowUpRequirement.case_id == case_id)
            .order_by(FollowUpRequirement.discipline)
        )
    )


def individual_sessions(case_id: int) -> list[Session]:
    """The case's individual sessions, in time order, with their professionals."""
    return list(
        db.session.scalars(
            select(Session)
            .options(selectinload(Session.professional))
            .where(Session.case_id == case_id, Session.kind == "individual")
            .order_by(Session.starts_at, Session.id)
        )
    )


def set_follow_up_requirement(case: Case, discipline: str, count: int, *, by):
    """Require count individual sessions of a discipline for a case; 0 removes the need."""
    if discipline not in DISCIPLINES:
        raise ValueError(_l("Choose a discipline."))
    if not 0 <= count <= MAX_SESSIONS:
        raise ValueError(_l("Between 0 and 20 sessions."))
    _lock_case_for_follow_up(case)
    row = db.session.scalars(
        select(FollowUpRequirement).filter_by(case_id=case.id, discipline=discipline)
    ).first()
    if count == 0 and row is not None:
        db.session.delete(row)
    elif count:
        row = row or FollowUpRequirement(case_id=case.id, discipline=discipline)
        row.session_count, row.set_by_id = count, by.id
        db.session.add(row)
    db.session.flush()
    record(
        "follow_up.required",
        f"follow-up requirement set: {count} {discipline}",
        object_type="case",
        object_id=case.id,
        data={"discipline": discipline, "count": count},
        actor=by,
    )
    return row if count else None


def scheduling_warnings(case, professional, discipline, starts_at, ends_at) -> list[str]:
    """What is wrong with this professional at this time, as warning codes."""
    warnings = []
    if discipline not in professional.discipline_names:
        warnings.append("missing_discipline")
    if _is_unavailable(professional.id, site_date(starts_at, case.site)):
        warnings.append("unavailable")
    if _is_booked(professional.id, starts_at, ends_at):
        warnings.append("overlapping_session")
    if _scheduled_count(case.id, discipline) >= _required_count(case.id, discipline):
        warnings.append("more_than_required")
    return warnings


def _is_unavailable(professional_id: int, day: date) -> bool:
    """Tell whether the professional is unavailable on the session's day (its site's)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Unavailability.professional_id == professional_id,
                    Unavailability.day == day,
                )
            )
        )
    )


def _is_booked(professional_id: int, starts_at: datetime, ends_at: datetime) -> bool:
    """Tell whether the professional teaches a session overlapping these times."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Session.professional_id == professional_id,
                    Session.is_cancelled.is_(False),
                    Session.starts_at < ends_at,
                    Session.ends_at > starts_at,
                )
            )
        )
    )


def _scheduled_count(case_id: int, discipline: str) -> int:
    """How many individual sessions of a discipline the case already has."""
    return db.session.scalar(
        select(func.count(Session.id)).where(
            Session.case_id == case_id,
            Session.discipline == discipline,
            Session.is_cancelled.is_(False),
        )
    )


def _required_count(case_id: int, discipline: str) -> int:
    """How many individual sessions of a discipline the case needs (0 when none)."""
    count = db.session.scalar(
        select(FollowUpRequirement.session_count).filter_by(case_id=case_id, discipline=discipline)
    )
    return count or 0


def schedule_individual_session(
    case: Case,
    professional: Professional,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    *,
    by,
    discipline: str | None = None,
    force: bool = False,
) -> Scheduling:
    """Schedule an individual session of a required discipline; warnings hold it unless forced."""
    _lock_case_for_follow_up(case)
    discipline = discipline or _only_required_discipline(case.id)
    if _required_count(case.id, discipline) == 0:
        raise ValueError(_l("Set the follow-up requirement of this discipline first."))
    if ends_at <= starts_at:
        raise ValueError(_l("The session must end after it starts."))
    if not (place or "").strip():
        raise ValueError(_l("Give the place."))
    if professional.site_id != case.site_id:
        raise ValueError(_l("Choose a professional of the case's site."))
    warnings = scheduling_warnings(case, professional, discipline, starts_at, ends_at)
    if warnings and not force:
        return Scheduling(None, warnings)
    session = Session(
        kind="individual",
        case_id=case.id,
        site_id=case.site_id,
        discipline=discipline,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        professional_id=professional.id,
    )
    db.session.add(session)
    db.session.flush()
    record(
        "follow_up.scheduled",
        "individual session scheduled",
        object_type="case",
        object_id=case.id,
        data={"session_id": session.id, "discipline": discipline, "warnings": warnings},
        actor=by,
    )
    return Scheduling(session, warnings)


def _only_required_discipline(case_id: int) -> str:
    """The case's one required discipline, when no discipline is given."""
    rows = requirements(case_id)
    if len(rows) != 1:
        raise ValueError(_l("Choose a discipline."))
    return rows[0].discipline
