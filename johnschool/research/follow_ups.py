"""Re-offending follow-ups: checks 6, 12 and 24 months after a case's outcome.

The outcome moment is the case's ``updated_at`` once it is closed (completed, failed,
withdrawn or returned). Every state change stamps it and nothing else writes it, so for
a closed case it is the moment the case closed; it is a column of the case row, so the
due list and retention filter on it in SQL. A failed or withdrawn case later returned
to the prosecutor counts from its return, usually days later: immaterial at six months,
and follow-ups and retention then share one clock. Cases returned after an ineligible
screening are followed up too: they are the comparison group the research needs.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import joinedload

from ..audit.services import record
from ..clock import program_date, program_today, program_zone
from ..extensions import db
from ..referrals.access import case_criterion
from ..referrals.errors import CaseStateError
from ..referrals.models import Case, Client
from .models import FOLLOW_UP_MONTHS, OFFENCE_CATEGORIES, ReoffendingCheck

CLOSED_STATES = ("completed", "failed", "withdrawn", "returned")
# A check is "due" for this many months after its due date, then "overdue".
OVERDUE_AFTER_MONTHS = 1


class FollowUpError(ValueError):
    """A check the input does not allow, with the form field it concerns."""

    def __init__(self, field: str, message):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class FollowUp:
    """One of a case's three checks: when it is due, its status, and the check once done."""

    months: int
    due_on: date
    status: str  # upcoming, due, overdue, done
    check: ReoffendingCheck | None


def add_months(day: date, months: int) -> date:
    """The same day months later (or earlier), on the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def outcome_on(case: Case) -> date | None:
    """The day, in the program's zone, the case reached its outcome; None while it is open."""
    if case.state not in CLOSED_STATES:
        return None
    return program_date(case.updated_at)


def follow_ups_of(outcome: date | None, checks, today: date) -> list[FollowUp]:
    """The three follow-ups of an outcome day, given the case's checks."""
    if outcome is None:
        return []
    done = {check.months: check for check in checks}
    return [_follow_up(outcome, months, done.get(months), today) for months in FOLLOW_UP_MONTHS]


def _follow_up(outcome: date, months: int, check, today: date) -> FollowUp:
    """One follow-up and its status on today."""
    due_on = add_months(outcome, months)
    if check is not None:
        status = "done"
    elif today < due_on:
        status = "upcoming"
    elif today < add_months(outcome, months + OVERDUE_AFTER_MONTHS):
        status = "due"
    else:
        status = "overdue"
    return FollowUp(months, due_on, status, check)


def case_checks(case_id: int) -> list[ReoffendingCheck]:
    """The checks recorded for a case, by month."""
    return list(
        db.session.scalars(
            select(ReoffendingCheck)
            .where(ReoffendingCheck.case_id == case_id)
            .order_by(ReoffendingCheck.months)
        )
    )


def due_follow_ups(case: Case, today: date) -> list[FollowUp]:
    """The case's checks at 6, 12 and 24 months: upcoming, due, overdue or done."""
    return follow_ups_of(outcome_on(case), case_checks(case.id), today)


def record_check(
    case: Case, months: int, checked_on: date, has_new_charge: bool, offence_category, *, by
) -> ReoffendingCheck:
    """Record, or correct, the check of a closed case at 6, 12 or 24 months."""
    db.session.refresh(case, ["state", "updated_at"], with_for_update=True)
    outcome = outcome_on(case)
    if outcome is None:
        raise CaseStateError(_l("Re-offending checks start once the case is closed."))
    category = _checked_values(outcome, months, checked_on, has_new_charge, offence_category)
    check = db.session.scalar(
        select(ReoffendingCheck).where(
            ReoffendingCheck.case_id == case.id, ReoffendingCheck.months == months
        )
    )
    is_correction = check is not None
    if check is None:
        check = ReoffendingCheck(case_id=case.id, months=months)
        db.session.add(check)
    check.checked_on, check.has_new_charge = checked_on, bool(has_new_charge)
    check.offence_category, check.recorded_by_id = category, by.id
    db.session.flush()
    _record_audit(case, months, is_correction, by)
    return check


def _checked_values(outcome, months, checked_on, has_new_charge, offence_category):
    """Refuse a month, a day or a category the check cannot have; return the category."""
    if months not in FOLLOW_UP_MONTHS:
        raise FollowUpError("months", _l("Choose the check at 6, 12 or 24 months."))
    due_on = add_months(outcome, months)
    if checked_on is None or checked_on > program_today():
        raise FollowUpError("checked_on", _l("Write the day of the check, today or earlier."))
    if checked_on < due_on:
        raise FollowUpError(
            "checked_on",
            _l("This check is due from %(day)s.", day=due_on.isoformat()),
        )
    category = offence_category or None
    if category is not None and category not in OFFENCE_CATEGORIES:
        raise FollowUpError("offence_category", _l("Choose a category from the list."))
    if has_new_charge and category is None:
        raise FollowUpError("offence_category", _l("Choose the category of the new charge."))
    if not has_new_charge and category is not None:
        raise FollowUpError("offence_category", _l("A category goes with a new charge only."))
    return category


def _record_audit(case: Case, months: int, is_correction: bool, by) -> None:
    """Write the check's audit entry: the month only, never the result."""
    verb = "corrected" if is_correction else "recorded"
    record(
        f"follow_up.{verb}",
        f"re-offending check at {months} months {verb}",
        object_type="case",
        object_id=case.id,
        data={"months": months},
        actor=by,
    )


# --- The due list ----------------------------------------------------------------------


def latest_outcome_due(today: date, months: int) -> date:
    """The last outcome day whose check at months is due on today."""
    # add_months is monotonic: on a month's last day, every day of the month before counts.
    earlier = add_months(today, -months)
    if (today + timedelta(days=1)).day == 1:
        earlier = earlier.replace(day=calendar.monthrange(earlier.year, earlier.month)[1])
    return earlier


def start_of_day_after(day: date) -> datetime:
    """The moment the program's next day begins, to compare with UTC timestamps."""
    return datetime.combine(day + timedelta(days=1), time(), program_zone())


def due_condition(today: date):
    """SQL: the closed case has a check due or overdue on today and not recorded."""
    pending = []
    for months in FOLLOW_UP_MONTHS:
        bound = start_of_day_after(latest_outcome_due(today, months))
        recorded = exists().where(
            ReoffendingCheck.case_id == Case.id, ReoffendingCheck.months == months
        )
        pending.append(and_(Case.updated_at < bound, ~recorded))
    return and_(Case.state.in_(CLOSED_STATES), or_(*pending))


def due_cases_page(today: date, page: int, per_page: int, user):
    """A page of the closed cases user reaches with a check due, oldest first; erased left out."""
    query = (
        select(Case)
        .join(Client, Client.id == Case.client_id)
        .where(due_condition(today), Client.erased_at.is_(None), case_criterion(user))
        .options(joinedload(Case.client))
        .order_by(Case.updated_at, Case.id)
    )
    return db.paginate(query, page=max(page, 1), per_page=per_page, error_out=False)


def follow_ups_by_case(cases, today: date) -> dict[int, list[FollowUp]]:
    """The follow-ups of each case of a page, with their checks loaded in one query."""
    checks = db.session.scalars(
        select(ReoffendingCheck).where(ReoffendingCheck.case_id.in_([c.id for c in cases]))
    ).all()
    by_case = {}
    for check in checks:
        by_case.setdefault(check.case_id, []).append(check)
    return {c.id: follow_ups_of(outcome_on(c), by_case.get(c.id, ()), today) for c in cases}
