"""Accounts: sign-in, lockout, passwords, roles, deactivation, session revocation."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.services import record
from ..database import lock, utcnow
from ..extensions import db
from ..permissions import ROLES, Role
from ..sites.services import sole_site
from .models import User
from .passwords import hash_password, needs_rehash, password_problems, verify_password


class AccountError(ValueError):
    """A change to an account that cannot be made; the message is for people."""


@dataclass
class LoginResult:
    """What a sign-in attempt gave: the user, or why it failed."""

    user: User | None
    reason: str | None = None
    second_step: str | None = None  # "code" or "enrol" when the password alone is not enough


def normalize_email(email: str) -> str:
    """Compare and store addresses trimmed and lower-case."""
    return (email or "").strip().lower()


def find_user_by_email(email: str, *, for_update=False):
    """Return the account with this address, or None."""
    query = select(User).where(User.email == normalize_email(email))
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def authenticate(email: str, password: str) -> LoginResult:
    """Check credentials, counting failures and locking the account after too many."""
    now = utcnow()
    user = find_user_by_email(email, for_update=True)
    if user is None:
        verify_password(None, password)  # same work as for a real account
        record("auth.login_failed", "login failed: unknown account", outcome="failure")
        return LoginResult(None, "unknown")
    if user.is_locked(now):
        record(
            "auth.login_refused",
            "login refused: account locked",
            object_type="user",
            object_id=user.id,
            outcome="denied",
            actor=user,
        )
        return LoginResult(None, "locked")
    if not verify_password(user.password_hash, password):
        register_failed_login(user)
        return LoginResult(None, "password")
    if not user.is_active:
        record(
            "auth.login_refused",
            "login refused: account deactivated",
            object_type="user",
            object_id=user.id,
            outcome="denied",
            actor=user,
        )
        return LoginResult(None, "inactive")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    second_step = second_step_for(user)
    if second_step:
        # The failure count stays: wrong codes add to it until the second step succeeds.
        record(
            "auth.password_accepted",
            f"password accepted; second step: {second_step}",
            object_type="user",
            object_id=user.id,
            actor=user,
        )
        return LoginResult(user, second_step=second_step)
    complete_login(user)
    return LoginResult(user)


def second_step_for(user: User) -> str | None:
    """What follows the password: a code, enrolment (the role requires a factor), or nothing."""
    if user.has_second_factor:
        return "code"
    if user.role in current_app.config["MFA_REQUIRED_ROLES"]:
        return "enrol"
    return None


def register_failed_login(user: User, what: str = "wrong password") -> None:
    """Count a failed password or code for a locked-for-update user; lock at the threshold."""
    config = current_app.config
    user.failed_login_count += 1
    locked = user.failed_login_count % config["LOCKOUT_THRESHOLD"] == 0
    if locked:
        user.locked_until = utcnow() + config["LOCKOUT_DURATION"]
    record(
        "auth.login_failed",
        f"login failed: {what}" + ("; account locked" if locked else ""),
        object_type="user",
        object_id=user.id,
        outcome="failure",
        actor=user,
        data={"consecutive_failures": user.failed_login_count},
    )


def note_failed_login(user_id: int) -> None:
    """Lock the account row and count one failed login against it."""
    register_failed_login(lock(User, user_id))


def complete_login(user: User, method: str = "password") -> None:
    """Reset the failure count and record the sign-in."""
    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = utcnow()
    record(
        "auth.login",
        "login",
        object_type="user",
        object_id=user.id,
        actor=user,
        data={"method": method},
    )


def record_logout(user: User) -> None:
    """Record a sign-out."""
    record("auth.logout", "logout", object_type="user", object_id=user.id, actor=user)


def end_all_sessions(user: User, *, reason: str) -> None:
    """Invalidate every open session of user by bumping the session version."""
    user.session_version += 1
    record(
        "auth.sessions_revoked",
        f"all sessions ended: {reason}",
        object_type="user",
        object_id=user.id,
    )


def validate_new_password(user: User | None, password: str, *, email="", name="") -> None:
    """Refuse a password that breaks the policy."""
    problems = password_problems(
        password, email=user.email if user else email, name=user.name if user else name
    )
    if problems:
        raise AccountError(" ".join(str(problem) for problem in problems))


def set_password(user: User, password: str, *, reason: str = "password changed") -> None:
    """Set a new password and end every other session of the account."""
    validate_new_password(user, password)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.failed_login_count = 0
    user.locked_until = None
    end_all_sessions(user, reason=reason)
    record("auth.password_changed", reason, object_type="user", object_id=user.id)


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one."""
    if not verify_password(user.password_hash, current):
        raise AccountError(_l("The current password is not correct."))
    set_password(user, new)


