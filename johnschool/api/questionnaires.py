"""API endpoints of questionnaires: what a case has to answer, and answering it.

The participant answers their own (404 for any other case); a liaison enters the intake
profile for the client, once. Answers are never shown back: only whether, by whom, when.
"""

from flask import abort, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from ..questionnaires.access import case_for_profile
from ..questionnaires.pending import may_answer, questionnaire_status
from ..questionnaires.services import QuestionnaireError, record_response, with_items
from ..referrals.models import Case
from . import bp
from .referrals import request_body

ANSWERING_ROLES = (Role.LIAISON, Role.ADMIN, Role.PARTICIPANT)


def answered_by() -> str:
    """Who the signed-in user answers as."""
    return "participant" if current_user.role == Role.PARTICIPANT else "liaison"


def case_to_answer(case_id: int, *, for_update=False) -> Case:
    """The case, when the user may see its questionnaires; 404 otherwise."""
    return case_for_profile(case_id, for_update=for_update)


def question_json(item, language):
    """One question, in language, with its choices or its 1-5 scale."""
    body = {"code": item.code, "kind": item.kind, "text": getattr(item, f"text_{language}")}
    if item.kind == "choice":
        body["choices"] = [
            {"code": c.code, "label": getattr(c, f"label_{language}")} for c in item.choices
        ]
    else:
        body["scale"] = {"min": 1, "max": 5}
    return body


def due_json(due, who, language):
    """One questionnaire moment of the case; its questions when the user may answer it."""
    can_answer = may_answer(due, who)
    body = {
        "code": due.code,
        "title": getattr(due.questionnaire, f"title_{language}"),
        "purpose": due.questionnaire.purpose,
        "moment": due.moment,
        "version": due.version.number,
        "is_open": due.is_open,
        "is_answered": due.is_answered,
        "answered_by": due.answered_by,
        "answered_at": due.answered_at and due.answered_at.isoformat(),
        "can_answer": can_answer,
    }
    if can_answer:
        body["questions"] = [question_json(i, language) for i in with_items(due.version).items]
    return body


def reader_language() -> str:
    """The signed-in user's language for texts, French unless English."""
    return "en" if current_user.language == "en" else "fr"


@bp.get("/referrals/<int:case_id>/questionnaires")
@role_required(*ANSWERING_ROLES)
def case_questionnaires(case_id):
    """The case's questionnaires: open or not, answered (by whom, when) or not; never answers."""
    case, who, language = case_to_answer(case_id), answered_by(), reader_language()
    lines = [due_json(due, who, language) for due in questionnaire_status(case)]
    return jsonify(case_id=case.id, items=lines)


def read_answers(body):
    """The moment and answers of the body, or the fields at fault."""
    fields = {}
    if not isinstance(body.get("moment"), str):
        fields["moment"] = _("Expected intake, before or after.")
    if not isinstance(body.get("answers"), dict):
        fields["answers"] = _("Expected an object of answers by question code.")
    return body.get("moment"), body.get("answers"), fields


@bp.post("/referrals/<int:case_id>/questionnaires/<code>/responses")
@role_required(*ANSWERING_ROLES)
def answer_questionnaire(case_id, code):
    """Record the case's answers to a questionnaire at a moment; answering again replaces."""
    case = case_to_answer(case_id, for_update=True)  # one response per moment, even at once
    moment, answers, fields = read_answers(request_body())
    if fields:
        return json_error(422, _("Some fields are invalid."), fields)
    lines = [due for due in questionnaire_status(case) if due.code == code]
    if not lines:
        abort(404)
    due = next((d for d in lines if d.moment == moment), None)
    if due is None:
        message = _("This questionnaire is not answered at that moment.")
        return json_error(422, message, {"moment": message})
    if not may_answer(due, answered_by()):
        return json_error(409, _("This questionnaire cannot be answered now."))
    try:
        record_response(
            case, due.version, moment, answers, answered_by=answered_by(), by=current_user
        )
    except QuestionnaireError as error:
        db.session.rollback()
        fields = {f"answers.{key}": str(text) for key, text in error.fields.items()}
        return json_error(422, error, fields)
    db.session.commit()
    return jsonify(code=code, moment=moment, answered_by=answered_by()), 201
