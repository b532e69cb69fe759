"""Pages of the participant (answer one's questionnaires) and the liaison (intake profile).

Staff never see answers: the case page and the profile page say only whether, by
whom and when a questionnaire was answered.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..database import lock
from ..extensions import db
from ..permissions import Role, role_required
from ..portal.services import participant_client_and_case
from ..referrals.models import Case
from . import bp
from .access import case_for_profile
from .forms import (
    ANSWERED_BY_LABELS,
    FIELD_PREFIX,
    LIKERT_LABELS,
    MOMENT_LABELS,
    answers_of,
    response_form,
    show_answer_errors,
)
from .models import Answer, QuestionItem, QuestionnaireResponse
from .pending import intake_due, may_answer, open_questionnaire, questionnaire_status
from .services import QuestionnaireError, record_response, with_items

CASE_ROLES = (Role.LIAISON, Role.ADMIN)


def in_language(obj, name: str) -> str:
    """An object's text in the reader's language: title_fr or title_en, say."""
    language = str(get_locale())
    return getattr(obj, f"{name}_{language if language in ('fr', 'en') else 'fr'}")


@bp.app_context_processor
def questionnaire_helpers():
    """Give the case page and the participant's home their questionnaire sections."""
    return {
        "questionnaire_status": questionnaire_status,
        "MOMENT_LABELS": MOMENT_LABELS,
        "ANSWERED_BY_LABELS": ANSWERED_BY_LABELS,
        "LIKERT_LABELS": LIKERT_LABELS,
        "in_language": in_language,
        "FIELD_PREFIX": FIELD_PREFIX,
    }


def _my_case() -> Case | None:
    """The signed-in participant's case, if they have one."""
    return participant_client_and_case(current_user)[1]


@bp.get("/my/questionnaires")
@role_required(Role.PARTICIPANT)
def my_questionnaires():
    """List the participant's questionnaires: what to answer now, what was answered."""
    case = _my_case()
    lines = questionnaire_status(case) if case else []
    return render_template("questionnaires/my_list.html", lines=lines)


def _own_answers(case, version, moment) -> dict:
    """The case's earlier answers to version at moment, as the form's data."""
    rows = db.session.execute(
        select(QuestionItem.code, Answer.choice_code, Answer.likert)
        .join(Answer, Answer.item_id == QuestionItem.id)
        .join(QuestionnaireResponse, QuestionnaireResponse.id == Answer.response_id)
        .where(
            QuestionnaireResponse.case_id == case.id,
            QuestionnaireResponse.version_id == version.id,
            QuestionnaireResponse.moment == moment,
        )
    )
    return {FIELD_PREFIX + code: choice or str(likert) for code, choice, likert in rows}


@bp.route("/my/questionnaires/<code>/<moment>", methods=["GET", "POST"])
@role_required(Role.PARTICIPANT)
def my_answer(code, moment):
    """Answer one of one's questionnaires (again, while it is open)."""
    case = _my_case()
    due = open_questionnaire(case, code, moment) if case else None
    if due is None:
        abort(404)
    version = with_items(due.version)
    form = response_form(version, str(get_locale()), _own_answers(case, version, moment))
    if form.validate_on_submit():
        if _saved(case, due, form, "participant"):
            flash(_("Thank you: your answers were saved."), "success")
            return redirect(url_for("questionnaires.my_questionnaires"))
    return _answer_page("questionnaires/my_answer.html", form, due)


def _saved(case, due, form, answered_by) -> bool:
    """Record the answers and commit; on a refusal, roll back and mark the form."""
    lock(Case, case.id)  # one response per case, version and moment, even at once
    try:
        record_response(
            case,
            due.version,
            due.moment,
            answers_of(form, due.version),
            answered_by=answered_by,
            by=current_user,
        )
    except QuestionnaireError as error:
        db.session.rollback()
        show_answer_errors(form, error.fields)
        return False
    db.session.commit()
    return True


def _answer_page(template, form, due, **context):
    """Render a questionnaire's form; 422 when the answers were refused."""
    status = 422 if form.errors else 200
    return render_template(template, form=form, due=due, items=due.version.items, **context), status


@bp.route("/cases/<int:case_id>/profile", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def case_profile(case_id):
    """Enter the intake profile for a client who has not answered it; never show answers."""
    # A POST locks the case before it looks, so that two liaisons cannot both enter it.
    case = case_for_profile(case_id, for_update=request.method == "POST")
    due = intake_due(case)
    if due is None:
        abort(404)
    if not may_answer(due, "liaison"):
        status = 409 if request.method == "POST" else 200
        return render_template("questionnaires/case_profile.html", case=case, due=due), status
    form = response_form(with_items(due.version), str(get_locale()))
    if form.validate_on_submit() and _saved(case, due, form, "liaison"):
        flash(_("The intake profile was saved."), "success")
        return redirect(url_for("referrals.case_detail", case_id=case.id))
    return _answer_page("questionnaires/case_profile.html", form, due, case=case)
