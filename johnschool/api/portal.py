"""API endpoints of the participant: their own schedule and progress."""

from flask import jsonify
from flask_login import current_user

from ..permissions import Role, role_required
from ..portal.queries import participant_schedule, session_title, speaker_name
from . import bp


def session_json(session, language):
    """Describe one of the participant's sessions."""
    return {
        "id": session.id,
        "kind": session.kind,
        "module": session.module.code if session.module else None,
        "title": session_title(session, language),
        "discipline": session.discipline,
        "professional": speaker_name(session),
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "place": session.place,
        "is_cancelled": session.is_cancelled,
    }


def schedule_json(schedule, language):
    """Describe the participant's schedule, progress, deadline and balance."""
    case = schedule.case
    return {
        "case_id": case.id if case else None,
        "deadline": case.deadline.isoformat() if case else None,
        "balance": str(schedule.balance) if case else None,
        "enrollments": [
            {"id": e.id, "status": e.status, "cohort_id": e.cohort_id} for e in schedule.enrollments
        ],
        "sessions": [session_json(s, language) for s in schedule.sessions],
        "progress": [
            {
                "module": item.module.code,
                "title": item.module.title(language),
                "status": item.status,
                "session_id": item.session.id if item.session else None,
            }
            for item in schedule.progress
        ],
    }


@bp.get("/me/schedule")
@role_required(Role.PARTICIPANT)
def my_schedule():
    """The participant's own sessions (past and coming), progress, deadline and balance."""
    schedule = participant_schedule(current_user)
    return jsonify(schedule_json(schedule, current_user.language))
