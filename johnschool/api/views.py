"""API endpoints of the foundation: who am I, the accounts, the OpenAPI document."""

from flask import jsonify, request
from flask_login import current_user
from sqlalchemy import func, select

from ..auth.models import User
from ..extensions import db
from ..permissions import ROLES, Role, login_required, role_required
from . import bp
from .openapi import openapi_document

PER_PAGE = 50


def user_json(user):
    """Describe an account for the API."""
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "language": user.language,
        "is_active": user.is_active,
    }


def page_number():
    """Read ?page=, defaulting to 1."""
    value = request.args.get("page", "1")
    return max(int(value), 1) if value.isdigit() else 1


@bp.get("/me")
@login_required
def me():
    """Describe the account the token belongs to."""
    return jsonify(user_json(current_user))


@bp.get("/users")
@role_required(Role.ADMIN)
def users():
    """List accounts, optionally of one role."""
    query = select(User)
    if request.args.get("role") in ROLES:
        query = query.where(User.role == request.args["role"])
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = page_number()
    rows = db.session.scalars(query.order_by(User.id).limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    return jsonify(items=[user_json(user) for user in rows], total=total, page=page)


@bp.get("/openapi.json")
def openapi():
    """Serve the OpenAPI document."""
    return jsonify(openapi_document())
