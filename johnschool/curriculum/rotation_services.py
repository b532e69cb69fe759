"""The rotation over the database: propose, apply, change one session, confirm.

Each function that changes state flushes and writes the audit log; the caller commits.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, time

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..audit.services import record
from ..clock import session_day, site_of, site_today, site_zone
from ..database import utcnow
from ..extensions import db
from .models import Cohort, Professional, Session
from .rotation import LOAD_WINDOW, Booking, Candidate, Proposal, Slot, propose

MANUAL = "manual"
# Warnings about a choice made by hand.
UNQUALIFIED = "unqualified"
UNAVAILABLE = "unavailable"
DOUBLE_BOOKED = "double_booked"
INACTIVE = "inactive"


class RotationError(ValueError):
    """A rotation change the cohort's state does not allow; the message is for people."""


@dataclass(frozen=True)
class ChoiceWarning:
    """A conflict in a choice made by hand: which role, what, and its parameters."""

    role: str
    professional_id: int
    code: str
    params: dict = field(default_factory=dict)

    @property
    def signature(self) -> str:
        """A short text naming this warning, to tell whether the coordinator saw it."""
        return f"{self.role}:{self.professional_id}:{self.code}"


class AssignmentConflict(RotationError):
    """A choice made by hand has conflicts and was not forced."""

    def __init__(self, warnings):
        super().__init__(_("This choice has conflicts: tick “Assign anyway” to keep it."))
        self.warnings = warnings


def _slot(session: Session) -> Slot:
    """The rule's view of a session."""
    return Slot(
        session.id,
        session.discipline,
        session.starts_at,
        session.ends_at,
        session_day(session),
    )


def _candidate(professional: Professional) -> Candidate:
    """The rule's view of a professional."""
    return Candidate(
        professional.id,
        frozenset(professional.discipline_names),
        frozenset(row.day for row in professional.unavailable),
        professional.is_active,
    )


def active_professionals(site_id: int) -> list[Professional]:
    """Active professionals of a site with their disciplines and unavailable days, by name."""
    query = (
        select(Professional)
        .where(Professional.is_active, Professional.site_id == site_id)
        .options(selectinload(Professional.disciplines), selectinload(Professional.unavailable))
        .order_by(Professional.name, Professional.id)
    )
    return list(db.session.scalars(query))


def cohort_sessions(cohort: Cohort) -> list[Session]:
    """The cohort's sessions that take place, in time order, with what the pages show."""
    query = (
        select(Session)
        .where(Session.cohort_id == cohort.id, Session.is_cancelled.is_(False))
        .options(
            selectinload(Session.module),
            selectinload(Session.professional),
            selectinload(Session.backup),
        )
        .order_by(Session.starts_at, Session.id)
    )
    return list(db.session.scalars(query))


def _bookings(sessions: list[Session], cohort_id: int) -> list[Booking]:
    """Main professionals of other sessions that matter: load window, overlaps, last taught."""
    first = min(s.starts_at for s in sessions) - LOAD_WINDOW
    last = max(s.ends_at for s in sessions)
    others = [
        Session.professional_id.is_not(None),
        Session.is_cancelled.is_(False),
        or_(Session.cohort_id.is_(None), Session.cohort_id != cohort_id),
    ]
    rows = db.session.execute(
        select(Session.professional_id, Session.starts_at, Session.ends_at).where(
            *others, Session.starts_at < last, Session.ends_at > first
        )
    )
    bookings = [Booking(*row) for row in rows]
    # Only the latest earlier session counts for "taught longest ago".
    older = db.session.execute(
        select(Session.professional_id, func.max(Session.starts_at))
        .where(*others, Session.ends_at <= first)
        .group_by(Session.professional_id)
    )
    return bookings + [Booking(pid, start, start) for pid, start in older]


def propose_rotation(cohort: Cohort) -> list[Proposal]:
    """Propose a main professional and a backup for each session of the cohort."""
    sessions = cohort_sessions(cohort)
    if not sessions:
        return []
    # Only the cohort's site's professionals teach its sessions.
    candidates = [_candidate(p) for p in active_professionals(cohort.site_id)]
    return propose([_slot(s) for s in sessions], candidates, _bookings(sessions, cohort.id))


def _note(main: dict, backup: dict) -> str:
    """The JSON explanation stored on a session."""
    return json.dumps({"main": main, "backup": backup}, sort_keys=True)


def _require_planned(cohort: Cohort) -> None:
    """Refuse a change of the whole rotation once the cohort is no longer planned."""
    if cohort.status != "planned":
        raise RotationError(
            _("The rotation of this cohort is confirmed: change its sessions one by one.")
        )


