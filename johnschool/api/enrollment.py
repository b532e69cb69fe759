"""API endpoint of enrollment: place an admitted case in a cohort or on its waitlist."""

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from ..curriculum.access import reachable_or_none
from ..curriculum.models import Cohort
from ..enrollment.services import CohortError, enroll
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from ..referrals.access import case_or_404
from ..referrals.errors import CaseStateError
from . import bp
from .referrals import request_body, state_conflict


def cohort_from(body):
    """The cohort the body names, or None when missing, not an integer, unknown or out of reach."""
    return reachable_or_none(Cohort, body.get("cohort_id"))


@bp.post("/referrals/<int:case_id>/enroll")
@role_required(Role.LIAISON)
def enroll_referral(case_id):
    """Enroll an admitted case in a cohort of its language, or waitlist it when full."""
    case, cohort = case_or_404(case_id), cohort_from(request_body())
    if cohort is None:
        message = _("Give the id of an existing cohort.")
        return json_error(422, message, {"cohort_id": message})
    try:
        enrollment = enroll(case, cohort, by=current_user)
    except CaseStateError as error:
        return state_conflict(error)
    except CohortError as error:
        db.session.rollback()
        return json_error(422, error, {"cohort_id": str(error)})
    db.session.commit()
    return jsonify(enrollment_id=enrollment.id, status=enrollment.status), 201
