"""Attendance: roll calls, make-up bookings and completion."""

from flask import Blueprint

bp = Blueprint("attendance", __name__)

from . import views  # noqa: E402, F401