def apply_rotation(cohort: Cohort, proposals: list[Proposal], *, by) -> None:
    """Store the proposed professionals, backups and explanations on the cohort's sessions."""
    _require_planned(cohort)
    sessions = {s.id: s for s in cohort_sessions(cohort)}
    for proposal in proposals:
        session = sessions[proposal.session_id]
        session.professional_id = proposal.main.professional_id
        session.backup_id = proposal.backup.professional_id
        session.rotation_note = _note(
            {"code": proposal.main.code, "params": proposal.main.params},
            {"code": proposal.backup.code, "params": proposal.backup.params},
        )
    db.session.flush()
    flagged = sum(1 for p in proposals if p.is_flagged)
    record(
        "rotation.propose",
        "Rotation proposed for a cohort",
        object_type="cohort",
        object_id=cohort.id,
        data={"sessions": len(proposals), "flagged": flagged},
        actor=by,
    )


def _overlapping_mains(session: Session, professional_id: int) -> list[Session]:
    """Other sessions taking place at the same time of which professional_id is main."""
    query = select(Session).where(
        Session.professional_id == professional_id,
        Session.id != session.id,
        Session.is_cancelled.is_(False),
        Session.starts_at < session.ends_at,
        Session.ends_at > session.starts_at,
    )
    return list(db.session.scalars(query.order_by(Session.starts_at, Session.id)))


def choice_warnings(session: Session, professional: Professional | None, role: str) -> list:
    """What is wrong with professional teaching (or backing up) session."""
    if professional is None:
        return []
    warnings = []
    if not professional.is_active:
        warnings.append(ChoiceWarning(role, professional.id, INACTIVE))
    if session.discipline not in professional.discipline_names:
        warnings.append(ChoiceWarning(role, professional.id, UNQUALIFIED))
    if session_day(session) in {row.day for row in professional.unavailable}:
        warnings.append(ChoiceWarning(role, professional.id, UNAVAILABLE))
    for other in _overlapping_mains(session, professional.id):
        params = {"session_id": other.id, "starts_at": other.starts_at.isoformat()}
        warnings.append(ChoiceWarning(role, professional.id, DOUBLE_BOOKED, params))
    return warnings


def assign_session(session: Session, professional, backup, *, by, force=False) -> list:
    """Set a session's professional and backup by hand; conflicts need force.

    Returns the warnings that were overridden; raises AssignmentConflict when
    there are some and force is false, RotationError when the backup is the main.
    """
    if professional is not None and backup is not None and professional.id == backup.id:
        raise RotationError(_("The backup must be someone other than the main professional."))
    if any(p is not None and p.site_id != session.site_id for p in (professional, backup)):
        raise RotationError(_("Choose professionals of the session's site."))
    warnings = choice_warnings(session, professional, "main")
    warnings += choice_warnings(session, backup, "backup")
    if warnings and not force:
        raise AssignmentConflict(warnings)
    session.professional_id = professional.id if professional else None
    session.backup_id = backup.id if backup else None
    codes = {role: [w.code for w in warnings if w.role == role] for role in ("main", "backup")}
    session.rotation_note = _note(
        {"code": MANUAL, "params": {"warnings": codes["main"]}},
        {"code": MANUAL, "params": {"warnings": codes["backup"]}},
    )
    db.session.flush()
    record(
        "session.assign",
        "Professionals of a session changed by hand",
        object_type="session",
        object_id=session.id,
        data={**_ids(session), "forced": bool(warnings), "warnings": codes},
        actor=by,
    )
    return warnings


def _ids(session: Session) -> dict:
    """The professional and backup ids of a session, for the audit log."""
    return {"professional_id": session.professional_id, "backup_id": session.backup_id}


def confirm_rotation(cohort: Cohort, *, by) -> None:
    """Confirm the cohort's rotation; refused while a session has no professional."""
    _require_planned(cohort)
    sessions = cohort_sessions(cohort)
    if not sessions:
        raise RotationError(_("This cohort has no session to confirm."))
    missing = sum(1 for s in sessions if s.professional_id is None)
    if missing:
        raise RotationError(
            ngettext(
                "The rotation cannot be confirmed: %(num)d session has no professional.",
                "The rotation cannot be confirmed: %(num)d sessions have no professional.",
                missing,
            )
        )
    cohort.status = "confirmed"
    cohort.rotation_confirmed_at = utcnow()
    cohort.rotation_confirmed_by_id = by.id
    db.session.flush()
    record(
        "rotation.confirm",
        "Rotation of a cohort confirmed",
        object_type="cohort",
        object_id=cohort.id,
        data={"sessions": len(sessions)},
        actor=by,
    )


def linked_professional(user) -> Professional | None:
    """The professional whose login is user's account, if any."""
    return db.session.scalar(select(Professional).where(Professional.user_id == user.id))


def upcoming_assignments(professional: Professional):
    """A query of the sessions from today on that professional teaches or backs up."""
    # From the start of today on the professional's site's clock.
    site = site_of(professional)
    today = datetime.combine(site_today(site), time.min, tzinfo=site_zone(site))
    return (
        select(Session)
        .where(
            or_(Session.professional_id == professional.id, Session.backup_id == professional.id),
            Session.is_cancelled.is_(False),
            Session.starts_at >= today,
        )
        .options(selectinload(Session.module), selectinload(Session.cohort))
        .order_by(Session.starts_at, Session.id)
    )
