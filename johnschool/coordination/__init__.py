"""The coordinator's dashboard, deadline alerts, case notes and case documents."""

from flask import Blueprint

bp = Blueprint("coordination", __name__)

from . import views  # noqa: E402, F401
