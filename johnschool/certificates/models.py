"""Completion certificates, their yearly serial counters, and revocations."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..enrollment.models import Enrollment
from ..extensions import db


class Certificate(db.Model):
    """A certificate of completion: serial JS-YYYY-NNNNN, verifiable by its code."""

    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("year", "number"),
        CheckConstraint("number >= 1", name="number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id"), index=True)
    year: Mapped[int] = mapped_column()
    number: Mapped[int] = mapped_column()
    serial: Mapped[str] = mapped_column(String(20), unique=True)
    verification_code: Mapped[str] = mapped_column(String(40), unique=True)
    # The name as printed, kept with the certificate so its PDF never changes.
    holder_name: Mapped[str] = mapped_column(String(250))
    completed_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revocation_reason: Mapped[str | None] = mapped_column(Text)

    enrollment: Mapped[Enrollment] = relationship()

    @property
    def is_revoked(self) -> bool:
        """Tell whether the certificate was revoked."""
        return self.revoked_at is not None


class CertificateCounter(db.Model):
    """The last serial number given in a year: locked while a certificate is issued."""

    __tablename__ = "certificate_counter"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)
