"""The outbox: email written in the same transaction as its cause, delivered later."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

MESSAGE_STATUSES = ("pending", "sent", "failed")


class OutboxMessage(db.Model):
    """One email waiting for delivery, delivered, or given up after its last retry."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(one_of("status", MESSAGE_STATUSES), name="status"),
        CheckConstraint("language IN ('fr', 'en')", name="language"),
        Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # invitation, enrollment, promotion, reminder
    to_address: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    attachment_name: Mapped[str | None] = mapped_column(String(100))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Makes a message idempotent: a second message with the same key is not queued.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
