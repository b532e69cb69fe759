"""Pages of enrollment: enroll, withdraw, follow-ups, and a cohort's seats and waitlist."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import site_zone
from ..curriculum.access import cohort_or_404, professional_or_404, reachable_or_none
from ..curriculum.models import Cohort
from ..extensions import db
from ..permissions import Role, role_required
from ..referrals.access import case_or_404
from ..referrals.errors import CaseStateError
from ..templating import DISCIPLINE_LABELS
from . import bp
from .follow_ups import individual_sessions, requirements, schedule_individual_session
from .follow_ups import set_follow_up_requirement as set_requirement
from .forms import EnrollForm, FollowUpForm, SessionForm, WithdrawForm
from .queries import (
    ENROLLMENT_STATUS_LABELS,
    WARNING_LABELS,
    active_enrollment,
    active_professionals,
    case_panel,
    cohort_enrollments_page,
    waitlist_position,
)
from .services import CohortError, enroll, seats_taken, withdraw

CASE_ROLES = (Role.LIAISON, Role.ADMIN)


@bp.record_once
def install_template_helpers(state):
    """Let the case page's enrollment section load its data and labels."""
    state.app.jinja_env.globals.update(
        enrollment_panel=case_panel,
        follow_up_form=lambda: FollowUpForm(formdata=None),
        ENROLLMENT_STATUS_LABELS=ENROLLMENT_STATUS_LABELS,
        DISCIPLINE_LABELS=DISCIPLINE_LABELS,
        WARNING_LABELS=WARNING_LABELS,
    )


def back_to_case(case):
    """Go back to the case page."""
    return redirect(url_for("referrals.case_detail", case_id=case.id))


def refused(template, status, error, **context):
    """Roll back, say why, and show the page again with status."""
    db.session.rollback()
    flash(str(error), "error")
    return render_template(template, **context), status


@bp.post("/cases/<int:case_id>/enroll")
@role_required(*CASE_ROLES)
def case_enroll(case_id):
    """Enroll an admitted case in a cohort, or put it on the cohort's waitlist."""
    case = case_or_404(case_id)
    form = EnrollForm()
    context = {"case": case, "form": form, "panel": case_panel(case)}
    form.cohort_id.choices = [
        (item.cohort.id, item.cohort.code) for item in context["panel"].open_cohorts
    ]
    if not form.validate_on_submit():
        return render_template("enrollment/enroll.html", **context), 422
    try:
        cohort = reachable_or_none(Cohort, form.cohort_id.data)
        enrollment = enroll(case, cohort, by=current_user)
    except CaseStateError as error:
        return refused("enrollment/enroll.html", 409, error, **context)
    except CohortError as error:
        form.cohort_id.errors = [str(error)]
        return refused("enrollment/enroll.html", 422, error, **context)
    db.session.commit()
    flash_enrolled(enrollment)
    return back_to_case(case)


def flash_enrolled(enrollment):
    """Say whether the case got a seat or a place on the waitlist."""
    code = enrollment.cohort.code
    if enrollment.status == "enrolled":
        flash(_("The case is enrolled in cohort %(code)s.", code=code), "success")
    else:
        position = waitlist_position(enrollment)
        flash(
            _(
                "Cohort %(code)s is full: the case is on its waitlist, position %(position)d.",
                code=code,
                position=position,
            ),
            "warning",
        )


@bp.route("/cases/<int:case_id>/withdraw", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def case_withdraw(case_id):
    """Withdraw a case from its cohort, with a reason, after a confirmation page."""
    case = case_or_404(case_id)
    form = WithdrawForm()
    context = {"case": case, "form": form, "enrollment": active_enrollment(case.id)}
    if context["enrollment"] is None:
        message = _("Only an enrolled or waitlisted case can be withdrawn.")
        return refused("enrollment/withdraw.html", 409, message, **context)
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("enrollment/withdraw.html", **context), status
    try:
        withdraw(case, form.reason.data, by=current_user)
    except ValueError as error:  # CaseStateError included: the case moved meanwhile
        status = 409 if isinstance(error, CaseStateError) else 422
        return refused("enrollment/withdraw.html", status, error, **context)
    db.session.commit()
    flash(_("The case was withdrawn from its cohort."), "success")
    return back_to_case(case)


def follow_ups_context(case, form):
    """What the follow-ups page shows."""
    return {
        "case": case,
        "form": form,
        "requirements": requirements(case.id),
        "sessions": individual_sessions(case.id),
        "panel": case_panel(case),
    }


@bp.route("/cases/<int:case_id>/follow-ups", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def case_follow_ups(case_id):
    """Show a case's individual follow-ups, and set how many of a discipline it needs."""
    case = case_or_404(case_id)
    form = FollowUpForm()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template(
            "enrollment/follow_ups.html", **follow_ups_context(case, form)
        ), status
    try:
        set_requirement(case, form.discipline.data, form.session_count.data, by=current_user)
    except ValueError as error:
        status = 409 if isinstance(error, CaseStateError) else 422
        db.session.rollback()
        flash(str(error), "error")
        return render_template(
            "enrollment/follow_ups.html", **follow_ups_context(case, form)
        ), status
    db.session.commit()
    flash(_("The follow-up requirement was saved."), "success")
    return redirect(url_for("enrollment.case_follow_ups", case_id=case.id))


@bp.route("/cases/<int:case_id>/follow-ups/sessions/new", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def case_session_new(case_id):
    """Schedule an individual session; warnings about the professional hold it until forced."""
    case = case_or_404(case_id)
    form = SessionForm()
    form.professional_id.choices = [(p.id, p.name) for p in active_professionals(case.site_id)]
    context = {"case": case, "form": form, "warnings": []}
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("enrollment/session_new.html", **context), status
    try:
        result = schedule(case, form)
    except ValueError as error:
        status = 409 if isinstance(error, CaseStateError) else 422
        return refused("enrollment/session_new.html", status, error, **context)
    if result.session is None:
        db.session.rollback()
        context["warnings"] = result.warnings
        return render_template("enrollment/session_new.html", **context), 422
    db.session.commit()
    flash(_("The individual session was scheduled."), "success")
    return redirect(url_for("enrollment.case_follow_ups", case_id=case.id))


def schedule(case, form):
    """Schedule the session the form describes."""
    return schedule_individual_session(
        case,
        professional_or_404(form.professional_id.data),
        form.moment(form.starts.data, site_zone(case.site)),
        form.moment(form.ends.data, site_zone(case.site)),
        form.place.data,
        discipline=form.discipline.data,
        force=form.force.data,
        by=current_user,
    )


@bp.get("/cohorts/<int:cohort_id>/enrollments")
@role_required(*CASE_ROLES)
def cohort_enrollments(cohort_id):
    """List a cohort's seated cases, then its waitlist in order."""
    cohort = cohort_or_404(cohort_id)
    page = cohort_enrollments_page(cohort, request.args.get("page", 1, type=int))
    seated = seats_taken([cohort.id])[cohort.id]
    first = (page.page - 1) * page.per_page
    rows = [
        (item, first + index - seated + 1 if item.status == "waitlisted" else None)
        for index, item in enumerate(page.items)
    ]
    return render_template(
        "enrollment/cohort_enrollments.html", cohort=cohort, page=page, rows=rows, seated=seated
    )
