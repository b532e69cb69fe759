"""Deadline alerts: open cases whose deadline comes within the program's alert period.

A case is open from its referral until it is completed, failed, withdrawn or returned;
an ineligible case waits only to be returned, so it raises no alert. What is still
missing is the next step of the case's lifecycle, and for an enrolled case exactly what
completion still lacks (attendance/completion.py). A liaison is alerted of the cases
they entered; the coordinator sees every case of their site, or of every site when
province-wide (coordination/access.py decides).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select

from ..attendance.completion import Missing, missing_for
from ..enrollment.models import Enrollment
from ..extensions import db
from ..referrals.models import Case
from ..referrals.settings import program_settings
from .access import alert_criterion

ALERT_STATES = (
    "received",
    "needs_review",
    "eligible",
    "consented",
    "admitted",
    "waitlisted",
    "enrolled",
)
# The step a case in each state waits for, before it is enrolled.
NEXT_STEPS = {
    "received": "screening",
    "needs_review": "review",
    "eligible": "consent",
    "consented": "admission",
    "admitted": "enrollment",
    "waitlisted": "seat",
}
SHOWN = 5


@dataclass(frozen=True)
class Alert:
    """One case near its deadline and what it still lacks."""

    case_id: int
    court_file: str
    state: str
    deadline: date
    days_left: int
    missing: tuple[Missing, ...]


@dataclass(frozen=True)
class AlertList:
    """The first alerts of a list and how many there are in all."""

    total: int
    alerts: list[Alert]
    days: int


def alert_days() -> int:
    """The alert period in force, in days."""
    return program_settings().deadline_alert_days


def alert_cases(today: date, days: int, criterion=None) -> Select:
    """SQL: the open cases due by today + days, soonest first; those criterion keeps if given."""
    query = select(Case).where(
        Case.state.in_(ALERT_STATES), Case.deadline <= today + timedelta(days=days)
    )
    if criterion is not None:
        query = query.where(criterion)
    return query.order_by(Case.deadline, Case.id)


def alerts_of(cases, today: date) -> list[Alert]:
    """The alerts of these cases, their missing requirements read in a fixed number of queries."""
    cases = list(cases)
    enrollments = _seated_enrollments([case.id for case in cases if case.state == "enrolled"])
    lacking = missing_for(enrollments, today)
    by_case = {e.case_id: lacking.get(e.id, []) for e in enrollments}
    return [_alert(case, today, by_case.get(case.id, [])) for case in cases]


def _seated_enrollments(case_ids: list[int]) -> list[Enrollment]:
    """The enrollments holding a seat for these enrolled cases."""
    if not case_ids:
        return []
    query = select(Enrollment).where(
        Enrollment.case_id.in_(case_ids), Enrollment.status == "enrolled"
    )
    return list(db.session.scalars(query))


def _alert(case: Case, today: date, lacking: list[Missing]) -> Alert:
    """One case's alert: its next step, or what completion still lacks."""
    step = NEXT_STEPS.get(case.state)
    missing = [Missing(step)] if step else [m for m in lacking if m.kind != "deadline"]
    return Alert(
        case.id,
        case.court_file,
        case.state,
        case.deadline,
        (case.deadline - today).days,
        tuple(missing),
    )


def first_alerts(today: date, user) -> AlertList:
    """The first few alerts of the cases user's alerts cover and their total, for a home page.

    The total and the first ids are read from the index on (site, state, deadline) alone;
    only the cases shown are read from the table.
    """
    days = alert_days()
    query = alert_cases(today, days, alert_criterion(user))
    total = db.session.scalar(query.with_only_columns(func.count()).order_by(None))
    first = query.with_only_columns(Case.id).limit(SHOWN)
    cases = db.session.scalars(
        select(Case).where(Case.id.in_(first.scalar_subquery())).order_by(Case.deadline, Case.id)
    )
    return AlertList(total or 0, alerts_of(cases, today), days)


def alerts_page(today: date, page: int, per_page: int, user):
    """One page of the alerts of the cases user's alerts cover, for the full list."""
    days = alert_days()
    query = alert_cases(today, days, alert_criterion(user))
    pagination = db.paginate(query, page=max(page, 1), per_page=per_page, error_out=False)
    return pagination, alerts_of(pagination.items, today), days
