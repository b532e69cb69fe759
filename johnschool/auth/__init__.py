"""Sign-in, profile, API tokens and account management."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import admin_views, mfa_profile_views, mfa_views, views  # noqa: E402, F401
