"""Builders of curriculum rows for the rotation's tests, straight through the models."""

import itertools
from datetime import UTC, date, datetime, timedelta

from johnschool.curriculum.models import (
    Cohort,
    Module,
    Professional,
    ProfessionalDiscipline,
    Session,
    Unavailability,
)
from johnschool.extensions import db

_numbers = itertools.count(1)


def make_module(discipline="law", **fields):
    """Add a module taught by discipline."""
    number = next(_numbers)
    module = Module(
        code=f"M{number}",
        title_fr=f"Module {number} (fr)",
        title_en=f"Module {number} (en)",
        discipline=discipline,
        duration_minutes=60,
        **fields,
    )
    db.session.add(module)
    db.session.flush()
    return module


def make_cohort(starts_on=date(2030, 3, 4), **fields):
    """Add a planned cohort."""
    number = next(_numbers)
    fields = {"place": "Salle 2", "language": "fr", "capacity": 20, "format": "one_day", **fields}
    cohort = Cohort(code=f"C-{number}", starts_on=starts_on, **fields)
    db.session.add(cohort)
    db.session.flush()
    return cohort


def make_session(cohort=None, module=None, starts_at=None, hours=1, **fields):
    """Add a group session of cohort (a new one by default) teaching module."""
    cohort = cohort or make_cohort()
    module = module or make_module(fields.pop("discipline", "law"))
    starts_at = starts_at or datetime(2030, 3, 4, 14, tzinfo=UTC)
    session = Session(
        cohort_id=cohort.id,
        module_id=module.id,
        discipline=module.discipline,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        place=cohort.place,
        **fields,
    )
    db.session.add(session)
    db.session.flush()
    return session


def make_professional(*disciplines, name=None, off=(), **fields):
    """Add a professional with disciplines and unavailable days."""
    number = next(_numbers)
    professional = Professional(name=name or f"Professional {number}", **fields)
    professional.disciplines = [ProfessionalDiscipline(discipline=d) for d in disciplines]
    professional.unavailable = [Unavailability(day=day) for day in off]
    db.session.add(professional)
    db.session.flush()
    return professional
