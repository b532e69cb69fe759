"""Roles and access checks: every route and endpoint goes through these."""

from enum import StrEnum
from functools import wraps

from flask import abort, request
from flask_login import current_user

from .extensions import db, login_manager


class Role(StrEnum):
    """The one role each account holds."""

    ADMIN = "admin"
    LIAISON = "liaison"
    STAFF = "staff"
    PARTICIPANT = "participant"
    RESEARCHER = "researcher"


ROLES = tuple(role.value for role in Role)


def is_api_request():
    """Tell whether the current request is for the JSON API."""
    return request.path.startswith("/api/")


def role_required(*roles):
    """Let through signed-in users holding one of roles; others get 401/login or 403."""
    allowed = {Role(role) for role in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorator


def login_required(view):
    """Let through any signed-in user."""
    return role_required(*ROLES)(view)


def get_or_404(model, ident):
    """Load one row by id or answer 404."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def require(condition):
    """Answer 403 unless condition holds: the object-level check of a view."""
    if not condition:
        abort(403)


def get_own_or_404(model, ident, is_own):
    """Load a row that must belong to the current user; anything else is 404.

    Participants get 404 rather than 403 so that ids of other people's records
    cannot be probed.
    """
    obj = db.session.get(model, ident)
    if obj is None or not is_own(obj):
        abort(404)
    return obj
