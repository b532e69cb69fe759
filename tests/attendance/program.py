"""Builders of a small program for the attendance tests: modules, cohorts, sessions, cases."""

import itertools
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from johnschool.clock import program_today, program_zone
from johnschool.curriculum.models import Cohort, Module, Professional, Session
from johnschool.enrollment.models import Enrollment, FollowUpRequirement
from johnschool.extensions import db
from johnschool.referrals.services import create_referral, record_admission, record_consent

_numbers = itertools.count(1)


def at(day: date, hour: int = 9) -> datetime:
    """A moment of day at hour, in the program's time zone."""
    return datetime.combine(day, time(hour), program_zone())


def days_ago(count: int) -> date:
    """The program's date count days ago (negative: to come)."""
    return program_today() - timedelta(days=count)


def make_module(code, *, title_fr=None, title_en=None, discipline="law", required=True):
    """A module of the curriculum (the one already made with this code, if any)."""
    found = db.session.scalar(select(Module).where(Module.code == code))
    if found is not None:
        return found
    module = Module(
        code=code,
        title_fr=title_fr or f"Module {code}",
        title_en=title_en or f"Module {code} (en)",
        discipline=discipline,
        duration_minutes=60,
        is_required=required,
        position=next(_numbers),
    )
    db.session.add(module)
    db.session.flush()
    return module


def make_cohort(*, capacity=20, language="fr"):
    """A cohort starting today."""
    cohort = Cohort(
        code=f"C-{next(_numbers)}",
        language=language,
        capacity=capacity,
        place="Salle 1",
        starts_on=program_today(),
        format="one_day",
    )
    db.session.add(cohort)
    db.session.flush()
    return cohort


def make_professional(user=None):
    """A professional, tied to user's account when given (the same one again for that user)."""
    if user is not None:
        found = db.session.scalar(select(Professional).where(Professional.user_id == user.id))
        if found is not None:
            return found
    professional = Professional(name=f"Pro {next(_numbers)}", user_id=user.id if user else None)
    db.session.add(professional)
    db.session.flush()
    return professional


def make_session(cohort, module, day, *, professional=None, backup=None, hour=9):
    """A group session of module for cohort on day."""
    session = Session(
        kind="group",
        cohort_id=cohort.id,
        module_id=module.id,
        discipline=module.discipline,
        starts_at=at(day, hour),
        ends_at=at(day, hour + 1),
        place="Salle 1",
        professional_id=professional.id if professional else None,
        backup_id=backup.id if backup else None,
    )
    db.session.add(session)
    db.session.flush()
    return session


def make_individual_session(case, day, *, discipline="sexology", professional=None):
    """An individual follow-up session of one case on day."""
    session = Session(
        kind="individual",
        case_id=case.id,
        discipline=discipline,
        starts_at=at(day, 14),
        ends_at=at(day, 15),
        place="Bureau 2",
        professional_id=professional.id if professional else None,
    )
    db.session.add(session)
    db.session.flush()
    return session


def enroll(by, cohort, *, family_name=None, language="fr", follow_ups=None):
    """An admitted case, enrolled in cohort: the default fee (300.00) is owed."""
    number = next(_numbers)
    case = create_referral(
        {
            "family_name": family_name or f"Nom{number:04d}",
            "given_name": "Paul",
            "birth_date": date(1970, 1, 1) + timedelta(days=number),
            "language": language,
        },
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": date(2026, 1, 5),
            "court_file": f"500-01-{number:06d}-261",
        },
        [],
        by=by,
    )
    day = program_today()
    record_consent(case, counsel_advised=True, accepts_responsibility=True, consented_on=day, by=by)
    record_admission(case, prosecutor="Me Fortin", admitted_on=day, by=by)
    case.state = "enrolled"
    enrollment = Enrollment(case=case, cohort_id=cohort.id, status="enrolled")
    db.session.add(enrollment)
    for discipline, count in (follow_ups or {}).items():
        db.session.add(
            FollowUpRequirement(case_id=case.id, discipline=discipline, session_count=count)
        )
    db.session.flush()
    return enrollment
