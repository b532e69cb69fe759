"""The sign-in step between the password and the second factor, kept in the session.

The session holds only who passed the password and when; nobody is signed in
until the second step succeeds, so no page of the account answers in between.
"""

import time

from flask import current_app, session

from ..database import lock
from ..extensions import db
from ..security import forget_session
from .models import User

PENDING_KEY = "second_step"


def begin_second_step(user: User, next_url: str | None) -> None:
    """Remember that user passed the password, in a session of its own."""
    forget_session()
    session[PENDING_KEY] = {
        "uid": user.id,
        "sv": user.session_version,
        "at": int(time.time()),
        "next": next_url or "",
    }


def end_second_step() -> None:
    """Forget the step under way."""
    session.pop(PENDING_KEY, None)


def second_step_next_url() -> str | None:
    """The page asked for before the sign-in, to go to after it."""
    return (session.get(PENDING_KEY) or {}).get("next") or None


def has_expired_step() -> bool:
    """Tell whether a step was begun but its time ran out."""
    pending = session.get(PENDING_KEY)
    lifetime = current_app.config["MFA_STEP_LIFETIME"].total_seconds()
    return bool(pending) and time.time() - pending.get("at", 0) > lifetime


def pending_user(*, for_update: bool = False) -> User | None:
    """The account whose second step is under way, or None when none is or it expired."""
    pending = session.get(PENDING_KEY)
    if not pending or has_expired_step():
        return None
    user_id = pending.get("uid")
    user = lock(User, user_id) if for_update else db.session.get(User, user_id)
    if user is None or not user.is_active or user.session_version != pending.get("sv"):
        return None
    return user
