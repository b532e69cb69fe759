"""Referrals: intake, eligibility screening and the case lifecycle (court liaison)."""

from flask import Blueprint

bp = Blueprint("referrals", __name__)

from . import admin_views, duplicate_views, views  # noqa: E402, F401
