"""API endpoints of re-offending checks at 6, 12 and 24 months after a case's outcome."""

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import program_today
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from ..referrals.access import case_or_404
from ..referrals.errors import CaseStateError
from ..research.follow_ups import (
    FollowUpError,
    due_cases_page,
    due_follow_ups,
    follow_ups_by_case,
    outcome_on,
    record_check,
)
from ..research.models import FOLLOW_UP_MONTHS, OFFENCE_CATEGORIES
from . import bp
from .referrals import _day, request_body, state_conflict
from .views import page_number

CHECK_ROLES = (Role.LIAISON, Role.ADMIN)
PER_PAGE = 50


def follow_up_json(follow_up):
    """One check: when it is due, its status, and its result once done."""
    check = follow_up.check
    return {
        "months": follow_up.months,
        "due_on": follow_up.due_on.isoformat(),
        "status": follow_up.status,
        "checked_on": check and check.checked_on.isoformat(),
        "has_new_charge": check and check.has_new_charge,
        "offence_category": check and check.offence_category,
    }


def checks_json(case, follow_ups):
    """A case's outcome day and its three checks."""
    outcome = outcome_on(case)
    return {
        "case_id": case.id,
        "state": case.state,
        "outcome_on": outcome and outcome.isoformat(),
        "checks": [follow_up_json(item) for item in follow_ups],
    }


@bp.get("/follow-up-checks/due")
@role_required(*CHECK_ROLES)
def follow_up_checks_due():
    """The closed cases with a check due or overdue, oldest outcome first."""
    today = program_today()
    page = due_cases_page(today, page_number(), PER_PAGE, current_user)
    follow_ups = follow_ups_by_case(page.items, today)
    items = [
        {
            **checks_json(case, follow_ups[case.id]),
            "court_file": case.court_file,
            "family_name": case.client.family_name,
            "given_name": case.client.given_name,
        }
        for case in page.items
    ]
    return jsonify(items=items, total=page.total, page=page.page)


@bp.get("/referrals/<int:case_id>/follow-up-checks")
@role_required(*CHECK_ROLES)
def case_follow_up_checks(case_id):
    """The case's checks at 6, 12 and 24 months; none while the case is open."""
    case = case_or_404(case_id)
    return jsonify(checks_json(case, due_follow_ups(case, program_today())))


def read_check(body):
    """The check's values from the body, or the fields at fault."""
    fields = {}
    months = body.get("months")
    if isinstance(months, bool) or months not in FOLLOW_UP_MONTHS:
        fields["months"] = _("Expected 6, 12 or 24.")
    checked_on = _day(body, "checked_on", fields) if "checked_on" in body else program_today()
    has_new_charge = body.get("has_new_charge")
    if not isinstance(has_new_charge, bool):
        fields["has_new_charge"] = _("Expected true or false.")
    category = body.get("offence_category")
    if category is not None and category not in OFFENCE_CATEGORIES:
        fields["offence_category"] = _(
            "Expected one of: %(values)s, or null.", values=", ".join(OFFENCE_CATEGORIES)
        )
    return (months, checked_on, has_new_charge, category), fields


@bp.post("/referrals/<int:case_id>/follow-up-checks")
@role_required(*CHECK_ROLES)
def record_follow_up_check(case_id):
    """Record, or correct, the check of a closed case at 6, 12 or 24 months."""
    case = case_or_404(case_id)
    values, fields = read_check(request_body())
    if fields:
        return json_error(422, _("Some fields are invalid."), fields)
    try:
        record_check(case, *values, by=current_user)
    except CaseStateError as error:
        return state_conflict(error)
    except FollowUpError as error:
        db.session.rollback()
        return json_error(422, error, {error.field: str(error)})
    db.session.commit()
    return jsonify(checks_json(case, due_follow_ups(case, program_today()))), 201
