"""What an enrollment still lacks before completion: modules, follow-ups, fee, deadline.

Completion = every required module of the curriculum attended (in the participant's own
cohort or in a make-up session), every required individual session attended, the fee
settled, all before the case's deadline. Attended means present, or late by no more
than the program's tolerance; excused does not complete anything. Sessions that start
after the deadline, and payments dated after it, do not count.

Everything is computed for many enrollments at once in a fixed number of queries, so
that a roll call of sixty people or a case page costs the same as one.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, func, or_, select

from ..clock import program_date, program_today
from ..curriculum.models import Module, Session
from ..enrollment.models import Enrollment, FollowUpRequirement
from ..extensions import db
from ..referrals.models import Case, Fee, Payment
from ..referrals.settings import program_settings
from .models import Attendance

CENT = Decimal("0.01")


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


@dataclass(frozen=True)
class Standing:
    """What completion looks at for one enrollment: its case's deadline, fee and payments."""

    enrollment_id: int
    case_id: int
    deadline: date
    fee: Decimal | None  # None: no fee assessed, or waived
    paid: Decimal  # paid by the deadline
    last_paid_on: date | None


def counting_attendance():
    """SQL condition on Attendance: present, or late within the tolerance."""
    tolerance = program_settings().late_tolerance_minutes
    return or_(
        Attendance.status == "present",
        and_(Attendance.status == "late", Attendance.minutes_late <= tolerance),
    )


def _attended_by_enrollment(standings: dict[int, Standing]) -> dict[int, list[Attended]]:
    """The sessions each enrollment attended in a way that counts, up to its deadline."""
    rows = db.session.execute(
        select(
            Attendance.enrollment_id,
            Session.id,
            Session.module_id,
            Session.discipline,
            Session.kind,
            Session.starts_at,
        )
        .join(Attendance, Attendance.session_id == Session.id)
        .where(
            Attendance.enrollment_id.in_(standings),
            counting_attendance(),
            Session.is_cancelled.is_(False),
        )
        .order_by(Session.starts_at, Session.id)
    )
    attended = defaultdict(list)
    for enrollment_id, *session in rows:
        if program_date(session[-1]) <= standings[enrollment_id].deadline:
            attended[enrollment_id].append(Attended(*session))
    return attended


def _standings(enrollment_ids: list[int]) -> dict[int, Standing]:
    """The deadline, fee and payments by the deadline of each enrollment's case."""
    paid = (
        select(
            Payment.case_id,
            func.coalesce(func.sum(Payment.amount), 0).label("paid"),
            func.max(Payment.paid_on).label("last_paid_on"),
        )
        .join(Case, Case.id == Payment.case_id)
        .where(Payment.paid_on <= Case.deadline)
        .group_by(Payment.case_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Enrollment.id,
            Case.id,
            Case.deadline,
            Fee.amount,
            Fee.is_waived,
            paid.c.paid,
            paid.c.last_paid_on,
        )  # fmt: skip
        .join(Case, Case.id == Enrollment.case_id)
        .outerjoin(Fee, Fee.case_id == Case.id)
        .outerjoin(paid, paid.c.case_id == Case.id)
        .where(Enrollment.id.in_(enrollment_ids))
    )
    return {
        row[0]: Standing(
            row[0],
            row[1],
            row[2],
            None if row[3] is None or row[4] else Decimal(str(row[3])),
            Decimal(str(row[5] or 0)),
            row[6],
        )
        for row in rows
    }


def required_modules() -> list[Module]:
    """The modules every participant must attend: the curriculum's active required ones."""
    query = select(Module).where(Module.is_required.is_(True), Module.is_active.is_(True))
    return list(db.session.scalars(query.order_by(Module.position, Module.id)))


def _follow_ups(case_ids: Iterable[int]) -> dict[int, list[FollowUpRequirement]]:
    """The individual-session requirements of each case, by discipline."""
    rows = db.session.scalars(
        select(FollowUpRequirement)
        .where(FollowUpRequirement.case_id.in_(set(case_ids)))
        .order_by(FollowUpRequirement.discipline)
    )
    found = defaultdict(list)
    for row in rows:
        found[row.case_id].append(row)
    return found


