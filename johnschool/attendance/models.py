"""Roll calls of sessions and make-up bookings into other cohorts' sessions."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..curriculum.models import Session
from ..database import UTCDateTime, one_of, utcnow
from ..enrollment.models import Enrollment
from ..extensions import db

ATTENDANCE_STATUSES = ("present", "late", "absent", "excused")


class Attendance(db.Model):
    """How one enrolled participant attended one session; saved again, it is corrected."""

    __tablename__ = "attendance"
    __table_args__ = (
        CheckConstraint(one_of("status", ATTENDANCE_STATUSES), name="status"),
        CheckConstraint(
            "(status = 'late' AND minutes_late BETWEEN 1 AND 600)"
            " OR (status <> 'late' AND minutes_late IS NULL)",
            name="minutes_late",
        ),
        UniqueConstraint("session_id", "enrollment_id"),
        Index("ix_attendance_enrollment_id", "enrollment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id"))
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id"))
    status: Mapped[str] = mapped_column(String(20))
    minutes_late: Mapped[int | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(String(500))
    # Required when the roll call is corrected after the session's day.
    correction_reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    session: Mapped[Session] = relationship()
    enrollment: Mapped[Enrollment] = relationship()


class MakeUpBooking(db.Model):
    """A seat for an enrolled participant in another cohort's session of a missed module."""

    __tablename__ = "make_up_booking"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "session_id"),
        Index("ix_make_up_booking_session_id", "session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id"))
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id"))
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    booked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    session: Mapped[Session] = relationship()
    enrollment: Mapped[Enrollment] = relationship()
