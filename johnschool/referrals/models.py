"""Clients, their cases (one per referral), prior convictions and screening decisions."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import DDL, CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db
from ..sites.models import Site, only_site_id

CASE_STATES = (
    "received",
    "eligible",
    "needs_review",
    "ineligible",
    "consented",
    "admitted",
    "enrolled",
    "waitlisted",
    "completed",
    "failed",
    "withdrawn",
    "returned",
)
SOURCES = ("police", "prosecutor", "court", "self")
OUTCOMES = ("eligible", "ineligible", "needs_review")


class Client(db.Model):
    """A person referred to the program; identifying fields are erased at retention."""

    __tablename__ = "client"
    __table_args__ = (CheckConstraint("language IN ('fr', 'en')", name="language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_name: Mapped[str] = mapped_column(String(120))
    given_name: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(2), default="fr")
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    postal_code: Mapped[str | None] = mapped_column(String(7))
    # Normalized names and birth date: finds the same person under another spelling.
    person_key: Mapped[str | None] = mapped_column(String(300), index=True)
    # Family then given name, normalized (each case keeps a copy: a search looks there).
    search_name: Mapped[str] = mapped_column(String(250), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when retention erased the identifying fields; the research record stays.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def full_name(self) -> str:
        """Given name then family name, as written."""
        return f"{self.given_name} {self.family_name}"


class Case(db.Model):
    """One referral of one client, and everything that follows from it."""

    __tablename__ = "case_file"
    __table_args__ = (
        CheckConstraint(one_of("state", CASE_STATES), name="state"),
        CheckConstraint(one_of("source", SOURCES), name="source"),
        Index("ix_case_file_state_id", "state", "id"),
        Index("ix_case_file_site_id_state_id", "site_id", "state", "id"),
        # A site's case list, newest first, and its count, from the index alone.
        Index("ix_case_file_site_id_id", "site_id", "id"),
        # The deadline alerts of a site: its open cases due soon, counted from the index.
        Index(
            "ix_case_file_site_id_state_deadline",
            "site_id",
            "state",
            "deadline",
            postgresql_include=["created_by_id", "id"],
        ),
        # A search by part of a name (LIKE '%word%') within a site: on PostgreSQL one
        # trigram index holds the site too (btree_gin); SQLite counts from a plain index.
        Index(
            "ix_case_file_site_id_search_name_trgm",
            "site_id",
            "search_name",
            postgresql_using="gin",
            postgresql_ops={"search_name": "gin_trgm_ops"},
            info={"dialect": "postgresql"},
        ).ddl_if(dialect="postgresql"),
        Index(
            "ix_case_file_site_id_search_name",
            "site_id",
            "search_name",
            info={"dialect": "sqlite"},
        ).ddl_if(dialect="sqlite"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), default=only_site_id)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="received")
    source: Mapped[str] = mapped_column(String(20))
    offence_code: Mapped[str] = mapped_column(String(40))
    offence_date: Mapped[date] = mapped_column(Date)
    court_file: Mapped[str] = mapped_column(String(60), index=True)
    # The client's search_name, copied here so that a search by name within a site
    # reads one index (written with the client, blanked with it at retention).
    search_name: Mapped[str] = mapped_column(String(250), default="", server_default="")
    involves_minor: Mapped[bool] = mapped_column(default=False)
    received_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the liaison closed this referral as a duplicate of another case of the person.
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"))

    client: Mapped[Client] = relationship()
    site: Mapped[Site] = relationship()
    # The case's de-identified record, through research_link until retention deletes it.
    research_record: Mapped["ResearchRecord | None"] = relationship(  # noqa: F821
        secondary="research_link", uselist=False
    )
    priors: Mapped[list["PriorConviction"]] = relationship(
        back_populates="case", order_by="PriorConviction.id", cascade="all, delete-orphan"
    )
    decisions: Mapped[list["ScreeningDecision"]] = relationship(
        back_populates="case", order_by="ScreeningDecision.id"
    )
    consent: Mapped["Consent | None"] = relationship(back_populates="case")
    admission: Mapped["Admission | None"] = relationship(back_populates="case")
    fee: Mapped["Fee | None"] = relationship(back_populates="case")
    payments: Mapped[list["Payment"]] = relationship(back_populates="case", order_by="Payment.id")

    @property
    def latest_decision(self) -> "ScreeningDecision | None":
        """The decision now in force: the newest one."""
        return self.decisions[-1] if self.decisions else None


# The operators the name index needs: trigrams (pg_trgm) and a site id beside them in one
# GIN index (btree_gin); trusted extensions, which the database owner may add.
event.listen(
    Case.__table__,
    "before_create",
    DDL(
        "CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS btree_gin"
    ).execute_if(dialect="postgresql"),
)


class PriorConviction(db.Model):
    """A conviction on the client's record, as typed by the liaison."""

    __tablename__ = "prior_conviction"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    offence_code: Mapped[str] = mapped_column(String(40))
    conviction_date: Mapped[date | None] = mapped_column(Date)
    jurisdiction: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(500))

    case: Mapped[Case] = relationship(back_populates="priors")


