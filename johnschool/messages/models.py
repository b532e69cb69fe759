"""The outbox (email and text messages written with their cause) and reminder choices."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

# cancelled: never sent, because the participant stopped text messages or the session moved.
MESSAGE_STATUSES = ("pending", "sent", "failed", "cancelled")
CHANNELS = ("email", "sms")
REMINDER_CHANNELS = ("email", "sms", "both", "none")


class OutboxMessage(db.Model):
    """One email or text message waiting for delivery, delivered, or given up."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(one_of("status", MESSAGE_STATUSES), name="status"),
        CheckConstraint("language IN ('fr', 'en')", name="language"),
        CheckConstraint(one_of("channel", CHANNELS), name="channel"),
        Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # invitation, enrollment, promotion, reminder, change, cancellation
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(10), default="email", server_default="email")
    # An email address, or a phone number in E.164 form for a text message.
    to_address: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    attachment_name: Mapped[str | None] = mapped_column(String(100))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Makes a message idempotent: a second message with the same key is not queued.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    # The session a reminder or notice is about: a moved session's stale reminders are cancelled.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ReminderPreference(db.Model):
    """How a client wants to be reminded of sessions, and whether they stopped text messages."""

    __tablename__ = "reminder_preference"
    __table_args__ = (CheckConstraint(one_of("channels", REMINDER_CHANNELS), name="channels"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), unique=True)
    channels: Mapped[str] = mapped_column(String(10), default="email")
    # E.164, e.g. +15145550123; erased with the client's other identifiers.
    sms_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    # Set by a STOP reply or the portal switch; START clears it.
    sms_stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when a liaison chose for the participant, with their consent.
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    consent_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def wants_email(self) -> bool:
        """Tell whether reminders go by email."""
        return self.channels in ("email", "both")

    @property
    def wants_sms(self) -> bool:
        """Tell whether text messages may be sent now: chosen, a number, not stopped."""
        return (
            self.channels in ("sms", "both")
            and bool(self.sms_phone)
            and self.sms_stopped_at is None
        )
