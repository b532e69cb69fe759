"""Builders shared by the curriculum tests."""

import itertools
from datetime import date, time

from johnschool.curriculum.services import CohortDraft, create_cohort
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.referrals.services import create_referral

# A fixed "today" in the program's zone: three weeks before daylight-saving time ends
# in America/Toronto (Sunday 2026-11-01, 2:00 → 1:00).
TODAY = date(2026, 10, 1)


def draft(**changes) -> CohortDraft:
    """A valid new cohort, changed as asked."""
    values = {
        "code": "2026-10-LGL",
        "language": "fr",
        "capacity": 20,
        "place": "Salle 2, 100 rue Principale",
        "starts_on": date(2026, 10, 17),
        "format": "one_day",
        "start_time": time(9, 0),
    }
    return CohortDraft(**values | changes)


def make_cohort(by=None, **changes):
    """Create and commit a cohort with its sessions."""
    cohort = create_cohort(draft(**changes), by=by)
    db.session.commit()
    return cohort


_files = itertools.count(1)


def enroll_directly(cohort, liaison, status="enrolled"):
    """Place a new case in a cohort by writing the enrollment row."""
    case = create_referral(
        {"family_name": "Roy", "given_name": "Paul", "birth_date": date(1975, 5, 5)},
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": date(2026, 9, 1),
            "court_file": f"500-01-{next(_files):06d}-261",
        },
        [],
        by=liaison,
    )
    db.session.add(Enrollment(case_id=case.id, cohort_id=cohort.id, status=status))
    db.session.commit()
    return case
