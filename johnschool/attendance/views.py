"""Pages of session staff: their sessions, the roll call at the door, make-up bookings."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..curriculum.models import Session
from ..enrollment.access import enrollment_or_404
from ..extensions import db
from ..permissions import Role, get_or_404, role_required
from . import bp
from .access import booking_or_404, session_to_run
from .completion import missing_for
from .forms import (
    DISCIPLINE_LABELS,
    STATUS_LABELS,
    CancelMakeUpForm,
    MakeUpForm,
    RollCallForm,
    read_marks,
    typed_from,
)
from .models import MakeUpBooking
from .queries import roster, session_page, unmarked_count
from .reports import case_completion, make_up_choices, session_label
from .services import (
    AttendanceStateError,
    InvalidRollCall,
    book_make_up,
    cancel_make_up,
    day_is_over,
    enrollments_of,
    refresh_completions,
    save_roll_call,
)

SESSION_ROLES = (Role.STAFF, Role.ADMIN)
MAKE_UP_ROLES = (Role.STAFF, Role.LIAISON, Role.ADMIN)


@bp.app_context_processor
def attendance_helpers():
    """Give every page the discipline labels and the case page its completion section."""
    return {
        "DISCIPLINE_LABELS": DISCIPLINE_LABELS,
        "case_completion": case_completion,
        "session_label": session_label,
    }


@bp.get("/sessions")
@role_required(*SESSION_ROLES)
def sessions():
    """List the sessions the staff member runs (every session for the coordinator)."""
    page = session_page(current_user, request.args.get("page", 1, type=int))
    return render_template("attendance/sessions.html", page=page)


def _render_roll_call(session, lines, form, typed, errors=None, status=200):
    """Render the roll call with what was typed and the errors of each line."""
    return render_template(
        "attendance/roll_call.html",
        session=session,
        lines=lines,
        typed=typed,
        errors=errors or {},
        status_labels=STATUS_LABELS.translated(),
        form=form,
        unmarked=unmarked_count(lines),
        # Only a correction after the session's day needs a reason: at the door, no field.
        asks_reason=day_is_over(session) or bool(form.reason.errors),
    ), status


@bp.get("/sessions/<int:session_id>/roll-call")
@role_required(*SESSION_ROLES)
def roll_call(session_id):
    """Show the session's roster as one form, nothing pre-checked until marked."""
    session = session_to_run(session_id, with_module=True)
    lines = roster(session)
    return _render_roll_call(session, lines, RollCallForm(), typed_from(lines))


def _line_errors(error: InvalidRollCall, marks) -> dict:
    """Errors keyed by enrollment id then field, from the service's records[i].field keys."""
    errors = {}
    for key, message in error.fields.items():
        if key.startswith("records["):
            index, field = key[len("records[") :].split("].")
            errors.setdefault(marks[int(index)].enrollment_id, {})[field] = message
    return errors


@bp.post("/sessions/<int:session_id>/roll-call")
@role_required(*SESSION_ROLES)
def save_roll_call_view(session_id):
    """Save the roll call; saving again corrects. Then say how many are still unmarked."""
    session = session_to_run(session_id, for_update=True)
    lines, form = roster(session), RollCallForm()
    marks, typed = read_marks(request.form, lines)
    if not form.validate_on_submit():
        return _render_roll_call(session, lines, form, typed, status=422)
    try:
        save_roll_call(session, marks, by=current_user, reason=form.reason.data)
        refresh_completions(enrollments_of(marks), by=current_user)
    except AttendanceStateError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _render_roll_call(session, lines, form, typed, status=409)
    except InvalidRollCall as error:
        db.session.rollback()
        if "reason" in error.fields:
            form.reason.errors = [error.fields["reason"]]
        flash(str(error), "error")
        return _render_roll_call(session, lines, form, typed, _line_errors(error, marks), 422)
    db.session.commit()
    left = unmarked_count(roster(session))
    flash(
        _("The attendance was saved.")
        + " "
        + ngettext("%(num)d person is still unmarked.", "%(num)d people are still unmarked.", left),
        "success",
    )
    return redirect(url_for("attendance.roll_call", session_id=session.id))


def _enrollment_for_make_up(enrollment_id):
    """Load an enrollment of the user's sites whose make-ups are managed here, or answer 404."""
    return enrollment_or_404(enrollment_id)


@bp.route("/enrollments/<int:enrollment_id>/make-ups", methods=["GET", "POST"])
@role_required(*MAKE_UP_ROLES)
def make_ups(enrollment_id):
    """Book a participant into another cohort's session of a module they missed."""
    enrollment = _enrollment_for_make_up(enrollment_id)
    form = MakeUpForm()
    choices = make_up_choices(enrollment)
    form.session_id.choices = [(row.session.id, row.label) for row in choices]
    status = 200
    if form.validate_on_submit():
        try:
            book_make_up(enrollment, get_or_404(Session, form.session_id.data), by=current_user)
        except AttendanceStateError as error:
            db.session.rollback()
            form.session_id.errors = [str(error)]
            status = 409
        else:
            db.session.commit()
            flash(_("The make-up session was booked."), "success")
            return redirect(url_for("attendance.make_ups", enrollment_id=enrollment.id))
    elif form.errors:
        status = 422
    return _render_make_ups(enrollment, form, choices, status)


def _render_make_ups(enrollment, form, choices, status):
    """Render the make-up page of an enrollment."""
    bookings = db.session.scalars(
        db.select(MakeUpBooking)
        .where(MakeUpBooking.enrollment_id == enrollment.id)
        .order_by(MakeUpBooking.booked_at.desc())
    ).all()
    return render_template(
        "attendance/make_ups.html",
        enrollment=enrollment,
        form=form,
        choices=choices,
        bookings=bookings,
        missing=missing_for([enrollment])[enrollment.id],
    ), status


@bp.route("/make-ups/<int:booking_id>/cancel", methods=["GET", "POST"])
@role_required(*MAKE_UP_ROLES)
def cancel_make_up_view(booking_id):
    """Cancel a make-up booking once confirmed."""
    booking = booking_or_404(booking_id)
    form = CancelMakeUpForm()
    if request.method == "POST" and form.validate_on_submit() and form.confirm.data:
        try:
            cancel_make_up(booking, by=current_user)
        except AttendanceStateError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("attendance.make_ups", enrollment_id=booking.enrollment_id))
        db.session.commit()
        flash(_("The make-up booking was cancelled."), "success")
        return redirect(url_for("attendance.make_ups", enrollment_id=booking.enrollment_id))
    status = 200
    if request.method == "POST":
        form.confirm.errors = [_("Tick the box to confirm.")]
        status = 422
    return render_template("attendance/cancel_make_up.html", booking=booking, form=form), status
