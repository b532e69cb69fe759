"""Builders of closed cases, closed on a chosen day, for follow-up and retention tests."""

from datetime import date, datetime, time

from johnschool.clock import program_zone
from johnschool.extensions import db
from johnschool.referrals.services import create_referral, return_to_prosecutor

_numbers = iter(range(1, 100000))


def referral(liaison, priors=("266",), **client):
    """A referral screened at once: with a violent prior, it is ineligible."""
    number = next(_numbers)
    person = {
        "family_name": f"Roy{number}",
        "given_name": "Paul",
        "birth_date": date(1980, 6, 1),
        "postal_code": "J4K 1A1",
        "email": f"paul{number}@example.org",
        "phone": "450-555-0101",
    } | client
    return create_referral(
        person,
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": date(2026, 9, 1),
            "court_file": f"500-01-{number:06d}-261",
        },
        [{"offence_code": code, "note": "Noted by the court"} for code in priors],
        by=liaison,
    )


def close_on(case, day: date) -> None:
    """Place the moment the case closed at noon, program time, on day."""
    case.updated_at = datetime.combine(day, time(12), program_zone())
    db.session.flush()


def closed_case(liaison, day: date, **client):
    """An ineligible referral returned to the prosecutor, closed on day; committed."""
    case = referral(liaison, **client)
    return_to_prosecutor(case, by=liaison)
    close_on(case, day)
    db.session.commit()
    return case
