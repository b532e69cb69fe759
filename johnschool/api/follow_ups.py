"""API endpoints of individual follow-ups: requirements, scheduling, and their attendance."""

from datetime import UTC, datetime

from flask import abort, jsonify
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..attendance.access import session_to_run
from ..attendance.models import Attendance
from ..attendance.queries import roster
from ..attendance.services import (
    AttendanceStateError,
    InvalidRollCall,
    Mark,
    enrollments_of,
    refresh_completions,
    save_roll_call,
)
from ..clock import site_zone
from ..curriculum.access import reachable_or_none
from ..curriculum.models import DISCIPLINES, Professional
from ..enrollment.access import locked_case_or_404
from ..enrollment.follow_ups import (
    MAX_SESSIONS,
    individual_sessions,
    requirements,
    schedule_individual_session,
    set_follow_up_requirement,
)
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from ..referrals.access import case_or_404
from ..referrals.errors import CaseStateError
from . import bp
from .referrals import _text, request_body, state_conflict

CASE_ROLES = (Role.LIAISON, Role.ADMIN)


def follow_up_session_json(session, attendance=None):
    """Describe an individual session, with the case's attendance when recorded."""
    return {
        "id": session.id,
        "discipline": session.discipline,
        "professional_id": session.professional_id,
        "professional": session.professional.name if session.professional else None,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "place": session.place,
        "is_cancelled": session.is_cancelled,
        "attendance": attendance,
    }


def attendance_by_session(sessions) -> dict:
    """The recorded attendance of each session, in one query."""
    rows = db.session.execute(
        select(Attendance.session_id, Attendance.status, Attendance.minutes_late).where(
            Attendance.session_id.in_([s.id for s in sessions])
        )
    )
    return {sid: {"status": status, "minutes_late": late} for sid, status, late in rows}


def follow_ups_json(case):
    """The case's requirements by discipline and its individual sessions."""
    sessions = individual_sessions(case.id)
    attended = attendance_by_session(sessions)
    return {
        "case_id": case.id,
        "requirements": [
            {"discipline": row.discipline, "session_count": row.session_count}
            for row in requirements(case.id)
        ],
        "sessions": [follow_up_session_json(s, attended.get(s.id)) for s in sessions],
    }


@bp.get("/referrals/<int:case_id>/follow-ups")
@role_required(*CASE_ROLES)
def case_follow_ups(case_id):
    """The case's follow-up requirements and individual sessions."""
    return jsonify(follow_ups_json(case_or_404(case_id)))


@bp.put("/referrals/<int:case_id>/follow-ups/requirements/<discipline>")
@role_required(*CASE_ROLES)
def set_follow_up_requirement_endpoint(case_id, discipline):
    """Require a number of individual sessions of a discipline; 0 removes the need."""
    case = locked_case_or_404(case_id)
    if discipline not in DISCIPLINES:
        abort(404)
    count = request_body().get("session_count")
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_SESSIONS:
        message = _("Expected a whole number from 0 to %(most)d.", most=MAX_SESSIONS)
        return json_error(422, message, {"session_count": message})
    try:
        set_follow_up_requirement(case, discipline, count, by=current_user)
    except CaseStateError as error:
        return state_conflict(error)
    db.session.commit()
    return jsonify(follow_ups_json(case))


def moment(body, key, fields, zone):
    """A moment from the body in ISO 8601, in UTC; one without offset is read in zone."""
    try:
        value = datetime.fromisoformat(str(body.get(key, "")))
    except ValueError:
        fields[key] = _("Expected a date and time such as 2026-12-01T14:00.")
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def session_request(body, case):
    """The professional, times, place and options of a session to schedule, or the fields.

    The professional must be one of the case's site; times without an offset are on
    the clock of the case's site.
    """
    fields = {}
    professional_id = body.get("professional_id")
    professional = None
    if isinstance(professional_id, int) and not isinstance(professional_id, bool):
        professional = reachable_or_none(Professional, professional_id)
    if professional is not None and professional.site_id != case.site_id:
        professional = None
    if professional is None or not professional.is_active:  # the page offers active ones only
        fields["professional_id"] = _("Give the id of an active professional.")
    zone = site_zone(case.site)
    starts_at = moment(body, "starts_at", fields, zone)
    ends_at = moment(body, "ends_at", fields, zone)
    if starts_at and ends_at and ends_at <= starts_at:
        fields["ends_at"] = _("The session must end after it starts.")
    place = _text(body, "place", _("Give the place."), fields)
    discipline = body.get("discipline")
    if discipline is not None and discipline not in DISCIPLINES:
        fields["discipline"] = _("Expected one of: %(values)s.", values=", ".join(DISCIPLINES))
    if not isinstance(body.get("force", False), bool):
        fields["force"] = _("Expected true or false.")
    values = (professional, starts_at, ends_at, place, discipline, body.get("force", False))
    return values, fields


@bp.post("/referrals/<int:case_id>/follow-ups")
@role_required(*CASE_ROLES)
def schedule_follow_up(case_id):
    """Schedule an individual session; warnings about the professional hold it unless forced."""
    case = locked_case_or_404(case_id)
    values, fields = session_request(request_body(), case)
    if fields:
        return json_error(422, _("Some fields are invalid."), fields)
    professional, starts_at, ends_at, place, discipline, force = values
    try:
        result = schedule_individual_session(
            case,
            professional,
            starts_at,
            ends_at,
            place,
            discipline=discipline,
            force=force,
            by=current_user,
        )
    except CaseStateError as error:
        return state_conflict(error)
    except ValueError as error:
        db.session.rollback()
        return json_error(422, error, {"discipline": str(error)})
    if result.session is None:
        db.session.rollback()
        message = _("The professional has conflicts: send force true to schedule anyway.")
        return json_error(409, message, warnings=result.warnings)
    db.session.commit()
    return jsonify(session=follow_up_session_json(result.session), warnings=result.warnings), 201


def own_line(session, case_id):
    """The roster line of an individual session of the case, or 404 for another's session."""
    if session.kind != "individual" or session.case_id != case_id:
        abort(404)
    lines = roster(session)
    return lines[0] if lines else None


@bp.put("/referrals/<int:case_id>/follow-ups/<int:session_id>/attendance")
@role_required(Role.STAFF, Role.ADMIN)
def record_follow_up_attendance(case_id, session_id):
    """Record or correct the attendance of an individual session (staff running it, admin)."""
    case_or_404(case_id)
    session, body = session_to_run(session_id, for_update=True), request_body()
    line = own_line(session, case_id)
    if line is None:
        return json_error(409, _("Attendance is recorded while the case holds a seat."))
    mark = Mark(line.enrollment_id, body.get("status"), body.get("minutes_late"), body.get("note"))
    reason = body.get("reason") or ""
    if not isinstance(reason, str):
        return json_error(422, _("Some fields are invalid."), {"reason": _("Expected a text.")})
    try:
        save_roll_call(session, [mark], by=current_user, reason=reason)
        refresh_completions(enrollments_of([mark]), by=current_user)
    except AttendanceStateError as error:
        db.session.rollback()
        return json_error(409, error)
    except InvalidRollCall as error:
        db.session.rollback()
        fields = {key.removeprefix("records[0]."): text for key, text in error.fields.items()}
        return json_error(422, error, fields)
    db.session.commit()
    attended = attendance_by_session([session])
    return jsonify(follow_up_session_json(session, attended.get(session.id)))
