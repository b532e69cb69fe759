"""API endpoints of attendance: a session's roster, its roll call, an enrollment's progress."""

from flask import abort, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from ..attendance.access import session_to_run
from ..attendance.completion import missing_requirements
from ..attendance.queries import roster, unmarked_count
from ..attendance.services import (
    AttendanceStateError,
    InvalidRollCall,
    Mark,
    enrollments_of,
    refresh_completions,
    save_roll_call,
)
from ..enrollment.access import enrollment_or_404
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from ..portal.models import ParticipantAccount
from . import bp
from .referrals import request_body


def roster_json(session):
    """Describe a session's roster with the attendance recorded so far."""
    lines = roster(session)
    return {
        "session_id": session.id,
        "starts_at": session.starts_at.isoformat(),
        "items": [line.to_json() for line in lines],
        "unmarked": unmarked_count(lines),
    }


@bp.get("/sessions/<int:session_id>/roster")
@role_required(Role.STAFF, Role.ADMIN)
def session_roster(session_id):
    """Who the session expects, with attendance so far."""
    return jsonify(roster_json(session_to_run(session_id)))


def read_records(body):
    """The marks of the body, or the fields that make it unreadable."""
    records = body.get("records")
    if not isinstance(records, list) or not records:
        return None, {"records": _("Expected a non-empty list of records.")}
    marks, fields = [], {}
    for index, item in enumerate(records):
        if not isinstance(item, dict):
            fields[f"records[{index}]"] = _("Expected an object.")
            continue
        marks.append(
            Mark(
                item.get("enrollment_id"),
                item.get("status"),
                item.get("minutes_late"),
                item.get("note"),
            )
        )
    return marks, fields


@bp.put("/sessions/<int:session_id>/attendance")
@role_required(Role.STAFF, Role.ADMIN)
def record_attendance(session_id):
    """Record or correct the session's attendance; all of it or nothing."""
    session, body = session_to_run(session_id, for_update=True), request_body()
    marks, fields = read_records(body)
    reason = body.get("reason") or ""
    if not isinstance(reason, str):
        fields["reason"] = _("Expected text.")
    if fields:
        return json_error(422, _("Some records are invalid; nothing was saved."), fields)
    try:
        save_roll_call(session, marks, by=current_user, reason=reason)
        refresh_completions(enrollments_of(marks), by=current_user)
    except AttendanceStateError as error:
        db.session.rollback()
        return json_error(409, error)
    except InvalidRollCall as error:
        db.session.rollback()
        return json_error(422, error, error.fields)
    db.session.commit()
    return jsonify(roster_json(session))


def is_own_enrollment(enrollment):
    """Tell whether the enrollment is the signed-in participant's own."""
    account = db.session.scalar(
        db.select(ParticipantAccount).where(ParticipantAccount.user_id == current_user.id)
    )
    return account is not None and enrollment.case.client_id == account.client_id


@bp.get("/enrollments/<int:enrollment_id>")
@role_required(Role.LIAISON, Role.ADMIN, Role.PARTICIPANT)
def get_enrollment(enrollment_id):
    """An enrollment's status and exactly what it still lacks."""
    enrollment = enrollment_or_404(enrollment_id)
    if current_user.role == Role.PARTICIPANT and not is_own_enrollment(enrollment):
        abort(404)
    return jsonify(
        id=enrollment.id,
        status=enrollment.status,
        case_id=enrollment.case_id,
        cohort_id=enrollment.cohort_id,
        missing=[item.to_json() for item in missing_requirements(enrollment)],
    )
