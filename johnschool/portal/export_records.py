"""The questionnaire answers and the access history of a participant's own-data download."""

from sqlalchemy import and_, or_, select

from ..audit.models import AuditEntry
from ..certificates.models import Certificate
from ..enrollment.models import Enrollment
from ..extensions import db
from ..questionnaires.models import Answer, ItemChoice, QuestionItem, Questionnaire
from ..questionnaires.models import QuestionnaireResponse as Response
from ..questionnaires.models import QuestionnaireVersion as Version


def iso(value):
    """A date or datetime in ISO 8601, or None."""
    return value.isoformat() if value is not None else None


def questionnaire_data(case_ids: list[int], language: str) -> list[dict]:
    """Every questionnaire answered for the cases: each question and answer as written."""
    english = language == "en"
    rows = db.session.execute(
        select(Response, Questionnaire, Version.number, QuestionItem, Answer, ItemChoice)
        .join(Version, Version.id == Response.version_id)
        .join(Questionnaire, Questionnaire.id == Version.questionnaire_id)
        .join(Answer, Answer.response_id == Response.id)
        .join(QuestionItem, QuestionItem.id == Answer.item_id)
        .outerjoin(
            ItemChoice,
            and_(ItemChoice.item_id == QuestionItem.id, ItemChoice.code == Answer.choice_code),
        )
        .where(Response.case_id.in_(case_ids))
        .order_by(Response.answered_at, Response.id, QuestionItem.position, QuestionItem.id)
    )
    responses: dict[int, dict] = {}
    for response, questionnaire, number, item, answer, choice in rows:
        held = responses.setdefault(
            response.id,
            {
                "questionnaire": questionnaire.title_en if english else questionnaire.title_fr,
                "version": number,
                "moment": response.moment,
                "answered_by": response.answered_by,
                "answered_at": iso(response.answered_at),
                "answers": [],
            },
        )
        held["answers"].append(
            {
                "question": item.text_en if english else item.text_fr,
                "answer": (choice.label_en if english else choice.label_fr) if choice else None,
                "scale": answer.likert,
            }
        )
    return list(responses.values())


def access_history(user_id: int | None, case_ids: list[int]) -> list[dict]:
    """Who viewed or changed the person's file: when, the role, what was done; never a name."""
    enrollments = select(Enrollment.id).where(Enrollment.case_id.in_(case_ids))
    certificates = select(Certificate.id).where(Certificate.enrollment_id.in_(enrollments))
    about = [
        and_(AuditEntry.object_type == "case", AuditEntry.object_id.in_(case_ids)),
        and_(AuditEntry.object_type == "enrollment", AuditEntry.object_id.in_(enrollments)),
        and_(AuditEntry.object_type == "certificate", AuditEntry.object_id.in_(certificates)),
    ]
    if user_id is not None:
        about.append(and_(AuditEntry.object_type == "user", AuditEntry.object_id == user_id))
    rows = db.session.execute(
        select(AuditEntry.created_at, AuditEntry.actor_role, AuditEntry.action)
        .where(or_(*about))
        .order_by(AuditEntry.created_at, AuditEntry.id)
    )
    return [
        {"at": iso(at), "by_role": role or "system", "action": action} for at, role, action in rows
    ]
