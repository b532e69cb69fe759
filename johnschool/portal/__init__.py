"""The participant portal: own schedule, progress, balance, calendar feed, data, reminders."""

from flask import Blueprint

bp = Blueprint("portal", __name__)

from . import reminder_views, views  # noqa: E402, F401
