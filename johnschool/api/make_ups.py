"""API endpoints of make-ups: the sessions a participant can make up, booking and cancelling."""

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..attendance.access import booking_or_404
from ..attendance.completion import missing_for
from ..attendance.models import MakeUpBooking
from ..attendance.reports import make_up_choices
from ..attendance.services import AttendanceStateError, book_make_up, cancel_make_up
from ..curriculum.models import Session
from ..enrollment.access import enrollment_or_404
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from . import bp
from .referrals import request_body

# As on the pages: session staff, the court liaison and the coordinator.
MAKE_UP_ROLES = (Role.STAFF, Role.LIAISON, Role.ADMIN)


def booking_json(booking):
    """Describe a make-up booking."""
    return {
        "id": booking.id,
        "enrollment_id": booking.enrollment_id,
        "session_id": booking.session_id,
        "booked_at": booking.booked_at.isoformat(),
        "cancelled_at": booking.cancelled_at and booking.cancelled_at.isoformat(),
    }


def choice_json(choice):
    """Describe a session the participant can be booked into."""
    session = choice.session
    return {
        "session_id": session.id,
        "cohort_id": session.cohort_id,
        "module": session.module.code,
        "label": choice.label,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "place": session.place,
        "seats_left": choice.seats,
    }


@bp.get("/enrollments/<int:enrollment_id>/make-ups")
@role_required(*MAKE_UP_ROLES)
def make_up_options(enrollment_id):
    """What the enrollment still lacks, the sessions it can make up, and its bookings."""
    enrollment = enrollment_or_404(enrollment_id)
    bookings = db.session.scalars(
        select(MakeUpBooking)
        .where(MakeUpBooking.enrollment_id == enrollment.id)
        .order_by(MakeUpBooking.booked_at.desc(), MakeUpBooking.id.desc())
    )
    return jsonify(
        enrollment_id=enrollment.id,
        missing=[item.to_json() for item in missing_for([enrollment])[enrollment.id]],
        options=[choice_json(choice) for choice in make_up_choices(enrollment)],
        bookings=[booking_json(booking) for booking in bookings],
    )


def session_from(body):
    """The session the body names, or None when missing, not an integer or unknown."""
    session_id = body.get("session_id")
    if isinstance(session_id, bool) or not isinstance(session_id, int):
        return None
    return db.session.get(Session, session_id)


@bp.post("/enrollments/<int:enrollment_id>/make-ups")
@role_required(*MAKE_UP_ROLES)
def book_make_up_endpoint(enrollment_id):
    """Book the participant into another cohort's session of a module they missed."""
    enrollment, session = enrollment_or_404(enrollment_id), session_from(request_body())
    if session is None:
        message = _("Give the id of an existing session.")
        return json_error(422, message, {"session_id": message})
    try:
        booking = book_make_up(enrollment, session, by=current_user)
    except AttendanceStateError as error:
        db.session.rollback()
        return json_error(409, error)
    db.session.commit()
    return jsonify(booking_json(booking)), 201


@bp.post("/make-ups/<int:booking_id>/cancel")
@role_required(*MAKE_UP_ROLES)
def cancel_make_up_endpoint(booking_id):
    """Cancel a make-up booking, freeing its seat."""
    booking = booking_or_404(booking_id)
    try:
        cancel_make_up(booking, by=current_user)
    except AttendanceStateError as error:
        db.session.rollback()
        return json_error(409, error)
    db.session.commit()
    return jsonify(booking_json(booking))
