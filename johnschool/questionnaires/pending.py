"""What a case should answer now, and what it answered: never the answers themselves.

The intake profile is asked until it is answered; the attitudes are asked before the
cohort's first group session starts and again once its last one has ended (the cohort
of the case's current seat). Each function runs a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select

from ..clock import program_zone
from ..curriculum.models import Session
from ..database import utcnow
from ..enrollment.models import SEATED_STATUSES, Enrollment
from ..extensions import db
from ..referrals.models import Case
from .models import Questionnaire, QuestionnaireResponse
from .models import QuestionnaireVersion as Version

BEFORE_STATES = ("enrolled",)
AFTER_STATES = ("enrolled", "completed")


@dataclass(frozen=True)
class Due:
    """One questionnaire at one moment, for one case, with its answer's facts if any."""

    questionnaire: Questionnaire
    version: Version
    moment: str
    is_open: bool
    answered_by: str | None = None
    answered_at: datetime | None = None

    @property
    def code(self) -> str:
        """The questionnaire's code, as in the participant's address."""
        return self.questionnaire.code

    @property
    def is_answered(self) -> bool:
        """Tell whether the case answered this questionnaire at this moment."""
        return self.answered_at is not None


def as_moment(today: date | datetime) -> datetime:
    """A UTC moment as is; a date stands for its first instant in the program's zone."""
    if isinstance(today, datetime):
        return today
    return datetime.combine(today, time.min, program_zone())


def questionnaire_status(case: Case, today: date | datetime | None = None) -> list[Due]:
    """Every questionnaire moment of the case: open or not, answered (by whom, when) or not."""
    now = as_moment(utcnow() if today is None else today)
    answered = _answered(case)
    window = group_window(case)
    lines = []
    for questionnaire, version in _in_force():
        for moment in _moments(questionnaire):
            facts = answered.get((questionnaire.id, moment), (None, None))
            is_open = _is_open(case, moment, window, now, facts[1] is not None)
            lines.append(Due(questionnaire, version, moment, is_open, *facts))
    return lines


def pending_questionnaires(case: Case, today: date | datetime) -> list[Due]:
    """What the case should answer now and has not answered yet."""
    return [due for due in questionnaire_status(case, today) if due.is_open and not due.is_answered]


def open_questionnaire(case: Case, code: str, moment: str, today=None) -> Due | None:
    """The questionnaire the case may answer (or answer again) now at moment, or None."""
    for due in questionnaire_status(case, today):
        if due.code == code and due.moment == moment and due.is_open:
            return due
    return None


def intake_due(case: Case) -> Due | None:
    """The case's intake profile, answered or not: what a liaison enters for the client."""
    return next((due for due in questionnaire_status(case) if due.moment == "intake"), None)


def may_answer(due: Due, answered_by: str) -> bool:
    """Tell whether the participant, or a liaison for them, may answer due now."""
    if answered_by == "participant":
        return due.is_open
    return due.moment == "intake" and not due.is_answered  # a liaison enters the profile once


def _moments(questionnaire: Questionnaire) -> tuple[str, ...]:
    """The moments a questionnaire is answered at."""
    return ("intake",) if questionnaire.purpose == "profile" else ("before", "after")


def _is_open(case, moment, window, now, is_answered) -> bool:
    """Tell whether the case may answer at moment now."""
    if moment == "intake":
        return not is_answered  # the profile is given once, at intake
    if window is None:
        return False
    first_start, last_end = window
    if moment == "before":
        return case.state in BEFORE_STATES and now < first_start
    return case.state in AFTER_STATES and now >= last_end


def _in_force() -> list[tuple[Questionnaire, Version]]:
    """The active questionnaires with their current version, profile first."""
    rows = db.session.execute(
        select(Questionnaire, Version)
        .join(Version, Version.questionnaire_id == Questionnaire.id)
        .where(Questionnaire.is_active, Version.is_current)
        .order_by(Questionnaire.purpose.desc(), Questionnaire.code)
    )
    return [tuple(row) for row in rows]


def _answered(case: Case) -> dict:
    """(questionnaire id, moment) → (answered by, when) of the case's latest responses."""
    rows = db.session.execute(
        select(
            Version.questionnaire_id,
            QuestionnaireResponse.moment,
            QuestionnaireResponse.answered_by,
            QuestionnaireResponse.answered_at,
        )
        .join(Version, Version.id == QuestionnaireResponse.version_id)
        .where(QuestionnaireResponse.case_id == case.id)
        .order_by(QuestionnaireResponse.answered_at, QuestionnaireResponse.id)
    )
    return {(qid, moment): (by, at) for qid, moment, by, at in rows}  # the latest wins


def group_window(case: Case) -> tuple[datetime, datetime] | None:
    """When the group sessions of the case's current seat begin and end, or None."""
    seat = (
        select(Enrollment.cohort_id)
        .where(Enrollment.case_id == case.id, Enrollment.status.in_(SEATED_STATUSES))
        .order_by(Enrollment.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    first, last = db.session.execute(
        select(func.min(Session.starts_at), func.max(Session.ends_at)).where(
            Session.cohort_id == seat, Session.kind == "group", Session.is_cancelled.is_(False)
        )
    ).one()
    if first is None:
        return None
    return first, last
