"""Helpers of the two-step sign-in tests: a real TOTP code, computed as an app would."""

import time

import pyotp
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.auth.mfa import current_step, enrol_without_confirmation
from johnschool.extensions import db

from ..factories import PASSWORD, make_user

REQUIRED = {"MFA_REQUIRED_ROLES": ("admin", "liaison", "staff")}


def code_at(secret, step):
    """The code an authenticator app shows at a time step."""
    return pyotp.TOTP(secret).generate_otp(step)


def enrolled_user(role="staff", **options):
    """An account enrolled with an authenticator app; return it and its secret."""
    user = make_user(role, **options)
    uri = enrol_without_confirmation(user)
    db.session.commit()
    return user, pyotp.parse_uri(uri).secret


def next_code(secret):
    """A code of the step after the current one: accepted, and never used yet."""
    return code_at(secret, current_step(time.time()) + 1)


def password_step(client, user, password=PASSWORD):
    """Pass the password; return the response (a redirect to the second step)."""
    return client.post("/login", data={"email": user.email, "password": password})


def audit_actions():
    """The audit log's actions, oldest first."""
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
