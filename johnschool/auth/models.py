"""Accounts, API tokens and one-time links."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db
from ..permissions import ROLES, Role
from ..sites.models import Site

ROLE_CHECK = one_of("role", ROLES)


class User(UserMixin, db.Model):
    """A person who signs in, with exactly one role."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(ROLE_CHECK, name="role"),
        CheckConstraint("language IN ('fr', 'en')", name="language"),
        Index("ix_user_account_name_id", "name", "id"),  # the account list's order
        # Liaisons and session staff work at one site; an admin at one or the whole province.
        CheckConstraint(
            "site_id IS NOT NULL OR role NOT IN ('liaison', 'staff')", name="site_of_role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2), default="fr")
    # None: an admin of the whole province, a researcher or a participant.
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(default=1)
    failed_login_count: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Two-step sign-in: the TOTP secret, encrypted (mfa_crypto.py); set and unconfirmed
    # while enrolment is under way, in effect once mfa_enrolled_at is set.
    totp_secret: Mapped[str | None] = mapped_column(String(200))
    totp_last_step: Mapped[int | None]  # the last time step accepted: replays are refused
    mfa_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    site: Mapped[Site | None] = relationship()
    tokens: Mapped[list["ApiToken"]] = relationship(
        back_populates="user", order_by="ApiToken.id.desc()"
    )

    @property
    def role_enum(self) -> Role:
        """The role as an enum member."""
        return Role(self.role)

    def has_role(self, *roles) -> bool:
        """Tell whether the user holds one of roles."""
        return self.role in roles

    @property
    def has_second_factor(self) -> bool:
        """Tell whether the account signs in with a second factor."""
        return self.mfa_enrolled_at is not None

    def is_locked(self, now) -> bool:
        """Tell whether failed logins have locked the account at time now."""
        return self.locked_until is not None and self.locked_until > now

    def __repr__(self):
        return f"<User {self.id} {self.role}>"


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its hash is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def is_revoked(self) -> bool:
        """Tell whether the token was revoked."""
        return self.revoked_at is not None


class OneTimeLink(db.Model):
    """A single-use, expiring link (password reset now, invitations later)."""

    __tablename__ = "one_time_link"
    __table_args__ = (
        CheckConstraint("purpose IN ('password_reset', 'invitation')", name="purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def is_usable(self, now) -> bool:
        """Tell whether the link can still be used at time now."""
        return self.used_at is None and self.expires_at > now
