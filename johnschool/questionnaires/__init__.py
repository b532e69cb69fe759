"""Questionnaires: the intake profile and the attitudes before and after the group day."""

from flask import Blueprint

bp = Blueprint("questionnaires", __name__)

from . import admin_views, views  # noqa: E402, F401
