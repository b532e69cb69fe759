"""Pages of the bulk actions on a cohort: enroll several admitted cases, withdraw several."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..curriculum.access import cohort_or_404
from ..extensions import db
from ..permissions import Role, role_required
from ..referrals.errors import CaseStateError
from . import bp
from .bulk import (
    SelectionRefused,
    admitted_cases_page,
    check_open,
    enroll_cases,
    plan_enrollment,
    plan_withdrawal,
    withdraw_cases,
)
from .bulk_forms import ConfirmEnrollmentForm, ConfirmWithdrawalForm, SelectionForm
from .services import CohortError, seats_taken
from .views import cohort_enrollments

CASE_ROLES = (Role.LIAISON, Role.ADMIN)


def _closed_reason(cohort):
    """Why the cohort takes nobody any more, or None."""
    try:
        check_open(cohort)
    except CohortError as error:
        return str(error)
    return None


def _back_to_cohort(cohort):
    """Go back to the cohort's list of enrollments."""
    return redirect(url_for("enrollment.cohort_enrollments", cohort_id=cohort.id))


@bp.get("/cohorts/<int:cohort_id>/enroll-cases")
@role_required(*CASE_ROLES)
def cohort_bulk_enroll(cohort_id):
    """List the admitted cases of the cohort's language, to choose several to enroll."""
    cohort = cohort_or_404(cohort_id)
    page = admitted_cases_page(cohort, request.args.get("page", 1, type=int))
    return render_template(
        "enrollment/bulk_enroll.html",
        cohort=cohort,
        page=page,
        form=SelectionForm(formdata=None),
        closed=_closed_reason(cohort),
        free=max(cohort.capacity - seats_taken([cohort.id])[cohort.id], 0),
    )


def _render_enrollment_plan(cohort, case_ids, status=200, error=None):
    """Show who will be seated and who waitlisted, or why the selection is refused."""
    try:
        plan = plan_enrollment(cohort, case_ids)
    except ValueError as error_now:  # CohortError included: the cohort closed or started
        flash(str(error_now), "error")
        return redirect(url_for("enrollment.cohort_bulk_enroll", cohort_id=cohort.id))
    if error is not None:
        flash(str(error), "error")
    form = ConfirmEnrollmentForm(formdata=None, expected_seats=len(plan.seated))
    status = 409 if plan.refusals else status
    return render_template(
        "enrollment/bulk_enroll_confirm.html",
        cohort=cohort,
        plan=plan,
        form=form,
        case_ids=[case.id for case in plan.seated + plan.waitlisted],
    ), status


@bp.post("/cohorts/<int:cohort_id>/enroll-cases/review")
@role_required(*CASE_ROLES)
def cohort_bulk_enroll_review(cohort_id):
    """Show the confirmation page of the cases chosen for enrollment."""
    cohort = cohort_or_404(cohort_id)
    form = SelectionForm()
    if not form.validate_on_submit():
        return _refused_selection(form, lambda: cohort_bulk_enroll(cohort.id))
    return _render_enrollment_plan(cohort, form.case_ids.data)


def _refused_selection(form, list_page):
    """Say why a selection was not read, and show the list to choose from again (422)."""
    for errors in form.errors.values():
        for message in errors:
            flash(message, "error")
    body = list_page()
    return (body[0] if isinstance(body, tuple) else body), 422


@bp.post("/cohorts/<int:cohort_id>/enroll-cases/confirm")
@role_required(*CASE_ROLES)
def cohort_bulk_enroll_confirm(cohort_id):
    """Enroll the confirmed cases in one transaction, or none of them."""
    cohort = cohort_or_404(cohort_id)
    form = ConfirmEnrollmentForm()
    if not form.validate_on_submit():
        return _refused_selection(form, lambda: cohort_bulk_enroll(cohort.id))
    try:
        enrollments = enroll_cases(
            cohort, form.case_ids.data, expected_seats=form.expected_seats.data, by=current_user
        )
    except ValueError as error:  # refused cases, seats changed, the cohort closed meanwhile
        db.session.rollback()
        return _render_enrollment_plan(cohort, form.case_ids.data, 409, error)
    db.session.commit()
    seated = sum(1 for item in enrollments if item.status == "enrolled")
    flash(
        _(
            "%(seated)d enrolled, %(waitlisted)d on the waitlist.",
            seated=seated,
            waitlisted=len(enrollments) - seated,
        ),
        "success",
    )
    return _back_to_cohort(cohort)


def _render_withdrawal_plan(cohort, form, status=200):
    """Show who will leave the cohort, the reason and the confirmation to tick."""
    plan = plan_withdrawal(cohort, form.case_ids.data)
    return render_template(
        "enrollment/bulk_withdraw_confirm.html",
        cohort=cohort,
        plan=plan,
        form=form,
        case_ids=[enrollment.case_id for enrollment in plan.enrollments],
    ), (409 if plan.refusals else status)


@bp.post("/cohorts/<int:cohort_id>/withdrawals/review")
@role_required(*CASE_ROLES)
def cohort_bulk_withdraw_review(cohort_id):
    """Show the confirmation page of the cases chosen for withdrawal."""
    cohort = cohort_or_404(cohort_id)
    form = SelectionForm()
    if not form.validate_on_submit():
        return _refused_selection(form, lambda: cohort_enrollments(cohort.id))
    confirm = ConfirmWithdrawalForm(formdata=None, case_ids=form.case_ids.data)
    try:
        return _render_withdrawal_plan(cohort, confirm)
    except ValueError as error:  # more cases than one selection takes
        flash(str(error), "error")
        return _back_to_cohort(cohort)


@bp.post("/cohorts/<int:cohort_id>/withdrawals")
@role_required(*CASE_ROLES)
def cohort_bulk_withdraw(cohort_id):
    """Withdraw the confirmed cases with one reason, in one transaction, or none of them."""
    cohort = cohort_or_404(cohort_id)
    form = ConfirmWithdrawalForm()
    if not form.validate_on_submit():
        if form.case_ids.errors or "csrf_token" in form.errors:
            return _refused_selection(form, lambda: cohort_enrollments(cohort.id))
        return _render_withdrawal_plan(cohort, form, 422)
    try:
        withdrawn = withdraw_cases(cohort, form.case_ids.data, form.reason.data, by=current_user)
    except ValueError as error:  # refused cases, or a case that moved meanwhile
        db.session.rollback()
        flash(str(error), "error")
        if isinstance(error, SelectionRefused | CaseStateError):
            return _render_withdrawal_plan(cohort, form, 409)
        return _back_to_cohort(cohort)
    db.session.commit()
    message = ngettext(
        "%(num)d case was withdrawn from the cohort.",
        "%(num)d cases were withdrawn from the cohort.",
        len(withdrawn),
    )
    flash(message, "success")
    return _back_to_cohort(cohort)
