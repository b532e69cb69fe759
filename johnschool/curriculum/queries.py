"""Read-side queries of the curriculum pages and the cohort API, and their labels."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..enrollment.services import seats_taken
from ..extensions import db
from ..i18n import N_, TranslatedLabels
from .access import cohort_criterion, professional_criterion
from .models import Cohort, Module, Professional, Session

PER_PAGE = 25

STATUS_LABELS = TranslatedLabels(
    {
        "planned": N_("Planned"),
        "confirmed": N_("Confirmed"),
        "completed": N_("Completed"),
        "cancelled": N_("Cancelled"),
    }
)
FORMAT_LABELS = TranslatedLabels({"one_day": N_("One day"), "weekly": N_("Weekly")})


def cohort_page(page: int = 1, per_page: int = PER_PAGE):
    """One page of the cohorts the current user reaches, latest start first, with .seats."""
    query = (
        select(Cohort).where(cohort_criterion()).order_by(Cohort.starts_on.desc(), Cohort.id.desc())
    )
    pagination = db.paginate(query, page=max(page, 1), per_page=per_page, error_out=False)
    pagination.seats = seats_taken(cohort.id for cohort in pagination.items)
    return pagination


def cohort_with_sessions(cohort_id: int) -> Cohort | None:
    """A cohort the current user reaches, with its sessions, modules and professionals."""
    query = (
        select(Cohort)
        .where(Cohort.id == cohort_id, cohort_criterion())
        .options(
            selectinload(Cohort.sessions).options(
                selectinload(Session.module),
                selectinload(Session.professional),
                selectinload(Session.backup),
            )
        )
    )
    return db.session.scalar(query)


def module_page(page: int = 1):
    """One page of the modules in curriculum order, inactive ones last."""
    query = select(Module).order_by(Module.is_active.desc(), Module.position, Module.id)
    return db.paginate(query, page=max(page, 1), per_page=PER_PAGE * 2, error_out=False)


def professional_page(page: int = 1, *, include_inactive: bool = False):
    """One page of the professionals the current user reaches, by name, with .logins."""
    query = (
        select(Professional)
        .where(professional_criterion())
        .options(selectinload(Professional.disciplines))
        .order_by(func.lower(Professional.name), Professional.id)
    )
    if not include_inactive:
        query = query.where(Professional.is_active)
    pagination = db.paginate(query, page=max(page, 1), per_page=PER_PAGE, error_out=False)
    pagination.logins = logins_of(pagination.items)
    return pagination


def logins_of(professionals) -> dict[int, User]:
    """The linked accounts of professionals, by account id, in one query."""
    ids = {professional.user_id for professional in professionals if professional.user_id}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def professional_with_details(professional_id: int) -> Professional | None:
    """A professional the current user reaches, with disciplines and unavailable days."""
    query = (
        select(Professional)
        .where(Professional.id == professional_id, professional_criterion())
        .options(selectinload(Professional.disciplines), selectinload(Professional.unavailable))
    )
    return db.session.scalar(query)
