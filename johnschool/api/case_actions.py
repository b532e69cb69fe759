"""API endpoints of a case's turns: the coordinator's override, withdrawal, return."""

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from ..enrollment.models import Enrollment
from ..enrollment.services import ACTIVE_STATUSES, withdraw
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, get_or_404, role_required
from ..referrals.access import case_or_404
from ..referrals.errors import CaseStateError
from ..referrals.services import override_decision, return_to_prosecutor
from . import bp
from .referrals import _text, case_json, locked_case, request_body, state_conflict

OVERRIDE_OUTCOMES = ("eligible", "ineligible")


@bp.post("/referrals/<int:case_id>/override")
@role_required(Role.ADMIN)
def override_referral(case_id):
    """Decide a case under review or ineligible, with a written reason (coordinator only)."""
    case, body, fields = locked_case(case_id), request_body(), {}
    if body.get("outcome") not in OVERRIDE_OUTCOMES:
        fields["outcome"] = _("Expected eligible or ineligible.")
    reason = _text(body, "reason", _("Write the reason."), fields)
    if fields:
        return json_error(422, _("Some fields are invalid."), fields)
    try:
        override_decision(case, body["outcome"], reason, by=current_user)
    except CaseStateError as error:
        return state_conflict(error)
    db.session.commit()
    return jsonify(case_json(case, full=True))


@bp.post("/referrals/<int:case_id>/return")
@role_required(Role.LIAISON, Role.ADMIN)
def return_referral(case_id):
    """Send an ineligible, failed or withdrawn case back to the prosecutor."""
    case = locked_case(case_id)
    try:
        return_to_prosecutor(case, by=current_user)
    except CaseStateError as error:
        return state_conflict(error)
    db.session.commit()
    return jsonify(case_json(case, full=True))


@bp.post("/enrollments/<int:enrollment_id>/withdraw")
@role_required(Role.LIAISON, Role.ADMIN)
def withdraw_enrollment(enrollment_id):
    """Withdraw a case from its seat or waitlist place, with a reason; the seat is passed on."""
    enrollment, fields = get_or_404(Enrollment, enrollment_id), {}
    case_or_404(enrollment.case_id)  # another site's enrollment is unknown here
    reason = _text(request_body(), "reason", _("Write the reason for the withdrawal."), fields)
    if fields:
        return json_error(422, _("Some fields are invalid."), fields)
    if enrollment.status not in ACTIVE_STATUSES:
        return json_error(409, _("Only an enrolled or waitlisted case can be withdrawn."))
    try:
        withdrawn = withdraw(enrollment.case, reason, by=current_user)
    except CaseStateError as error:
        return state_conflict(error)
    db.session.commit()
    return jsonify(
        id=withdrawn.id,
        status=withdrawn.status,
        case_id=withdrawn.case_id,
        case_state=withdrawn.case.state,
        cohort_id=withdrawn.cohort_id,
    )
