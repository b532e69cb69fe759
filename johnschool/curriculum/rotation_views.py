"""Pages of the rotation: the coordinator's review, changes by hand, professionals' sessions."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..auth.models import User
from ..extensions import db
from ..permissions import Role, role_required
from ..templating import DISCIPLINE_LABELS
from . import bp
from .access import cohort_or_404, session_or_404
from .models import Cohort, Professional, Session
from .rotation_forms import AssignForm, ConfirmForm, ProposeForm
from .rotation_services import (
    AssignmentConflict,
    RotationError,
    active_professionals,
    apply_rotation,
    assign_session,
    cohort_sessions,
    confirm_rotation,
    linked_professional,
    propose_rotation,
    upcoming_assignments,
)
from .rotation_text import flag_text, note_texts, warning_text

PER_PAGE = 25


def _review(cohort: Cohort, propose_form=None, status=200):
    """Render the review table of a cohort's rotation."""
    sessions = cohort_sessions(cohort)
    rows = [(s, *note_texts(s.rotation_note), flag_text(s.rotation_note)) for s in sessions]
    confirmed_by = (
        db.session.get(User, cohort.rotation_confirmed_by_id)
        if cohort.rotation_confirmed_by_id
        else None
    )
    return render_template(
        "curriculum/rotation.html",
        cohort=cohort,
        rows=rows,
        has_choices=any(s.professional_id or s.backup_id for s in sessions),
        propose_form=propose_form or ProposeForm(formdata=None),
        confirm_form=ConfirmForm(formdata=None),
        confirmed_by=confirmed_by,
    ), status


@bp.get("/admin/cohorts/<int:cohort_id>/rotation")
@role_required(Role.ADMIN)
def cohort_rotation(cohort_id):
    """Show who teaches and backs up each session of a cohort, and why."""
    return _review(cohort_or_404(cohort_id))


def _locked_cohort(cohort_id) -> Cohort:
    """Load a cohort for update, or answer 404."""
    return cohort_or_404(cohort_id, for_update=True)


@bp.post("/admin/cohorts/<int:cohort_id>/rotation/propose")
@role_required(Role.ADMIN)
def cohort_rotation_propose(cohort_id):
    """Propose the rotation of a cohort again; replacing choices needs confirmation."""
    cohort = _locked_cohort(cohort_id)
    form = ProposeForm()
    if not form.validate_on_submit():
        return _review(cohort, form, 422)
    sessions = cohort_sessions(cohort)
    if any(s.professional_id or s.backup_id for s in sessions) and not form.replace.data:
        form.replace.errors = [_("Tick the box to replace the current choices.")]
        return _review(cohort, form, 422)
    try:
        proposals = propose_rotation(cohort)
        apply_rotation(cohort, proposals, by=current_user)
    except RotationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("curriculum.cohort_rotation", cohort_id=cohort_id))
    db.session.commit()
    flagged = sum(1 for p in proposals if p.is_flagged)
    proposed = ngettext(
        "A rotation was proposed for %(num)d session.",
        "A rotation was proposed for %(num)d sessions.",
        len(proposals),
    )
    flash(proposed, "success")
    if flagged:
        flash(ngettext("%(num)d session has nobody.", "%(num)d sessions have nobody.", flagged))
    return redirect(url_for("curriculum.cohort_rotation", cohort_id=cohort_id))


@bp.post("/admin/cohorts/<int:cohort_id>/rotation/confirm")
@role_required(Role.ADMIN)
def cohort_rotation_confirm(cohort_id):
    """Confirm a cohort's rotation; refused while a session has no professional."""
    cohort = _locked_cohort(cohort_id)
    if not ConfirmForm().validate_on_submit():
        return _review(cohort, status=422)
    try:
        confirm_rotation(cohort, by=current_user)
    except RotationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The rotation is confirmed."), "success")
    return redirect(url_for("curriculum.cohort_rotation", cohort_id=cohort_id))


def _assign_form(row: Session) -> tuple[AssignForm, dict]:
    """The form of a session's professionals, with active ones and current ones offered."""
    professionals = active_professionals(row.site_id)
    for current in (row.professional, row.backup):
        if current is not None and current not in professionals:
            professionals.append(current)
    form = AssignForm(professional=row.professional_id, backup=row.backup_id)
    labels = {p.id: _professional_label(p) for p in professionals}
    form.set_professionals(professionals, labels)
    return form, {p.id: p for p in professionals}


def _professional_label(professional: Professional) -> str:
    """A professional's name with their disciplines, for the select lists."""
    disciplines = ", ".join(DISCIPLINE_LABELS[d] for d in professional.discipline_names)
    label = f"{professional.name} ({disciplines})" if disciplines else professional.name
    return label if professional.is_active else _("%(name)s — inactive", name=label)


def _assign(row: Session, form: AssignForm, by_id: dict) -> list:
    """Apply the form; return the warnings still to show (none when it went through)."""
    main, backup = by_id.get(form.professional.data), by_id.get(form.backup.data)
    try:
        assign_session(row, main, backup, by=current_user)
    except AssignmentConflict as conflict:
        signatures = {w.signature for w in conflict.warnings}
        if not (form.force.data and signatures <= form.seen_warnings()):
            return conflict.warnings
        assign_session(row, main, backup, by=current_user, force=True)
    return []


@bp.route("/admin/sessions/<int:session_id>/assign", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def session_assign(session_id):
    """Change a session's main professional and backup, warning about conflicts."""
    row = session_or_404(session_id, for_update=request.method == "POST")
    form, by_id = _assign_form(row)
    warnings = []
    if form.validate_on_submit():
        try:
            warnings = _assign(row, form, by_id)
        except RotationError as error:
            form.backup.errors.append(str(error))
        if not warnings and not form.errors:
            db.session.commit()
            flash(_("The professionals of the session were changed."), "success")
            return redirect(_back_to(row))
        form.seen.data = ",".join(sorted(w.signature for w in warnings))
        form.force.data = False
    shown = [(w, warning_text(w, by_id[w.professional_id].name)) for w in warnings]
    status = 409 if warnings else 422 if form.errors else 200
    return render_template(
        "curriculum/assign_session.html", row=row, form=form, warnings=shown
    ), status


def _back_to(row: Session) -> str:
    """Where to go after changing a session: its cohort's rotation, or the session again."""
    if row.cohort_id is not None:
        return url_for("curriculum.cohort_rotation", cohort_id=row.cohort_id)
    return url_for("curriculum.session_assign", session_id=row.id)


@bp.get("/assignments")
@role_required(Role.STAFF)
def assignments():
    """List the sessions from today on that the signed-in professional teaches or backs up."""
    professional = linked_professional(current_user)
    page = None
    if professional is not None:
        page = db.paginate(upcoming_assignments(professional), per_page=PER_PAGE, error_out=False)
    return render_template("curriculum/assignments.html", professional=professional, page=page)