class ScreeningDecision(db.Model):
    """One run of screening, kept for history, with an admin's override if any."""

    __tablename__ = "screening_decision"
    __table_args__ = (
        CheckConstraint(one_of("outcome", OUTCOMES), name="outcome"),
        CheckConstraint(
            "override_outcome IS NULL OR " + one_of("override_outcome", OUTCOMES[:2]),
            name="override_outcome",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    rules: Mapped[str] = mapped_column(Text)  # JSON: [{rule, result, reason_fr, reason_en}]
    settings_version: Mapped[int] = mapped_column()
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    override_outcome: Mapped[str | None] = mapped_column(String(20))
    override_reason: Mapped[str | None] = mapped_column(Text)
    overridden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    overridden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    case: Mapped[Case] = relationship(back_populates="decisions")

    @property
    def effective_outcome(self) -> str:
        """The outcome in force: the override when there is one."""
        return self.override_outcome or self.outcome


class Consent(db.Model):
    """Free and informed consent recorded after screening (Criminal Code s. 717)."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), unique=True)
    counsel_advised: Mapped[bool] = mapped_column()
    accepts_responsibility: Mapped[bool] = mapped_column()
    consented_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="consent")


class Admission(db.Model):
    """The prosecutor's decision admitting the case to the program."""

    __tablename__ = "admission"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), unique=True)
    prosecutor: Mapped[str] = mapped_column(String(200))
    admitted_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="admission")


class Fee(db.Model):
    """The fee assessed on an admitted case: the default, reduced or waived with a reason."""

    __tablename__ = "fee"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), unique=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    is_waived: Mapped[bool] = mapped_column(default=False)
    adjustment_reason: Mapped[str | None] = mapped_column(Text)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="fee")


class Payment(db.Model):
    """A payment towards a case's fee, with its receipt number."""

    __tablename__ = "payment"
    __table_args__ = (CheckConstraint("amount > 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    method: Mapped[str] = mapped_column(String(40))
    receipt: Mapped[str] = mapped_column(String(60))
    paid_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="payments")


class ProgramSettings(db.Model):
    """The program's settings: one row (id 1), its version bumped by every admin change."""

    __tablename__ = "program_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("deadline_days BETWEEN 30 AND 730", name="deadline_days"),
        CheckConstraint("default_fee >= 0", name="default_fee"),
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint("late_tolerance_minutes BETWEEN 0 AND 120", name="late_tolerance_minutes"),
        CheckConstraint("research_k BETWEEN 2 AND 50", name="research_k"),
        CheckConstraint("retention_years BETWEEN 1 AND 30", name="retention_years"),
        CheckConstraint("research_daily_budget BETWEEN 1 AND 100000", name="research_daily_budget"),
        CheckConstraint("deadline_alert_days BETWEEN 1 AND 90", name="deadline_alert_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, default=1)
    version: Mapped[int] = mapped_column(default=1)
    deadline_days: Mapped[int] = mapped_column(default=120)
    default_fee: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("300.00"))
    # Normalized sections separated by commas: "286.1(1)".
    accepted_charges: Mapped[str] = mapped_column(String(500), default="286.1(1)")
    # Late by more than this many minutes counts as absent.
    late_tolerance_minutes: Mapped[int] = mapped_column(default=15, server_default="15")
    # Printed on certificates; empty: the neutral name in the certificate's language.
    certificate_program_name: Mapped[str] = mapped_column(
        String(200), default="", server_default=""
    )
    certificate_signatory: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Statistics hide every count under k; identifying fields are erased this many
    # years after a case closes.
    research_k: Mapped[int] = mapped_column(default=5, server_default="5")
    retention_years: Mapped[int] = mapped_column(default=5, server_default="5")
    # Tables a researcher may be given per day, until an admin resets their budget.
    research_daily_budget: Mapped[int] = mapped_column(default=500, server_default="500")
    # The liaison is warned of cases whose deadline comes within this many days.
    deadline_alert_days: Mapped[int] = mapped_column(default=14, server_default="14")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class OffenceEdit(db.Model):
    """An admin's change to the shipped catalogue: a replaced, hidden or added offence."""

    __tablename__ = "offence_edit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # normalized
    title_fr: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    categories: Mapped[str] = mapped_column(String(100), default="")  # ";"-separated
    is_removed: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
