"""Re-offending follow-ups, and the de-identified research store the statistics read.

The store holds no identifier at all: no name, birth date, file number, exact date,
free text, nor the case's id. While a case is kept, a link row (research_link) ties it to
its record so that the services update the record in the same transaction as every change
it reflects; retention deletes the link, and nothing then ties the record to the case:
record ids are random, not in the order cases were created.
"""

import secrets
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

FOLLOW_UP_MONTHS = (6, 12, 24)
RECORD_ID_BITS = 52  # random ids, exact in a JSON number and in a double
CELL_KEY_RANGE = 2**31  # a record's cell key is uniform in [0, CELL_KEY_RANGE)


def random_record_id() -> int:
    """A random record id: it tells nothing of when the case was created."""
    return secrets.randbelow(2**RECORD_ID_BITS - 1) + 1


def random_cell_key() -> int:
    """A record's cell key, fixed at creation (see perturbation.py)."""
    return secrets.randbelow(CELL_KEY_RANGE)


OFFENCE_CATEGORIES = ("violent", "sexual", "exploitation", "other")


class ReoffendingCheck(db.Model):
    """A check for new charges 6, 12 or 24 months after a case's outcome."""

    __tablename__ = "reoffending_check"
    __table_args__ = (
        CheckConstraint("months IN (6, 12, 24)", name="months"),
        CheckConstraint(
            "offence_category IS NULL OR " + one_of("offence_category", OFFENCE_CATEGORIES),
            name="offence_category",
        ),
        CheckConstraint(
            "has_new_charge OR offence_category IS NULL", name="category_needs_a_charge"
        ),
        UniqueConstraint("case_id", "months"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    months: Mapped[int] = mapped_column()
    checked_on: Mapped[date] = mapped_column(Date)
    has_new_charge: Mapped[bool] = mapped_column()
    offence_category: Mapped[str | None] = mapped_column(String(20))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ResearchRecord(db.Model):
    """One case, de-identified: coarse dimensions only."""

    __tablename__ = "research_record"
    __table_args__ = (
        Index("ix_research_record_year", "year"),
        CheckConstraint(f"cell_key >= 0 AND cell_key < {CELL_KEY_RANGE}", name="cell_key"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, default=random_record_id
    )
    # Published counts are perturbed by the sum of their records' keys (perturbation.py).
    cell_key: Mapped[int] = mapped_column(BigInteger, default=random_cell_key)
    age_band: Mapped[str | None] = mapped_column(String(20))  # "18-24", "25-34", … or None
    region: Mapped[str | None] = mapped_column(String(40))  # administrative region code
    site: Mapped[str | None] = mapped_column(String(20))  # the code of the case's site
    language: Mapped[str] = mapped_column(String(2))
    referral_source: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))  # the case's state
    year: Mapped[int] = mapped_column()  # of the referral
    # New charge found at the follow-up: None until checked.
    reoffended_6: Mapped[bool | None] = mapped_column()
    reoffended_12: Mapped[bool | None] = mapped_column()
    reoffended_24: Mapped[bool | None] = mapped_column()


class ResearchAnswer(db.Model):
    """A profile answer of a record: the item's code and the choice's code."""

    __tablename__ = "research_answer"
    __table_args__ = (
        UniqueConstraint("record_id", "item_code"),
        Index("ix_research_answer_item_code_value", "item_code", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("research_record.id"))
    item_code: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(40))

    record: Mapped[ResearchRecord] = relationship()


class ResearchAttitude(db.Model):
    """A Likert item of a record, before and after the group day."""

    __tablename__ = "research_attitude"
    __table_args__ = (
        UniqueConstraint("record_id", "item_code"),
        CheckConstraint("before IS NULL OR before BETWEEN 1 AND 5", name="before"),
        CheckConstraint("after IS NULL OR after BETWEEN 1 AND 5", name="after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("research_record.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(40))
    before: Mapped[int | None] = mapped_column()
    after: Mapped[int | None] = mapped_column()

    record: Mapped[ResearchRecord] = relationship()


class ResearchLink(db.Model):
    """Which record a kept case updates; deleted when retention erases the case's client."""

    __tablename__ = "research_link"

    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), primary_key=True)
    record_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("research_record.id"), unique=True
    )


class ResearchRelease(db.Model):
    """A table, page or export given to a reader: the population it was about, not its numbers.

    The releases of a researcher are the ledger that releases.py checks new requests against.
    """

    __tablename__ = "research_release"
    __table_args__ = (Index("ix_research_release_user_id_released_at", "user_id", "released_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    released_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    channel: Mapped[str] = mapped_column(String(10))  # page, export or api
    dimensions: Mapped[str] = mapped_column(String(100))  # comma-separated
    year_from: Mapped[int | None] = mapped_column()
    year_to: Mapped[int | None] = mapped_column()
    language: Mapped[str | None] = mapped_column(String(2))
    referral_source: Mapped[str | None] = mapped_column(String(20))
    site: Mapped[str | None] = mapped_column(String(20))  # a site's code
    # People in the population when released; None when it had fewer than k (nothing shown).
    population: Mapped[int | None] = mapped_column()


class ResearchBudgetReset(db.Model):
    """An admin's reset of a researcher's daily budget: releases before it no longer count."""

    __tablename__ = "research_budget_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    reset_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reset_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
