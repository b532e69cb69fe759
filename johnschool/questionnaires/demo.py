"""Demonstration answers: every demo case's intake profile, and attitudes around the day.

The answers are drawn from a fixed seed, so every demo is the same. The profile is
entered as a liaison would at intake; the attitudes before and after the group day go
to the cases of the cohort that already met, a little more favourable after than before.
"""

import random

from sqlalchemy import func, select

from ..clock import program_today
from ..curriculum.models import Cohort
from ..enrollment.models import SEATED_STATUSES, Enrollment
from ..extensions import db
from ..referrals.models import Case
from .models import QuestionnaireResponse
from .services import current_version, record_response

SEED = 2026
ATTENDED_STATES = ("enrolled", "completed", "failed")


def load_demo_answers(liaison) -> int:
    """Answer the questionnaires of the demo cases unless answers exist; return how many."""
    if db.session.scalar(select(func.count()).select_from(QuestionnaireResponse)):
        return 0
    profile, attitudes = current_version("intake_profile"), current_version("attitudes")
    if profile is None or attitudes is None:
        return 0
    rng = random.Random(SEED)
    cases = db.session.scalars(select(Case).order_by(Case.id)).all()
    for case in cases:
        answers = {item.code: _choice(rng, item) for item in profile.items}
        record_response(case, profile, "intake", answers, answered_by="liaison", by=liaison)
    met = _cases_that_met(cases)
    for case in met:
        before = {item.code: rng.randint(1, 4) for item in attitudes.items}
        after = {code: min(5, value + rng.choice((0, 1, 1, 2))) for code, value in before.items()}
        record_response(case, attitudes, "before", before, answered_by="liaison", by=liaison)
        record_response(case, attitudes, "after", after, answered_by="liaison", by=liaison)
    return len(cases) + 2 * len(met)


def _choice(rng: random.Random, item) -> str:
    """A choice of a single-choice item, rarely "no answer"."""
    codes = [choice.code for choice in item.choices]
    answered = [code for code in codes if code != "no_answer"] or codes
    return rng.choice(codes) if rng.random() < 0.05 else rng.choice(answered)


def _cases_that_met(cases: list[Case]) -> list[Case]:
    """The cases seated in a cohort whose group day has passed."""
    met = set(
        db.session.scalars(
            select(Enrollment.case_id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .where(Enrollment.status.in_(SEATED_STATUSES))
            .where(Cohort.starts_on < program_today())
        )
    )
    return [case for case in cases if case.id in met and case.state in ATTENDED_STATES]
