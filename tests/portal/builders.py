"""Builders for the portal's tests: a client with a case, modules, a cohort, a seat."""

import itertools
from datetime import UTC, date, datetime, timedelta

from johnschool.curriculum.models import Cohort, Module, Professional, Session
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.portal.services import participant_user
from johnschool.referrals.services import create_referral

_numbers = itertools.count(1)
SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)


def make_case(by, *, email="client@example.org", language="fr", given_name="Paul"):
    """Record a referral for a new client; return the case."""
    number = next(_numbers)
    case = create_referral(
        {
            "family_name": f"Roy{number}",
            "given_name": given_name,
            "birth_date": date(1975, 5, 5),
            "language": language,
            "email": email,
        },
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": date(2026, 1, 10),
            "court_file": f"500-01-{number:06d}-261",
        },
        [],
        by=by,
    )
    db.session.flush()
    return case


def make_module(code=None, *, title_fr="Module fr", title_en="Module en", discipline="health"):
    """A required module of the curriculum."""
    number = next(_numbers)
    module = Module(
        code=code or f"M{number}",
        title_fr=f"{title_fr} {number}",
        title_en=f"{title_en} {number}",
        discipline=discipline,
        duration_minutes=60,
        is_required=True,
        position=number,
    )
    db.session.add(module)
    db.session.flush()
    return module


def make_professional(name="Dr Alice Martin", *, is_anonymous=False):
    """A professional who teaches."""
    professional = Professional(name=name, is_anonymous=is_anonymous)
    db.session.add(professional)
    db.session.flush()
    return professional


def make_cohort(modules, *, starts_at=SOON, place="Salle 3, 1 rue Principale", professional=None):
    """A cohort with one session per module, an hour each, from starts_at."""
    number = next(_numbers)
    cohort = Cohort(
        code=f"C{number}",
        language="fr",
        capacity=20,
        place=place,
        starts_on=starts_at.date(),
        format="one_day",
    )
    db.session.add(cohort)
    for index, module in enumerate(modules):
        begins = starts_at + timedelta(hours=index)
        db.session.add(
            Session(
                cohort=cohort,
                module=module,
                discipline=module.discipline,
                starts_at=begins,
                ends_at=begins + timedelta(minutes=55),
                place=place,
                professional=professional,
            )
        )
    db.session.flush()
    return cohort


def enroll(case, cohort, status="enrolled"):
    """Give the case a seat (or a waitlist place) in cohort."""
    enrollment = Enrollment(case=case, cohort=cohort, status=status)
    db.session.add(enrollment)
    db.session.flush()
    return enrollment


def make_participant(by, *, email, modules, professional=None, language="fr", **cohort):
    """A client with a case, a seat in a new cohort and a portal login; return (user, case)."""
    case = make_case(by, email=email, language=language)
    enroll(case, make_cohort(modules, professional=professional, **cohort))
    user = participant_user(case.client, by=by)
    db.session.commit()
    return user, case
