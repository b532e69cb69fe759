"""Reports: printable rosters and receipts, attendance and payment exports."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from . import views  # noqa: E402, F401
