"""Demonstration follow-ups: re-offending checks on closed cases whose checks fell due.

The demo's own closed cases are recent, so a handful of older ones is added first, through
the services: referrals received two to three years ago, screened ineligible (a violent
prior) and returned to the prosecutor. Their closing moment is then moved back to a few
weeks after their referral, as the demo program moves its past cohort into the past.
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..clock import program_today, program_zone
from ..extensions import db
from ..referrals.models import Case
from ..referrals.services import create_referral, return_to_prosecutor
from .follow_ups import CLOSED_STATES, due_follow_ups, record_check

COURT_FILE_PREFIX = "505-01-0900"
# family name, given name, birth date, language, days since the referral, source
OLDER_CASES = [
    ("Demers", "Réjean", "1969-02-11", "fr", 1060, "police"),
    ("Paquette", "Gilles", "1981-07-23", "fr", 980, "prosecutor"),
    ("Sauvé", "Benoît", "1993-12-02", "fr", 900, "court"),
    ("Murphy", "Kevin", "1976-04-17", "en", 840, "police"),
    ("Lévesque", "André", "1988-09-05", "fr", 760, "police"),
]
# (case position, months) that found a new charge, and its category
NEW_CHARGES = {(1, 12): "exploitation"}


def load_demo_follow_ups(liaison) -> int:
    """Add the older closed cases unless present, then record every check due; return how many."""
    _add_older_closed_cases(liaison)
    today, recorded = program_today(), 0
    closed = db.session.scalars(
        select(Case).where(Case.state.in_(CLOSED_STATES)).order_by(Case.id)
    ).all()
    for position, case in enumerate(closed):
        for item in due_follow_ups(case, today):
            if item.status in ("due", "overdue"):
                category = NEW_CHARGES.get((position, item.months))
                checked_on = min(item.due_on + timedelta(days=9), today)
                record_check(case, item.months, checked_on, bool(category), category, by=liaison)
                recorded += 1
    return recorded


def _add_older_closed_cases(liaison) -> None:
    """Refer, screen and return the older cases, then date their closing; once only."""
    exists = db.session.scalar(
        select(Case.id).where(Case.court_file.startswith(COURT_FILE_PREFIX)).limit(1)
    )
    if exists is not None:
        return
    today = program_today()
    for number, (family, given, birth, language, days_ago, source) in enumerate(OLDER_CASES):
        received_on = today - timedelta(days=days_ago)
        case = create_referral(
            {
                "family_name": family,
                "given_name": given,
                "birth_date": date.fromisoformat(birth),
                "language": language,
                "postal_code": "J4K 1A1" if number % 2 else "H2X 1Y4",
            },
            {
                "source": source,
                "offence_code": "286.1(1)",
                "offence_date": received_on - timedelta(days=15),
                "court_file": f"{COURT_FILE_PREFIX}{number + 1:02d}-23",
                "received_on": received_on,
            },
            [{"offence_code": "266"}],
            by=liaison,
        )
        return_to_prosecutor(case, by=liaison)
        closed_on = received_on + timedelta(days=20)
        case.updated_at = datetime.combine(closed_on, time(14), program_zone())
    db.session.flush()
