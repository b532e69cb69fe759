"""The coordinator's dashboard: one query per section, whatever the size of the program.

Each section is a count and its first few rows. The count rides along with the rows as a
window (``COUNT(*) OVER ()``, computed before the LIMIT), so a section costs one query.
Every section holds only what the signed-in coordinator reaches: their site's, or every
site's for a province-wide admin.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Select, and_, case, exists, func, or_, select

from ..clock import program_zone
from ..curriculum.access import cohort_criterion, session_criterion
from ..curriculum.models import Cohort, Module, Session
from ..enrollment.models import SEATED_STATUSES, Enrollment
from ..extensions import db
from ..referrals.access import case_criterion
from ..referrals.models import Case, Client, Fee, Payment
from ..research.follow_ups import CLOSED_STATES, due_condition
from ..sites.models import Site

SHOWN = 5
# The cases waiting for the liaison or the coordinator, before the prosecutor admits them.
WAITING_STATES = ("received", "needs_review", "eligible", "consented")


@dataclass(frozen=True)
class Section:
    """A count and the first rows of a dashboard section."""

    total: int
    rows: list


@dataclass(frozen=True)
class Dashboard:
    """Every section of the coordinator's dashboard."""

    cohorts: Section
    sessions: Section
    waiting: Section
    waiting_by_state: dict[str, int]
    balances: Section
    follow_ups: Section


def _section(query: Select) -> Section:
    """Run a section's query, with its total as a window, cut to the first rows."""
    counted = query.add_columns(func.count().over().label("total")).limit(SHOWN)
    rows = list(db.session.execute(counted))
    return Section(rows[0].total if rows else 0, rows)


def _start_of(day: date) -> datetime:
    """The moment day begins in the program's time zone."""
    return datetime.combine(day, time(), program_zone())


def upcoming_cohorts(today: date, user) -> Section:
    """The cohorts starting from today, with seats taken and waitlist length."""
    seated = func.sum(case((Enrollment.status.in_(SEATED_STATUSES), 1), else_=0))
    waiting = func.sum(case((Enrollment.status == "waitlisted", 1), else_=0))
    query = (
        select(
            Cohort.id,
            Cohort.code,
            Cohort.starts_on,
            Cohort.capacity,
            func.coalesce(seated, 0).label("seats"),
            func.coalesce(waiting, 0).label("waitlist"),
        )
        .outerjoin(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(
            Cohort.starts_on >= today,
            Cohort.status.in_(("planned", "confirmed")),
            cohort_criterion(user),
        )
        .group_by(Cohort.id, Cohort.code, Cohort.starts_on, Cohort.capacity)
        .order_by(Cohort.starts_on, Cohort.id)
    )
    return _section(query)


def unconfirmed_sessions(today: date, user) -> Section:
    """The coming sessions with nobody assigned, or in a cohort whose rotation is unconfirmed."""
    query = (
        select(
            Session.id,
            Session.kind,
            Session.starts_at,
            Session.cohort_id,
            Session.case_id,
            Session.professional_id,
            Cohort.code.label("cohort_code"),
            Module.code.label("module_code"),
            Site.time_zone.label("time_zone"),  # each session is shown on its site's clock
        )
        .join(Site, Site.id == Session.site_id)
        .outerjoin(Cohort, Cohort.id == Session.cohort_id)
        .outerjoin(Module, Module.id == Session.module_id)
        .where(
            Session.is_cancelled.is_(False),
            Session.starts_at >= _start_of(today),
            session_criterion(user),
            or_(Cohort.id.is_(None), Cohort.status != "cancelled"),
            ~exists().where(Case.id == Session.case_id, Case.state.in_(CLOSED_STATES)),
            or_(
                Session.professional_id.is_(None),
                and_(Session.kind == "group", Cohort.status == "planned"),
            ),
        )
        .order_by(Session.starts_at, Session.id)
    )
    return _section(query)


def waiting_cases(user) -> Section:
    """The cases waiting for screening, a review, consent or admission, oldest first."""
    query = (
        select(Case.id, Case.court_file, Case.state, Case.received_on, Case.deadline)
        .where(Case.state.in_(WAITING_STATES), case_criterion(user))
        .order_by(Case.received_on, Case.id)
    )
    return _section(query)


def waiting_by_state(user) -> dict[str, int]:
    """How many cases wait in each state, for links to the filtered case list."""
    rows = db.session.execute(
        select(Case.state, func.count())
        .where(Case.state.in_(WAITING_STATES), case_criterion(user))
        .group_by(Case.state)
    )
    counts = dict.fromkeys(WAITING_STATES, 0)
    counts.update(dict(rows.all()))
    return counts


def unpaid_balances(user) -> Section:
    """The open cases whose fee is not paid in full, the largest balance first."""
    paid = (
        select(Payment.case_id, func.sum(Payment.amount).label("paid"))
        .group_by(Payment.case_id)
        .subquery()
    )
    balance = (Fee.amount - func.coalesce(paid.c.paid, 0)).label("balance")
    query = (
        select(Case.id, Case.court_file, Case.state, Case.deadline, balance)
        .join(Fee, Fee.case_id == Case.id)
        .outerjoin(paid, paid.c.case_id == Case.id)
        .where(
            Fee.is_waived.is_(False),
            Case.state.not_in(CLOSED_STATES),
            case_criterion(user),
            Fee.amount - func.coalesce(paid.c.paid, 0) > 0,
        )
        .order_by(balance.desc(), Case.id)
    )
    return _section(query)


def follow_ups_due(today: date, user) -> Section:
    """The closed cases with a re-offending check due, oldest first."""
    query = (
        select(Case.id, Case.state, Case.updated_at)
        .join(Client, Client.id == Case.client_id)
        .where(due_condition(today), Client.erased_at.is_(None), case_criterion(user))
        .order_by(Case.updated_at, Case.id)
    )
    return _section(query)


def coordinator_dashboard(today: date, user) -> Dashboard:
    """Every section of user's dashboard, in a fixed number of queries."""
    return Dashboard(
        cohorts=upcoming_cohorts(today, user),
        sessions=unconfirmed_sessions(today, user),
        waiting=waiting_cases(user),
        waiting_by_state=waiting_by_state(user),
        balances=unpaid_balances(user),
        follow_ups=follow_ups_due(today, user),
    )
