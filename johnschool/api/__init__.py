"""The JSON API under /api/v1: bearer tokens, JSON errors, the same services as the pages."""

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

from . import (  # noqa: E402, F401
    attendance,
    case_actions,
    certificates,
    cohorts,
    enrollment,
    follow_up_checks,
    follow_ups,
    letters,
    make_ups,
    openapi_program,
    openapi_records,
    openapi_workflow,
    portal,
    questionnaires,
    referrals,
    research,
    rotation,
    views,
)
