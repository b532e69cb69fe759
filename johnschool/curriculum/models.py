"""Modules of the curriculum, the professionals who teach them, cohorts and their sessions."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db
from ..sites.models import Site, only_site_id

DISCIPLINES = ("law", "police", "health", "sexology", "survivor", "community")
COHORT_FORMATS = ("one_day", "weekly")
# planned: rotation not yet confirmed; confirmed: the coordinator confirmed the rotation.
COHORT_STATUSES = ("planned", "confirmed", "completed", "cancelled")
SESSION_KINDS = ("group", "individual")


class Module(db.Model):
    """A topic of the curriculum, taught by one discipline."""

    __tablename__ = "module"
    __table_args__ = (
        CheckConstraint(one_of("discipline", DISCIPLINES), name="discipline"),
        CheckConstraint("duration_minutes BETWEEN 15 AND 480", name="duration_minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title_fr: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    discipline: Mapped[str] = mapped_column(String(20))
    duration_minutes: Mapped[int] = mapped_column()
    is_required: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    def title(self, language: str) -> str:
        """The title in language ("fr" or "en")."""
        return self.title_en if language == "en" else self.title_fr


class Professional(db.Model):
    """Someone who teaches modules; survivors may speak anonymously."""

    __tablename__ = "professional"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True, default=only_site_id)
    name: Mapped[str] = mapped_column(String(200))
    organization: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    # Participants never see the name of an anonymous speaker, only the discipline.
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    site: Mapped[Site] = relationship()
    disciplines: Mapped[list["ProfessionalDiscipline"]] = relationship(
        cascade="all, delete-orphan", order_by="ProfessionalDiscipline.discipline"
    )
    unavailable: Mapped[list["Unavailability"]] = relationship(
        cascade="all, delete-orphan", order_by="Unavailability.day"
    )

    @property
    def discipline_names(self) -> list[str]:
        """The disciplines this professional teaches."""
        return [row.discipline for row in self.disciplines]


class ProfessionalDiscipline(db.Model):
    """A discipline a professional is qualified to teach."""

    __tablename__ = "professional_discipline"
    __table_args__ = (CheckConstraint(one_of("discipline", DISCIPLINES), name="discipline"),)

    professional_id: Mapped[int] = mapped_column(ForeignKey("professional.id"), primary_key=True)
    discipline: Mapped[str] = mapped_column(String(20), primary_key=True)


class Unavailability(db.Model):
    """A day on which a professional cannot teach."""

    __tablename__ = "unavailability"
    __table_args__ = (UniqueConstraint("professional_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    professional_id: Mapped[int] = mapped_column(ForeignKey("professional.id"))
    day: Mapped[date] = mapped_column(Date)


class Cohort(db.Model):
    """One intake group: its date(s), place, language and capacity."""

    __tablename__ = "cohort"
    __table_args__ = (
        CheckConstraint("language IN ('fr', 'en')", name="language"),
        CheckConstraint(one_of("format", COHORT_FORMATS), name="format"),
        CheckConstraint(one_of("status", COHORT_STATUSES), name="status"),
        CheckConstraint("capacity BETWEEN 1 AND 200", name="capacity"),
        Index("ix_cohort_starts_on", "starts_on"),
        Index("ix_cohort_site_id_starts_on", "site_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), default=only_site_id)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    capacity: Mapped[int] = mapped_column()
    place: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[date] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    rotation_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rotation_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    site: Mapped[Site] = relationship()
    sessions: Mapped[list["Session"]] = relationship(
        back_populates="cohort", order_by="Session.starts_at, Session.id"
    )


class Session(db.Model):
    """One dated meeting: a module of a cohort, or an individual follow-up of one case."""

    __tablename__ = "session"
    __table_args__ = (
        CheckConstraint(one_of("kind", SESSION_KINDS), name="kind"),
        CheckConstraint(one_of("discipline", DISCIPLINES), name="discipline"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(
            "(kind = 'group' AND cohort_id IS NOT NULL AND module_id IS NOT NULL)"
            " OR (kind = 'individual' AND case_id IS NOT NULL)",
            name="kind_fields",
        ),
        Index("ix_session_starts_at", "starts_at"),
        Index("ix_session_professional_starts_at", "professional_id", "starts_at"),
        Index("ix_session_site_id_starts_at", "site_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The cohort's site, or the case's for an individual session.
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), default=only_site_id)
    kind: Mapped[str] = mapped_column(String(20), default="group")
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id"), index=True)
    module_id: Mapped[int | None] = mapped_column(ForeignKey("module.id"))
    # Individual follow-up sessions belong to one case.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    discipline: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(300))
    professional_id: Mapped[int | None] = mapped_column(ForeignKey("professional.id"))
    backup_id: Mapped[int | None] = mapped_column(ForeignKey("professional.id"))
    # JSON: why the rotation chose (or could not choose) the professional and the backup.
    rotation_note: Mapped[str | None] = mapped_column(Text)
    is_cancelled: Mapped[bool] = mapped_column(default=False)
    # The iCalendar SEQUENCE: raised on every change of time or place, and on cancellation.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    site: Mapped[Site] = relationship()
    cohort: Mapped[Cohort | None] = relationship(back_populates="sessions")
    module: Mapped[Module | None] = relationship()
    professional: Mapped[Professional | None] = relationship(foreign_keys=[professional_id])
    backup: Mapped[Professional | None] = relationship(foreign_keys=[backup_id])
