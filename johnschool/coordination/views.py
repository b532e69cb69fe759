"""Pages of the coordination domain: deadline alerts, case notes and case documents."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import program_today
from ..database import writes_database
from ..errors import handle_http_error
from ..extensions import db
from ..permissions import get_or_404, role_required
from ..referrals.models import Case
from ..referrals.queries import STATE_LABELS, money
from . import bp
from .access import CASE_ROLES, can_see_case, case_to_see
from .alerts import alerts_page, first_alerts
from .dashboard import coordinator_dashboard
from .documents import (
    DocumentError,
    case_documents,
    download_document,
    max_bytes,
    max_size_text,
    upload_document,
)
from .forms import KIND_LABELS, DocumentForm, NoteForm
from .labels import missing_label
from .models import CaseDocument
from .notes import add_note, case_notes

PER_PAGE = 25


def case_notes_panel(case, form=None):
    """What the case page's notes section shows: the notes and the form."""
    return {"notes": case_notes(case.id), "form": form or NoteForm(formdata=None)}


def case_documents_panel(case, form=None):
    """What the case page's documents section shows: the documents and the upload form."""
    return {"documents": case_documents(case.id), "form": form or DocumentForm(formdata=None)}


def home_dashboard():
    """The coordinator's dashboard, for the admin's home page."""
    return coordinator_dashboard(program_today(), current_user)


def home_alerts():
    """The signed-in liaison's first deadline alerts, for their home page."""
    return first_alerts(program_today(), current_user)


@bp.record_once
def install_template_helpers(state):
    """Let the home and case pages load their sections and labels."""
    state.app.jinja_env.globals.update(
        case_notes_panel=case_notes_panel,
        case_documents_panel=case_documents_panel,
        coordinator_dashboard=home_dashboard,
        liaison_alerts=home_alerts,
        DOCUMENT_KIND_LABELS=KIND_LABELS,
        CASE_STATE_LABELS=STATE_LABELS,
        case_money=money,
        missing_label=missing_label,
    )


def _case_for(case_id) -> Case:
    """The case of the address, when the signed-in user may see it (404 otherwise)."""
    return case_to_see(case_id, current_user)


@bp.get("/alerts")
@role_required(*CASE_ROLES)
def deadline_alerts():
    """List the open cases near their deadline and what each still lacks."""
    page, alerts, days = alerts_page(
        program_today(),
        request.args.get("page", 1, type=int),
        PER_PAGE,
        current_user,
    )
    return render_template(
        "coordination/alerts.html",
        page=page,
        alerts=alerts,
        days=days,
    )


@bp.post("/cases/<int:case_id>/notes")
@role_required(*CASE_ROLES)
def case_note_add(case_id):
    """Add a dated, signed note to a case."""
    case = _case_for(case_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            add_note(case, form.text.data, by=current_user)
        except ValueError as error:
            db.session.rollback()
            form.text.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("The note was added."), "success")
            return redirect(
                url_for("referrals.case_detail", case_id=case.id, _anchor="notes-title")
            )
    return render_template("coordination/note.html", case=case, form=form), 422


@bp.post("/cases/<int:case_id>/documents")
@role_required(*CASE_ROLES)
def case_document_upload(case_id):
    """File a signed consent, court papers or another document with a case."""
    case = _case_for(case_id)
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            data = upload.read(max_bytes() + 1)
            upload_document(case, form.kind.data, upload.filename, data, by=current_user)
        except DocumentError as error:
            db.session.rollback()
            form.file.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("The document was filed."), "success")
            return redirect(
                url_for("referrals.case_detail", case_id=case.id, _anchor="documents-title")
            )
    return render_template("coordination/document.html", case=case, form=form), 422


@bp.errorhandler(413)
def upload_too_large(error):
    """Say how large a document may be, on the case's upload form, to whoever may see it."""
    case_id = (request.view_args or {}).get("case_id")
    case = db.session.get(Case, case_id) if case_id is not None else None
    if case is None or not can_see_case(current_user, case):
        return handle_http_error(error)
    form = DocumentForm(formdata=None)
    form.file.errors = [_("The file is too large: at most %(size)s.", size=max_size_text())]
    return render_template("coordination/document.html", case=case, form=form), 413


@bp.get("/cases/<int:case_id>/documents/<int:document_id>")
@role_required(*CASE_ROLES)
@writes_database
def case_document_download(case_id, document_id):
    """Download a case's document under a neutral name; the download is logged."""
    case = _case_for(case_id)
    document = get_or_404(CaseDocument, document_id)
    if document.case_id != case.id:
        abort(404)
    try:
        file = download_document(document, by=current_user)
    except FileNotFoundError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    return Response(
        file.data,
        mimetype=file.content_type,
        headers={"Content-Disposition": f'attachment; filename="{file.download_name}"'},
    )
