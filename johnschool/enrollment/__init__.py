"""Enrollment: seats in cohorts, the waitlist, withdrawals and individual follow-ups."""

from flask import Blueprint

bp = Blueprint("enrollment", __name__)

from . import bulk_views, views  # noqa: E402, F401
