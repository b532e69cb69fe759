"""Builders of enrollment test data: admitted cases, cohorts, professionals."""

import itertools
from datetime import date, timedelta

from johnschool.clock import program_today
from johnschool.curriculum.models import (
    Cohort,
    Professional,
    ProfessionalDiscipline,
    Unavailability,
)
from johnschool.extensions import db
from johnschool.referrals.services import create_referral, record_admission, record_consent

_numbers = itertools.count(1)
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def unique_name(number):
    """A family name of letters only, different for each number (screening matches names)."""
    letters = ""
    while True:
        number, rest = divmod(number, 26)
        letters += LETTERS[rest]
        if not number:
            return "Client" + letters


def referred_case(liaison, *, language="fr"):
    """A fresh referral, screened eligible, committed."""
    number = next(_numbers)
    case = create_referral(
        {
            "family_name": unique_name(number),
            "given_name": "Paul",
            "birth_date": date(1980, 1, 1),
            "language": language,
        },
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": program_today() - timedelta(days=30),
            "court_file": f"500-01-{number:06d}-261",
        },
        [],
        by=liaison,
    )
    db.session.commit()
    return case


def consent(case, liaison):
    """Record the client's consent and commit."""
    record_consent(
        case,
        counsel_advised=True,
        accepts_responsibility=True,
        consented_on=program_today(),
        by=liaison,
    )
    db.session.commit()


def admitted_case(liaison, *, language="fr"):
    """A case admitted by the prosecutor, ready to enroll, committed."""
    case = referred_case(liaison, language=language)
    consent(case, liaison)
    record_admission(case, prosecutor="Me Fortin", admitted_on=program_today(), by=liaison)
    db.session.commit()
    return case


def make_cohort(*, language="fr", capacity=2, days_ahead=30, status="planned"):
    """A cohort starting days_ahead from today, committed."""
    cohort = Cohort(
        code=f"C-{next(_numbers):04d}",
        language=language,
        capacity=capacity,
        place="Salle 1, 100 rue Principale",
        starts_on=program_today() + timedelta(days=days_ahead),
        format="one_day",
        status=status,
    )
    db.session.add(cohort)
    db.session.commit()
    return cohort


def make_professional(name="Dr Lemieux", disciplines=("sexology",), unavailable=()):
    """An active professional with disciplines and unavailable days, committed."""
    professional = Professional(name=name)
    professional.disciplines = [ProfessionalDiscipline(discipline=d) for d in disciplines]
    professional.unavailable = [Unavailability(day=day) for day in unavailable]
    db.session.add(professional)
    db.session.commit()
    return professional
