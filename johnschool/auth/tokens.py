"""API bearer tokens and one-time links: random secrets of which only a hash is kept."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ..audit.services import record
from ..database import utcnow
from ..extensions import db
from .models import ApiToken, OneTimeLink, User

TOKEN_PREFIX = "js_"
LAST_USE_RESOLUTION = timedelta(minutes=1)


def digest(secret: str) -> str:
    """Hash a high-entropy secret for storage and look-up."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for user; the clear text is returned once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name.strip()[:100] or "API", token_hash=digest(secret), prefix=secret[:10]
    )
    db.session.add(token)
    db.session.flush()
    record(
        "token.created",
        "API token created",
        object_type="api_token",
        object_id=token.id,
        data={"user_id": user.id},
    )
    return token, secret


def revoke_api_token(token: ApiToken) -> None:
    """Revoke a token; requests carrying it are refused from now on."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(
            "token.revoked",
            "API token revoked",
            object_type="api_token",
            object_id=token.id,
            data={"user_id": token.user_id},
        )


def user_for_api_token(secret: str) -> User | None:
    """Return the active user owning a valid token, noting when it was last used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if token is None or token.is_revoked or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USE_RESOLUTION:
        _note_last_use(token.id, now)
    return token.user


def _note_last_use(token_id: int, now) -> None:
    """Record when a token was used, in a short transaction of its own.

    The request may be read-only; ending its reads first and writing with one
    UPDATE keeps the bookkeeping from conflicting with other requests.
    """
    db.session.commit()
    db.session.execute(
        update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def create_one_time_link(
    user: User, purpose: str, *, by: User | None, lifetime: timedelta | None = None
) -> str:
    """Create a single-use link secret for user; earlier unused links of that purpose die."""
    now = utcnow()
    for link in db.session.scalars(
        select(OneTimeLink).where(
            OneTimeLink.user_id == user.id,
            OneTimeLink.purpose == purpose,
            OneTimeLink.used_at.is_(None),
        )
    ):
        link.used_at = now
    secret = secrets.token_urlsafe(32)
    lifetime = lifetime or current_app.config["ONE_TIME_LINK_LIFETIME"]
    link = OneTimeLink(
        user_id=user.id,
        purpose=purpose,
        token_hash=digest(secret),
        created_by_id=by.id if by else None,
        expires_at=now + lifetime,
    )
    db.session.add(link)
    db.session.flush()
    record(
        f"link.{purpose}_created",
        f"one-time link created: {purpose}",
        object_type="user",
        object_id=user.id,
    )
    return secret


def find_one_time_link(secret: str, purpose: str) -> OneTimeLink | None:
    """Return the usable link for this secret, or None when unknown, used or expired."""
    link = db.session.scalar(
        select(OneTimeLink)
        .where(OneTimeLink.token_hash == digest(secret), OneTimeLink.purpose == purpose)
        .with_for_update()
    )
    if link is None or not link.is_usable(utcnow()):
        return None
    return link


def consume_one_time_link(link: OneTimeLink) -> None:
    """Mark a link as used."""
    link.used_at = utcnow()
    record(
        f"link.{link.purpose}_used",
        f"one-time link used: {link.purpose}",
        object_type="user",
        object_id=link.user_id,
        actor=link.user,
    )
