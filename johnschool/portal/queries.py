"""What a participant sees: their sessions, progress by module, deadline and balance.

Every function runs a fixed number of queries, however many sessions there are.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select, union
from sqlalchemy.orm import joinedload

from ..attendance.completion import counting_attendance
from ..attendance.models import Attendance, MakeUpBooking
from ..auth.models import User
from ..certificates.models import Certificate
from ..certificates.queries import certificates_of_client
from ..curriculum.models import Module, Session
from ..database import utcnow
from ..enrollment.models import SEATED_STATUSES, Enrollment
from ..extensions import db
from ..i18n import N_, TranslatedLabels
from ..referrals.fees import balance
from ..referrals.models import Case, Client
from ..templating import DISCIPLINE_LABELS
from .services import participant_client_and_case

PROGRESS_LABELS = TranslatedLabels(
    {"scheduled": N_("Scheduled"), "attended": N_("Attended"), "missing": N_("Not scheduled yet")}
)
ENROLLMENT_LABELS = TranslatedLabels(
    {
        "enrolled": N_("Registered"),
        "waitlisted": N_("On the waiting list"),
        "withdrawn": N_("Withdrawn"),
        "ended": N_("Ended"),
    }
)


@dataclass
class ModuleProgress:
    """One required module and where the participant stands with it."""

    module: Module
    status: str  # scheduled, attended or missing
    session: Session | None = None


@dataclass
class Schedule:
    """Everything the participant's home page and the schedule API show."""

    client: Client | None = None
    case: Case | None = None
    enrollments: list[Enrollment] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    progress: list[ModuleProgress] = field(default_factory=list)
    balance: Decimal | None = None
    certificates: list[Certificate] = field(default_factory=list)

    @property
    def upcoming(self) -> list[Session]:
        """Sessions not yet over and not cancelled, soonest first."""
        now = utcnow()
        return [s for s in self.sessions if s.ends_at >= now and not s.is_cancelled]


def case_enrollments(case: Case) -> list[Enrollment]:
    """The case's enrollments with their cohorts, oldest first."""
    return list(
        db.session.scalars(
            select(Enrollment)
            .options(joinedload(Enrollment.cohort))
            .where(Enrollment.case_id == case.id)
            .order_by(Enrollment.id)
        )
    )


def case_sessions(case: Case, enrollments: list[Enrollment]) -> list[Session]:
    """Sessions of the cohorts the case has a seat in, its make-ups and individual sessions.

    One IN over a UNION of three indexed lookups: an OR of them would make the database
    scan every session of the province.
    """
    seated = [e for e in enrollments if e.status in SEATED_STATUSES]
    cohort_ids = [e.cohort_id for e in seated]
    make_ups = select(MakeUpBooking.session_id).where(
        MakeUpBooking.enrollment_id.in_([e.id for e in seated]),
        MakeUpBooking.cancelled_at.is_(None),
    )
    ids = union(
        select(Session.id).where(Session.cohort_id.in_(cohort_ids)),
        make_ups,
        select(Session.id).where(Session.kind == "individual", Session.case_id == case.id),
    )
    return list(
        db.session.scalars(
            select(Session)
            .options(joinedload(Session.module), joinedload(Session.professional))
            .where(Session.id.in_(ids))
            .order_by(Session.starts_at, Session.id)
        )
    )


def attended_module_ids(case: Case, enrollments: list[Enrollment] | None = None) -> set[int]:
    """Modules the case attended in a way that counts (own cohort or make-up), in one query."""
    if enrollments is None:
        enrollments = case_enrollments(case)
    seated = [e.id for e in enrollments if e.status in SEATED_STATUSES]
    if not seated:
        return set()
    query = (
        select(Session.module_id)
        .join(Attendance, Attendance.session_id == Session.id)
        .where(Attendance.enrollment_id.in_(seated), counting_attendance())
        .where(Session.is_cancelled.is_(False), Session.module_id.is_not(None))
        .distinct()
    )
    return set(db.session.scalars(query))


def module_progress(
    case: Case, sessions: list[Session] | None = None, enrollments: list[Enrollment] | None = None
) -> list[ModuleProgress]:
    """Each required module: attended, scheduled (with its session) or missing."""
    if enrollments is None:
        enrollments = case_enrollments(case)
    if sessions is None:
        sessions = case_sessions(case, enrollments)
    modules = db.session.scalars(
        select(Module)
        .where(Module.is_required.is_(True), Module.is_active.is_(True))
        .order_by(Module.position, Module.id)
    )
    attended = attended_module_ids(case, enrollments)
    scheduled = {}
    for session in sessions:
        if session.module_id is not None and not session.is_cancelled:
            scheduled.setdefault(session.module_id, session)
    return [_progress_of(module, attended, scheduled.get(module.id)) for module in modules]


def _progress_of(module: Module, attended: set[int], session: Session | None) -> ModuleProgress:
    """Where the participant stands with one module."""
    if module.id in attended:
        return ModuleProgress(module, "attended", session)
    return ModuleProgress(module, "scheduled" if session else "missing", session)


def participant_schedule(user: User) -> Schedule:
    """Gather the participant's own schedule, progress, deadline and balance."""
    client, case = participant_client_and_case(user)
    if case is None:
        return Schedule(client=client)
    enrollments = case_enrollments(case)
    sessions = case_sessions(case, enrollments)
    return Schedule(
        client=client,
        case=case,
        enrollments=enrollments,
        sessions=sessions,
        progress=module_progress(case, sessions, enrollments),
        balance=balance(case),
        certificates=certificates_of_client(client.id),
    )


def speaker_name(session: Session) -> str | None:
    """The professional's name as participants may see it: never an anonymous speaker's."""
    professional = session.professional
    if professional is None or professional.is_anonymous:
        return None
    return professional.name


def session_title(session: Session, language: str) -> str:
    """The module's title in language, or the discipline for an individual session."""
    if session.module is not None:
        return session.module.title(language)
    return DISCIPLINE_LABELS[session.discipline]
