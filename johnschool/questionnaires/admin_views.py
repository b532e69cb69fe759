"""The coordinator's pages: questionnaires, their versions, and changes that make a new one."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ..extensions import db
from ..permissions import Role, get_or_404, role_required
from . import bp
from .forms import ItemForm, NewItemForm, choices_text
from .models import QuestionItem, Questionnaire
from .models import QuestionnaireVersion as Version
from .services import QuestionnaireError, add_item, current_version, revise_item, with_items


@bp.get("/admin/questionnaires")
@role_required(Role.ADMIN)
def admin_list():
    """List the questionnaires with the number of their current version."""
    rows = db.session.execute(
        select(Questionnaire, Version, func.count(QuestionItem.id))
        .join(Version, Version.questionnaire_id == Questionnaire.id)
        .outerjoin(QuestionItem, QuestionItem.version_id == Version.id)
        .where(Version.is_current)
        .group_by(Questionnaire.id, Version.id)
        .order_by(Questionnaire.purpose.desc(), Questionnaire.code)
    ).all()
    return render_template("questionnaires/admin_list.html", rows=rows)


def _version_page(questionnaire, version):
    """Render one version of a questionnaire, with the list of all its versions."""
    return render_template(
        "questionnaires/admin_detail.html",
        questionnaire=questionnaire,
        version=with_items(version),
        versions=list(reversed(questionnaire.versions)),
    )


@bp.get("/admin/questionnaires/<int:questionnaire_id>")
@role_required(Role.ADMIN)
def admin_detail(questionnaire_id):
    """Show the current version's items and choices, with the links that change them."""
    questionnaire = get_or_404(Questionnaire, questionnaire_id)
    return _version_page(questionnaire, current_version(questionnaire.code))


@bp.get("/admin/questionnaires/<int:questionnaire_id>/versions/<int:number>")
@role_required(Role.ADMIN)
def admin_version(questionnaire_id, number):
    """Show an older version, read-only."""
    questionnaire = get_or_404(Questionnaire, questionnaire_id)
    version = db.session.scalar(
        select(Version).where(
            Version.questionnaire_id == questionnaire.id, Version.number == number
        )
    )
    if version is None:
        abort(404)
    return _version_page(questionnaire, version)


def _current_item(questionnaire, item_id) -> QuestionItem:
    """An item of the questionnaire's current version, or 404."""
    item = db.session.get(QuestionItem, item_id)
    version = item.version if item else None
    if version is None or version.questionnaire_id != questionnaire.id or not version.is_current:
        abort(404)
    return item


@bp.route(
    "/admin/questionnaires/<int:questionnaire_id>/items/<int:item_id>", methods=["GET", "POST"]
)
@role_required(Role.ADMIN)
def admin_item_edit(questionnaire_id, item_id):
    """Change an item's wording or choices: a new version, once confirmed."""
    questionnaire = get_or_404(Questionnaire, questionnaire_id)
    item = _current_item(questionnaire, item_id)
    form = ItemForm(
        data={"text_fr": item.text_fr, "text_en": item.text_en, "choices": choices_text(item)}
    )
    if form.validate_on_submit():
        return _save_version(
            questionnaire,
            form,
            lambda: revise_item(
                item,
                text_fr=form.text_fr.data,
                text_en=form.text_en.data,
                choices=form.parsed_choices,
                by=current_user,
            ),
        )
    return _item_page(questionnaire, item.version, form, item)


@bp.route("/admin/questionnaires/<int:questionnaire_id>/items/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_item_new(questionnaire_id):
    """Add an item at the end of the questionnaire: a new version, once confirmed."""
    questionnaire = get_or_404(Questionnaire, questionnaire_id)
    version = current_version(questionnaire.code)
    form = NewItemForm()
    if form.validate_on_submit():
        return _save_version(
            questionnaire,
            form,
            lambda: add_item(
                questionnaire,
                code=form.code.data,
                text_fr=form.text_fr.data,
                text_en=form.text_en.data,
                choices=form.parsed_choices,
                by=current_user,
            ),
        )
    return _item_page(questionnaire, version, form)


def _save_version(questionnaire, form, change):
    """Make the new version, commit and go back; a refusal shows the form again (422)."""
    try:
        version = change()
    except QuestionnaireError as error:
        db.session.rollback()
        _show_errors(form, error)
        questionnaire = db.session.get(Questionnaire, questionnaire.id)
        item_id = request.view_args.get("item_id")
        item = db.session.get(QuestionItem, item_id) if item_id else None
        return _item_page(questionnaire, current_version(questionnaire.code), form, item)
    db.session.commit()
    flash(
        _("Version %(number)d of the questionnaire is now in force.", number=version.number),
        "success",
    )
    return redirect(url_for("questionnaires.admin_detail", questionnaire_id=questionnaire.id))


def _show_errors(form, error: QuestionnaireError) -> None:
    """Put the service's refusals next to the inputs they name."""
    form.form_errors.append(str(error))
    for name, message in error.fields.items():
        if name in form:
            form[name].errors = [*form[name].errors, str(message)]


def _item_page(questionnaire, version, form, item=None):
    """Render the item form, with errors (422) when it was refused."""
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "questionnaires/admin_item.html",
        questionnaire=questionnaire,
        version=version,
        item=item,
        form=form,
        has_choices=questionnaire.purpose == "profile",
    ), status
