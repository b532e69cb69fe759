"""The coordinator's view of the audit log."""

from datetime import datetime, time, timedelta

from flask import render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..clock import program_zone
from ..extensions import db
from ..permissions import Role, role_required
from . import bp
from .access import reads_audit_log, require_audit_reader
from .models import AuditEntry

OUTCOMES = ("success", "failure", "denied")


def _parse_day(value):
    """Parse YYYY-MM-DD, or None when empty or malformed."""
    try:
        return datetime.strptime(value or "", "%Y-%m-%d").date()
    except ValueError:
        return None


def _day_start_utc(day):
    """Midnight of day in the program's time zone."""
    return datetime.combine(day, time.min, tzinfo=program_zone())


def filtered_entries(args):
    """Build the query for the audit page from its filter arguments."""
    query = select(AuditEntry).options(
        selectinload(AuditEntry.actor), selectinload(AuditEntry.seal)
    )
    if args.get("action"):
        query = query.where(AuditEntry.action.startswith(args["action"].strip()))
    if args.get("outcome") in OUTCOMES:
        query = query.where(AuditEntry.outcome == args["outcome"])
    if args.get("object_type"):
        query = query.where(AuditEntry.object_type == args["object_type"].strip())
    if args.get("object_id", "").isdigit():
        query = query.where(AuditEntry.object_id == int(args["object_id"]))
    if args.get("actor_id", "").isdigit():
        query = query.where(AuditEntry.actor_id == int(args["actor_id"]))
    if day := _parse_day(args.get("from")):
        query = query.where(AuditEntry.created_at >= _day_start_utc(day))
    if day := _parse_day(args.get("to")):
        query = query.where(AuditEntry.created_at < _day_start_utc(day + timedelta(days=1)))
    return query.order_by(AuditEntry.id.desc())


@bp.app_context_processor
def audit_links():
    """Let the menus offer the audit log to those who may read it."""
    return {"reads_audit_log": reads_audit_log}


@bp.get("/admin/audit")
@role_required(Role.ADMIN)
def entries():
    """Browse and filter the audit log, newest first, each entry sealed or not yet."""
    require_audit_reader()
    page = db.paginate(filtered_entries(request.args), per_page=50, error_out=False)
    return render_template("audit/entries.html", page=page, args=request.args, outcomes=OUTCOMES)
