"""Research: follow-ups, the de-identified store, statistics with small-cell suppression."""

from flask import Blueprint

bp = Blueprint("research", __name__)

from . import follow_up_views, sync, views  # noqa: E402, F401
