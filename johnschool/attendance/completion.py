"""What an enrollment still lacks before completion: modules, follow-ups, fee, deadline.

Completion = every required module of the curriculum attended (in the participant's own
cohort or in a make-up session), every required individual session attended, the fee
settled, all before the case's deadline. Attended means present, or late by no more
than the program's tolerance; excused does not complete anything. Sessions that start
after the deadline do not count.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, or_, select

from ..clock import program_date, program_today
from ..curriculum.models import Module, Session
from ..enrollment.models import Enrollment, FollowUpRequirement
from ..extensions import db
from ..referrals.fees import balance
from ..referrals.settings import program_settings
from .models import Attendance


@dataclass(frozen=True)
class Missing:
    """One unmet requirement: a module, individual sessions, the fee, or the deadline."""

    kind: str  # "module", "individual", "fee" or "deadline"
    code: str = ""  # the module's code, or the discipline of individual sessions
    count: int = 0  # individual sessions still to attend
    amount: Decimal | None = None  # the balance still to pay
    day: date | None = None  # the deadline that passed

    def to_json(self) -> dict:
        """The requirement as the API shows it."""
        data = {"kind": self.kind}
        if self.code:
            data["code"] = self.code
        if self.count:
            data["count"] = self.count
        if self.amount is not None:
            data["amount"] = f"{self.amount:.2f}"
        if self.day is not None:
            data["day"] = self.day.isoformat()
        return data


@dataclass(frozen=True)
class Attended:
    """A session that counts towards completion, and when it started."""

    session_id: int
    module_id: int | None
    discipline: str
    kind: str
    starts_at: datetime


def attended_sessions(enrollment: Enrollment) -> list[Attended]:
    """The sessions this enrollment attended in a way that counts, up to the deadline."""
    tolerance = program_settings().late_tolerance_minutes
    counts = or_(
        Attendance.status == "present",
        and_(Attendance.status == "late", Attendance.minutes_late <= tolerance),
    )
    rows = db.session.execute(
        select(Session.id, Session.module_id, Session.discipline, Session.kind, Session.starts_at)
        .join(Attendance, Attendance.session_id == Session.id)
        .where(Attendance.enrollment_id == enrollment.id, counts, Session.is_cancelled.is_(False))
        .order_by(Session.starts_at, Session.id)
    )
    deadline = enrollment.case.deadline
    return [Attended(*row) for row in rows if program_date(row.starts_at) <= deadline]


def required_modules() -> list[Module]:
    """The modules every participant must attend: the curriculum's active required ones."""
    query = select(Module).where(Module.is_required.is_(True), Module.is_active.is_(True))
    return list(db.session.scalars(query.order_by(Module.position, Module.id)))


def missing_requirements(enrollment: Enrollment, today: date | None = None) -> list[Missing]:
    """List exactly what the enrollment still lacks; an empty list means complete."""
    attended = attended_sessions(enrollment)
    missing = _missing_modules(attended) + _missing_follow_ups(enrollment, attended)
    owed = balance(enrollment.case)
    if owed > 0:
        missing.append(Missing("fee", amount=owed))
    today = today or program_today()
    if missing and today > enrollment.case.deadline:
        missing.append(Missing("deadline", day=enrollment.case.deadline))
    return missing


def _missing_modules(attended: list[Attended]) -> list[Missing]:
    """The required modules with no session attended."""
    done = {session.module_id for session in attended if session.kind == "group"}
    return [
        Missing("module", code=module.code)
        for module in required_modules()
        if module.id not in done
    ]


def _missing_follow_ups(enrollment: Enrollment, attended: list[Attended]) -> list[Missing]:
    """The individual sessions still owed, by discipline."""
    done = Counter(session.discipline for session in attended if session.kind == "individual")
    requirements = db.session.scalars(
        select(FollowUpRequirement)
        .where(FollowUpRequirement.case_id == enrollment.case_id)
        .order_by(FollowUpRequirement.discipline)
    )
    return [
        Missing("individual", code=row.discipline, count=row.session_count - done[row.discipline])
        for row in requirements
        if done[row.discipline] < row.session_count
    ]


def completion_date(enrollment: Enrollment) -> date | None:
    """The day the last requirement was met, or None while something is missing."""
    if missing_requirements(enrollment):
        return None
    attended = attended_sessions(enrollment)
    return program_date(attended[-1].starts_at) if attended else None
