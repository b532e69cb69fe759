"""Keep a case's de-identified research record current, in the caller's transaction.

Every service that changes what the record reflects (the case's state, its profile or
attitude answers, its follow-ups) calls sync_record(case) before its caller commits,
so the store never needs a refresh step. The record holds coarse values only.
"""

from datetime import date

from sqlalchemy import delete, select

from ..extensions import db
from ..questionnaires.models import Answer, QuestionItem, Questionnaire, QuestionnaireResponse
from ..questionnaires.models import QuestionnaireVersion as Version
from ..referrals.models import Case
from .models import ReoffendingCheck, ResearchAnswer, ResearchAttitude, ResearchRecord
from .regions import region_of

AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 64))


def age_band(birth_date: date | None, on: date) -> str | None:
    """The age band on a day: "18-24" … "55-64", "65+", or None when unknown or under 18."""
    if birth_date is None:
        return None
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}-{high}"
    return "65+" if age >= 65 else None


def sync_record(case: Case) -> ResearchRecord | None:
    """Create or update the case's research record from what the case holds now.

    Nothing is flushed on the way: the new rows reach the database with the session's
    next flush, which sync.py runs just before the transaction commits. A case whose
    client was erased has no link to its record any more: nothing is synced.
    """
    with db.session.no_autoflush:  # the new record is complete before anything flushes it
        record = case.research_record
        if record is None and case.client.erased_at is not None:
            return None
        if record is None:
            record = ResearchRecord()
            case.research_record = record
        _fill(record, case)
        _sync_follow_ups(record, case.id)
        _sync_answers(record, case.id)
    return record


def _fill(record: ResearchRecord, case: Case) -> None:
    """Copy the case's coarse facts onto its record."""
    # Retention erases the birth date and postal code: keep what was derived before.
    if case.client.erased_at is None:
        record.age_band = age_band(case.client.birth_date, case.offence_date)
        record.region = region_of(case.client.postal_code)
    record.site = case.site.code  # sync.py loads the site with the case
    record.language = case.client.language
    record.referral_source = case.source
    record.outcome = case.state
    record.year = case.received_on.year


def _sync_follow_ups(record: ResearchRecord, case_id: int) -> None:
    """Copy the follow-ups' new-charge results onto the record."""
    checks = db.session.execute(
        select(ReoffendingCheck.months, ReoffendingCheck.has_new_charge).where(
            ReoffendingCheck.case_id == case_id
        )
    )
    found = dict(checks.all())
    record.reoffended_6 = found.get(6)
    record.reoffended_12 = found.get(12)
    record.reoffended_24 = found.get(24)


def _sync_answers(record: ResearchRecord, case_id: int) -> None:
    """Rewrite the record's profile answers and attitudes from the case's latest responses."""
    rows = db.session.execute(
        select(
            Questionnaire.purpose,
            QuestionnaireResponse.moment,
            QuestionItem.code,
            Answer.choice_code,
            Answer.likert,
        )
        .join(Version, Version.questionnaire_id == Questionnaire.id)
        .join(QuestionnaireResponse, QuestionnaireResponse.version_id == Version.id)
        .join(Answer, Answer.response_id == QuestionnaireResponse.id)
        .join(QuestionItem, QuestionItem.id == Answer.item_id)
        .where(QuestionnaireResponse.case_id == case_id)
        .order_by(QuestionnaireResponse.answered_at, QuestionnaireResponse.id)
    )
    profile, attitudes = {}, {}
    for purpose, moment, code, choice, likert in rows:
        if purpose == "profile" and choice is not None:
            profile[code] = choice  # the latest answer wins
        elif purpose == "attitudes" and likert is not None and moment in ("before", "after"):
            attitudes.setdefault(code, {})[moment] = likert
    if record.id is not None:
        db.session.execute(delete(ResearchAnswer).where(ResearchAnswer.record_id == record.id))
        db.session.execute(delete(ResearchAttitude).where(ResearchAttitude.record_id == record.id))
    db.session.add_all(
        ResearchAnswer(record=record, item_code=code, value=value)
        for code, value in profile.items()
    )
    db.session.add_all(
        ResearchAttitude(
            record=record, item_code=code, before=pair.get("before"), after=pair.get("after")
        )
        for code, pair in attitudes.items()
    )
