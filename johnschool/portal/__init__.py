"""The participant portal: own schedule, progress, balance, calendar feed and data."""

from flask import Blueprint

bp = Blueprint("portal", __name__)

from . import views  # noqa: E402, F401
