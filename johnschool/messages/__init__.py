"""Messages: the outbox (email and texts), its delivery, reminders and reminder choices."""

from flask import Blueprint

bp = Blueprint("messages", __name__)

from . import preference_views, views, webhook  # noqa: E402, F401