def create_user(
    email: str,
    name: str,
    role: str,
    password: str | None = None,
    language: str = "fr",
    site=None,
) -> User:
    """Create an account; without a password it can only be entered by a one-time link.

    Liaisons and session staff belong to site, or to the only site when none is
    given; an admin without a site works for the whole province.
    """
    email = normalize_email(email)
    if role not in ROLES:
        raise AccountError(_l("Unknown role."))
    site = site_of_new_account(role, site)
    if find_user_by_email(email) is not None:
        raise AccountError(_l("An account with this email address already exists."))
    if password is not None:
        validate_new_password(None, password, email=email, name=name)
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        language=language,
        site_id=site.id if site is not None else None,
        password_hash=hash_password(password) if password else None,
        password_changed_at=utcnow() if password else None,
    )
    db.session.add(user)
    db.session.flush()
    record(
        "user.created",
        f"account created with role {role}",
        object_type="user",
        object_id=user.id,
        data={"role": role, "site": site.code if site is not None else None},
    )
    return user


def site_of_new_account(role: str, site):
    """The site an account of role belongs to, checked against what the role allows."""
    if role in (Role.RESEARCHER, Role.PARTICIPANT):
        if site is not None:
            raise AccountError(_l("Researchers and participants do not belong to a site."))
        return None
    if site is None and role in (Role.LIAISON, Role.STAFF):
        site = sole_site()
        if site is None:
            raise AccountError(_l("Name the site this account works at."))
    return site


KEEP_SITE = object()


def change_role(user: User, role: str, *, by: User, site=KEEP_SITE) -> None:
    """Give an account another role, and site; its sessions end so the change applies at once.

    site is a Site or None (province-wide admin); left out, the account keeps its
    site when the new role allows one. Liaisons and staff always keep a site.
    """
    if role not in ROLES:
        raise AccountError(_l("Unknown role."))
    if user.id == by.id:
        raise AccountError(_l("You cannot change your own role or status."))
    if site is KEEP_SITE:
        site = None if role in (Role.RESEARCHER, Role.PARTICIPANT) else user.site
    site = site_of_new_account(role, site)
    old, old_site_id = user.role, user.site_id
    new_site_id = site.id if site is not None else None
    if (old, old_site_id) == (role, new_site_id):
        return
    user.role, user.site = role, site
    end_all_sessions(user, reason="role changed")
    record(
        "user.role_changed",
        f"role changed from {old} to {role}",
        object_type="user",
        object_id=user.id,
        data={"from": old, "to": role, "site_from": old_site_id, "site_to": new_site_id},
    )


def set_active(user: User, active: bool, *, by: User) -> None:
    """Deactivate (ending every session) or reactivate an account."""
    if user.id == by.id:
        raise AccountError(_l("You cannot change your own role or status."))
    if user.is_active == active:
        return
    user.is_active = active
    if not active:
        end_all_sessions(user, reason="account deactivated")
    action, summary = (
        ("user.reactivated", "account reactivated")
        if active
        else ("user.deactivated", "account deactivated")
    )
    record(action, summary, object_type="user", object_id=user.id)


def set_language(user: User, language: str) -> None:
    """Remember the user's language."""
    if language in current_app.config["LANGUAGES"]:
        user.language = language
