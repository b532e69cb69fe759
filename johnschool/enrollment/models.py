"""Places of cases in cohorts (enrolled or waitlisted) and individual follow-up requirements."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..curriculum.models import DISCIPLINES, Cohort
from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db
from ..referrals.models import Case

# enrolled: holds a seat; waitlisted: waits for one, first come first served;
# withdrawn: left (seat freed); ended: the case failed or completed while enrolled.
ENROLLMENT_STATUSES = ("enrolled", "waitlisted", "withdrawn", "ended")
# Enrollments whose cohort's sessions the participant attends, or attended.
SEATED_STATUSES = ("enrolled", "ended")


class Enrollment(db.Model):
    """A case's place in a cohort: a seat, or a place on its waitlist."""

    __tablename__ = "enrollment"
    __table_args__ = (
        CheckConstraint(one_of("status", ENROLLMENT_STATUSES), name="status"),
        Index("ix_enrollment_cohort_status_id", "cohort_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"))
    status: Mapped[str] = mapped_column(String(20))
    # The waitlist is served in the order requests arrived: requested_at, then id.
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    case: Mapped[Case] = relationship()
    cohort: Mapped[Cohort] = relationship()


class FollowUpRequirement(db.Model):
    """A number of individual sessions of one discipline that a case must attend."""

    __tablename__ = "follow_up_requirement"
    __table_args__ = (
        CheckConstraint(one_of("discipline", DISCIPLINES), name="discipline"),
        CheckConstraint("session_count BETWEEN 1 AND 20", name="session_count"),
        UniqueConstraint("case_id", "discipline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    discipline: Mapped[str] = mapped_column(String(20))
    session_count: Mapped[int] = mapped_column()
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