@dataclass(frozen=True)
class Progress:
    """Everything completion knows about one enrollment."""

    standing: Standing
    attended: list[Attended]
    modules: list[Module]
    follow_ups: list[FollowUpRequirement]

    def missing(self, today: date) -> list[Missing]:
        """List what is still missing on day today."""
        missing = self.missing_modules() + self.missing_follow_ups()
        balance = self.balance()
        if balance > 0:
            missing.append(Missing("fee", amount=balance))
        if missing and today > self.standing.deadline:
            missing.append(Missing("deadline", day=self.standing.deadline))
        return missing

    def missing_modules(self) -> list[Missing]:
        """The required modules with no group session attended."""
        done = {session.module_id for session in self.attended if session.kind == "group"}
        return [Missing("module", code=m.code) for m in self.modules if m.id not in done]

    def missing_follow_ups(self) -> list[Missing]:
        """The individual sessions still owed, by discipline."""
        done = self._individual_counts()
        return [
            Missing(
                "individual", code=row.discipline, count=row.session_count - done[row.discipline]
            )
            for row in self.follow_ups
            if done[row.discipline] < row.session_count
        ]

    def _individual_counts(self) -> Counter:
        """How many individual sessions were attended, by discipline."""
        return Counter(s.discipline for s in self.attended if s.kind == "individual")

    def balance(self) -> Decimal:
        """What remains to pay, counting only payments made by the deadline."""
        if self.standing.fee is None:
            return Decimal("0.00")
        return max(self.standing.fee - self.standing.paid, Decimal("0")).quantize(CENT)

    def met_on(self) -> date | None:
        """The day the last requirement was met: a module, the Nth follow-up, the last payment."""
        days = [program_date(self._first_of_module(m.id).starts_at) for m in self.modules]
        for row in self.follow_ups:
            sessions = [s for s in self.attended if s.kind == "individual"]
            nth = [s for s in sessions if s.discipline == row.discipline][row.session_count - 1]
            days.append(program_date(nth.starts_at))
        if self.standing.fee and self.standing.last_paid_on:
            days.append(self.standing.last_paid_on)
        return max(days, default=None)

    def _first_of_module(self, module_id: int) -> Attended:
        """The first group session of a module attended."""
        return next(s for s in self.attended if s.kind == "group" and s.module_id == module_id)


def progress_of(enrollments: Iterable[Enrollment]) -> dict[int, Progress]:
    """The progress of each enrollment, keyed by its id, in a fixed number of queries."""
    ids = [enrollment.id for enrollment in enrollments]
    if not ids:
        return {}
    standings = _standings(ids)
    attended = _attended_by_enrollment(standings)
    modules = required_modules()
    follow_ups = _follow_ups(standing.case_id for standing in standings.values())
    return {
        enrollment_id: Progress(
            standing, attended.get(enrollment_id, []), modules, follow_ups.get(standing.case_id, [])
        )
        for enrollment_id, standing in standings.items()
    }


def missing_for(enrollments: Iterable[Enrollment], today: date | None = None) -> dict:
    """What each enrollment still lacks, keyed by its id; an empty list means complete."""
    today = today or program_today()
    return {key: progress.missing(today) for key, progress in progress_of(enrollments).items()}


def attended_sessions(enrollment: Enrollment) -> list[Attended]:
    """The sessions this enrollment attended in a way that counts, up to the deadline."""
    progress = progress_of([enrollment]).get(enrollment.id)
    return progress.attended if progress else []


def missing_requirements(enrollment: Enrollment, today: date | None = None) -> list[Missing]:
    """List exactly what the enrollment still lacks; an empty list means complete."""
    return missing_for([enrollment], today).get(enrollment.id, [])


def completion_date(enrollment: Enrollment) -> date | None:
    """The day the last requirement was met, or None while something is missing."""
    progress = progress_of([enrollment]).get(enrollment.id)
    if progress is None or progress.missing(program_today()):
        return None
    return progress.met_on()
