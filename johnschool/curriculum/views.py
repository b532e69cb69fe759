"""Pages of cohorts and their sessions: the coordinator changes them, liaison and staff read."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import session_local
from ..database import lock
from ..extensions import db
from ..permissions import Role, role_required
from . import bp
from .access import cohort_or_404, session_or_404
from .errors import CurriculumError
from .forms import CohortForm, ConfirmForm, SessionForm, chosen_site_id, show_errors
from .models import Session
from .queries import FORMAT_LABELS, STATUS_LABELS, cohort_page, cohort_with_sessions, seats_taken
from .services import CohortDraft, cancel_cohort, cancel_session, create_cohort, update_session

COHORT_READERS = (Role.ADMIN, Role.LIAISON, Role.STAFF)


@bp.context_processor
def labels():
    """Give the curriculum pages their coded labels."""
    return {"STATUS_LABELS": STATUS_LABELS, "FORMAT_LABELS": FORMAT_LABELS}


def page_number() -> int:
    """The page asked for in the query string; 1 when missing or not a number."""
    return request.args.get("page", 1, type=int) or 1


def load_for_update(model, ident):
    """Load a row, locked when the request changes it, or answer 404."""
    row = lock(model, ident) if request.method == "POST" else db.session.get(model, ident)
    if row is None:
        abort(404)
    return row


@bp.get("/cohorts")
@role_required(*COHORT_READERS)
def cohorts():
    """List the cohorts with their seats taken, latest start first."""
    return render_template("curriculum/cohorts.html", page=cohort_page(page_number()))


@bp.get("/admin/cohorts")
@role_required(Role.ADMIN)
def admin_cohorts():
    """Send the coordinator to the cohort list, which shows them its actions."""
    return redirect(url_for("curriculum.cohorts"))


@bp.get("/cohorts/<int:cohort_id>")
@role_required(*COHORT_READERS)
def cohort_detail(cohort_id):
    """Show a cohort with its sessions, who teaches them and, for the coordinator, actions."""
    cohort = cohort_with_sessions(cohort_id)
    if cohort is None:
        abort(404)
    return render_template(
        "curriculum/cohort.html", cohort=cohort, seats=seats_taken([cohort.id])[cohort.id]
    )


@bp.route("/admin/cohorts/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def cohort_new():
    """Open a cohort; its sessions are generated from the curriculum."""
    form = CohortForm()
    if form.validate_on_submit():
        names = [name for name in CohortDraft.__dataclass_fields__ if name != "site_id"]
        values = {name: form[name].data for name in names}
        draft = CohortDraft(**values, site_id=chosen_site_id(form))
        try:
            cohort = create_cohort(draft, by=current_user)
        except CurriculumError as error:
            db.session.rollback()
            show_errors(form, error.fields)
        else:
            db.session.commit()
            flash(_("The cohort was created with its sessions."), "success")
            return redirect(url_for("curriculum.cohort_detail", cohort_id=cohort.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("curriculum/cohort_new.html", form=form), status


def confirm_action(row, change, *, title, text, done, back):
    """Ask for confirmation, then make one change, commit and go back; refusals say why."""
    form, status = ConfirmForm(), 200
    if request.method == "POST" and not form.validate_on_submit():
        form.confirm.errors, status = [_("Tick the box to confirm.")], 422
    elif request.method == "POST":
        try:
            change(row)
        except CurriculumError as error:
            db.session.rollback()
            flash(str(error), "error")
            status = 409
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(back)
    return render_template(
        "curriculum/confirm.html", form=form, title=title, text=text, back=back
    ), status


@bp.route("/admin/cohorts/<int:cohort_id>/cancel", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def cohort_cancel(cohort_id):
    """Cancel a cohort and its sessions, once confirmed."""
    cohort = cohort_or_404(cohort_id, for_update=request.method == "POST")
    return confirm_action(
        cohort,
        lambda row: cancel_cohort(row, by=current_user),
        title=_("Cancel cohort %(code)s?", code=cohort.code),
        text=_("Its sessions are cancelled too. This cannot be undone."),
        done=_("The cohort was cancelled."),
        back=url_for("curriculum.cohort_detail", cohort_id=cohort.id),
    )


def group_session_for_update(session_id) -> Session:
    """Load a group session to change, locked, or answer 404."""
    session = session_or_404(session_id, for_update=request.method == "POST")
    if session.kind != "group":
        abort(404)
    return session


def session_form(session: Session) -> SessionForm:
    """The session form, filled from the session on a first visit."""
    if request.method == "POST":
        return SessionForm()
    starts, ends = (
        session_local(moment, session) for moment in (session.starts_at, session.ends_at)
    )
    return SessionForm(
        data={
            "day": starts.date(),
            "starts_at": starts.time().replace(tzinfo=None),
            "ends_at": ends.time().replace(tzinfo=None),
            "place": session.place,
        }
    )


@bp.route("/admin/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def session_edit(session_id):
    """Change a session's day, times or place."""
    session = group_session_for_update(session_id)
    form, status = session_form(session), 200
    back = url_for("curriculum.cohort_detail", cohort_id=session.cohort_id)
    if form.validate_on_submit():
        values = (form[name].data for name in ("day", "starts_at", "ends_at", "place"))
        try:
            update_session(session, *values, by=current_user)
        except CurriculumError as error:
            db.session.rollback()
            status = refused(form, error)
        else:
            db.session.commit()
            flash(_("The session was saved."), "success")
            return redirect(back)
    elif form.errors:
        status = 422
    return render_template(
        "curriculum/session_edit.html", form=form, session=session, back=back
    ), status


def refused(form, error: CurriculumError) -> int:
    """Show a service's refusal: next to its inputs (422), or as a message (409)."""
    if error.fields:
        show_errors(form, error.fields)
        return 422
    flash(str(error), "error")
    return 409


@bp.route("/admin/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def session_cancel(session_id):
    """Cancel one session, once confirmed."""
    session = group_session_for_update(session_id)
    return confirm_action(
        session,
        lambda row: cancel_session(row, by=current_user),
        title=_("Cancel this session?"),
        text=_("Participants will no longer be expected at it. This cannot be undone."),
        done=_("The session was cancelled."),
        back=url_for("curriculum.cohort_detail", cohort_id=session.cohort_id),
    )
