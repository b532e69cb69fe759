"""Read-side queries of the enrollment pages: the case page's section and a cohort's list."""

from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import contains_eager

from ..curriculum.models import Cohort, Professional
from ..extensions import db
from ..i18n import N_, TranslatedLabels
from ..referrals.models import Case
from .follow_ups import FOLLOW_UP_STATES, individual_sessions, requirements
from .models import Enrollment
from .services import ACTIVE_STATUSES, open_cohorts, seats_taken

ENROLLMENTS_PER_PAGE = 50

ENROLLMENT_STATUS_LABELS = TranslatedLabels(
    {
        "enrolled": N_("Enrolled"),
        "waitlisted": N_("Waitlisted"),
        "withdrawn": N_("Withdrawn"),
        "ended": N_("Ended"),
    }
)
WARNING_LABELS = TranslatedLabels(
    {
        "missing_discipline": N_("The professional does not teach this discipline."),
        "unavailable": N_("The professional is unavailable that day."),
        "overlapping_session": N_("The professional is booked in an overlapping session."),
        "more_than_required": N_("The case already has all the sessions it needs."),
    }
)


@dataclass(frozen=True)
class OpenCohort:
    """A cohort a case may join, with its free seats."""

    cohort: Cohort
    seats_left: int


@dataclass
class CasePanel:
    """What the case page shows about enrollment and follow-ups."""

    enrollment: Enrollment | None
    waitlist_position: int | None
    open_cohorts: list[OpenCohort] = field(default_factory=list)
    requirements: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    can_enroll: bool = False
    can_withdraw: bool = False
    can_follow_up: bool = False


def active_enrollment(case_id: int) -> Enrollment | None:
    """The case's enrollment holding a seat or a waitlist place, with its cohort."""
    return db.session.scalars(
        select(Enrollment)
        .join(Enrollment.cohort)
        .options(contains_eager(Enrollment.cohort))
        .where(Enrollment.case_id == case_id, Enrollment.status.in_(ACTIVE_STATUSES))
        .order_by(Enrollment.id.desc())
        .limit(1)
    ).first()


def waitlist_position(enrollment: Enrollment) -> int:
    """Where a waitlisted enrollment stands: 1 for the head of the waitlist."""
    ahead = or_(
        Enrollment.requested_at < enrollment.requested_at,
        and_(Enrollment.requested_at == enrollment.requested_at, Enrollment.id < enrollment.id),
    )
    return 1 + db.session.scalar(
        select(func.count(Enrollment.id)).where(
            Enrollment.cohort_id == enrollment.cohort_id, Enrollment.status == "waitlisted", ahead
        )
    )


def cohorts_with_seats(language: str, site_id: int) -> list[OpenCohort]:
    """The open cohorts of a site and a language with their free seats, in two queries."""
    cohorts = open_cohorts(language, site_id)
    taken = seats_taken(cohort.id for cohort in cohorts)
    return [OpenCohort(c, max(c.capacity - taken[c.id], 0)) for c in cohorts]


def case_panel(case: Case) -> CasePanel:
    """Gather the enrollment section of a case page in a fixed number of queries."""
    enrollment = active_enrollment(case.id)
    is_waitlisted = enrollment is not None and enrollment.status == "waitlisted"
    panel = CasePanel(
        enrollment=enrollment,
        waitlist_position=waitlist_position(enrollment) if is_waitlisted else None,
        requirements=requirements(case.id),
        sessions=individual_sessions(case.id),
        can_enroll=case.state == "admitted",
        can_withdraw=enrollment is not None and case.state in ACTIVE_STATUSES,
        can_follow_up=case.state in FOLLOW_UP_STATES,
    )
    if panel.can_enroll:
        panel.open_cohorts = cohorts_with_seats(case.client.language, case.site_id)
    return panel


def cohort_enrollments_page(cohort: Cohort, page: int):
    """One page of a cohort's seats then waitlist, each in order, with names."""
    order = sql_case((Enrollment.status == "enrolled", 0), else_=1)
    query = (
        select(Enrollment)
        .join(Enrollment.case)
        .join(Case.client)
        .options(contains_eager(Enrollment.case).contains_eager(Case.client))
        .where(Enrollment.cohort_id == cohort.id, Enrollment.status.in_(ACTIVE_STATUSES))
        .order_by(order, Enrollment.requested_at, Enrollment.id)
    )
    return db.paginate(query, page=page, per_page=ENROLLMENTS_PER_PAGE, error_out=False)


def active_professionals(site_id: int) -> list[Professional]:
    """The professionals of a site who may be chosen, by name."""
    return list(
        db.session.scalars(
            select(Professional)
            .where(Professional.is_active.is_(True), Professional.site_id == site_id)
            .order_by(Professional.name)
        )
    )
