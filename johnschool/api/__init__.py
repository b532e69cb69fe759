"""The JSON API under /api/v1: bearer tokens, JSON errors, the same services as the pages."""

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

from . import (  # noqa: E402, F401
    attendance,
    certificates,
    cohorts,
    enrollment,
    openapi_program,
    portal,
    referrals,
    research,
    views,
)
