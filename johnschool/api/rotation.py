"""API endpoints of the rotation: the proposal explained, proposing again, confirming."""

import json

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from ..curriculum.access import cohort_or_404, reachable_or_none
from ..curriculum.models import Cohort, Professional
from ..curriculum.rotation_services import (
    AssignmentConflict,
    RotationError,
    apply_rotation,
    assign_session,
    cohort_sessions,
    confirm_rotation,
    propose_rotation,
)
from ..curriculum.rotation_text import flag_text, note_texts
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from . import bp
from .referrals import request_body


def choice_json(part: dict | None, text: str) -> dict:
    """One explained choice of a stored note: its code, parameters and text."""
    part = part or {}
    return {"code": part.get("code"), "params": part.get("params") or {}, "explanation": text}


def rotation_session_json(session) -> dict:
    """A session of the rotation: who teaches, who backs up, and why."""
    parts = json.loads(session.rotation_note) if session.rotation_note else {}
    main_text, backup_text = note_texts(session.rotation_note)
    return {
        "session_id": session.id,
        "module": session.module.code if session.module else None,
        "discipline": session.discipline,
        "starts_at": session.starts_at.isoformat(),
        "professional_id": session.professional_id,
        "professional": session.professional.name if session.professional else None,
        "backup_id": session.backup_id,
        "backup": session.backup.name if session.backup else None,
        "main": choice_json(parts.get("main"), main_text),
        "backup_choice": choice_json(parts.get("backup"), backup_text),
        "flag": flag_text(session.rotation_note),
    }


def rotation_json(cohort: Cohort) -> dict:
    """The cohort's rotation: its status and each session's choices, explained."""
    confirmed_at = cohort.rotation_confirmed_at
    return {
        "cohort_id": cohort.id,
        "status": cohort.status,
        "confirmed_at": confirmed_at and confirmed_at.isoformat(),
        "sessions": [rotation_session_json(s) for s in cohort_sessions(cohort)],
    }


@bp.get("/cohorts/<int:cohort_id>/rotation")
@role_required(Role.ADMIN)
def cohort_rotation(cohort_id):
    """Who teaches and backs up each session of the cohort, and why."""
    return jsonify(rotation_json(cohort_or_404(cohort_id)))


@bp.post("/cohorts/<int:cohort_id>/rotation/propose")
@role_required(Role.ADMIN)
def propose_cohort_rotation(cohort_id):
    """Propose the rotation again; replacing current choices needs "replace": true."""
    cohort, replace = cohort_or_404(cohort_id, for_update=True), request_body().get("replace")
    if replace not in (None, True, False):
        return json_error(
            422, _("Expected true or false."), {"replace": _("Expected true or false.")}
        )
    sessions = cohort_sessions(cohort)
    if any(s.professional_id or s.backup_id for s in sessions) and not replace:
        message = 'The sessions have choices: send "replace": true to replace them.'
        return json_error(409, message)
    try:
        apply_rotation(cohort, propose_rotation(cohort), by=current_user)
    except RotationError as error:
        db.session.rollback()
        return json_error(409, error)
    db.session.commit()
    return jsonify(rotation_json(cohort))


def _professional(item, key, prefix, fields, site_id):
    """The professional the change names under key (None for null), noting problems in fields.

    Only a professional of the cohort's site (site_id) can be named.
    """
    value, found = item.get(key), None
    if key in item and value is None:
        return None
    found = reachable_or_none(Professional, value)
    if found is not None and found.site_id != site_id:
        found = None
    if found is None:
        fields[f"{prefix}.{key}"] = _("Give the id of an existing professional, or null.")
    return found


def read_change(item, index, sessions, fields, site_id):
    """One change of the body: (session, main, backup, force), noting problems in fields."""
    prefix = f"changes[{index}]"
    if not isinstance(item, dict):
        fields[prefix] = _("Expected an object.")
        return None
    session = sessions.get(item.get("session_id"))
    if session is None:
        fields[f"{prefix}.session_id"] = _("Give the id of a session of this cohort.")
    force = item.get("force", False)
    if not isinstance(force, bool):
        fields[f"{prefix}.force"] = _("Expected true or false.")
    main = _professional(item, "professional_id", prefix, fields, site_id)
    backup = _professional(item, "backup_id", prefix, fields, site_id)
    if main is not None and main is backup:
        fields[f"{prefix}.backup_id"] = _("The backup must be someone other than the main one.")
    return session, main, backup, force


def read_changes(body, cohort):
    """The changes by hand the body asks for before confirming, or the fields at fault."""
    changes = body.get("changes", [])
    if not isinstance(changes, list):
        return [], {"changes": _("Expected a list of changes.")}
    sessions = {s.id: s for s in cohort_sessions(cohort)}
    fields = {}
    read = [
        read_change(item, index, sessions, fields, cohort.site_id)
        for index, item in enumerate(changes)
    ]
    return read, fields


def apply_changes(changes) -> list:
    """Apply each change by hand; return the conflicts of those not forced."""
    conflicts = []
    for index, (session, main, backup, force) in enumerate(changes):
        try:
            assign_session(session, main, backup, by=current_user, force=force)
        except AssignmentConflict as conflict:
            conflicts += [
                {
                    "change": index,
                    "role": w.role,
                    "professional_id": w.professional_id,
                    "code": w.code,
                    "params": w.params,
                }
                for w in conflict.warnings
            ]
    return conflicts


@bp.post("/cohorts/<int:cohort_id>/rotation")
@role_required(Role.ADMIN)
def confirm_cohort_rotation(cohort_id):
    """Apply the changes by hand, if any, then confirm the rotation; all of it or nothing."""
    cohort = cohort_or_404(cohort_id, for_update=True)
    changes, fields = read_changes(request_body(), cohort)
    if fields:
        return json_error(422, _("Some changes are invalid; nothing was saved."), fields)
    try:
        conflicts = apply_changes(changes)
        if conflicts:
            db.session.rollback()
            message = _(
                "Some choices have conflicts: send force true on those changes to keep them."
            )
            return json_error(409, message, conflicts=conflicts)
        confirm_rotation(cohort, by=current_user)
    except RotationError as error:
        db.session.rollback()
        return json_error(409, error)
    db.session.commit()
    return jsonify(rotation_json(cohort))
