"""The append-only audit log, and the seals that chain its entries in order.

A request only inserts an entry (with the hash of its own content). The sealer
(sealer.py) later chains the settled entries in id order, writing one seal per
entry into audit_seal, and moves the head row: both are written by the sealer alone.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime
from ..extensions import db

# The action of a case page read: logged on every view, left out of the case's history.
VIEW_ACTION = "case.viewed"


class AuditEntry(db.Model):
    """One recorded action: who, when, what, on which object, from where, outcome."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        CheckConstraint("outcome IN ('success', 'failure', 'denied')", name="outcome"),
        # The history of one object (a case's timeline, an account's history), newest first.
        Index("ix_audit_entry_object", "object_type", "object_id", "id"),
        # The same without the views of case pages: a case's changes, however often it is read.
        Index(
            "ix_audit_entry_object_changes",
            "object_type",
            "object_id",
            "id",
            postgresql_where=text(f"action <> '{VIEW_ACTION}'"),
            sqlite_where=text(f"action <> '{VIEW_ACTION}'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    actor_role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60), index=True)
    summary: Mapped[str] = mapped_column(String(300))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column()
    source_ip: Mapped[str | None] = mapped_column(String(45))
    outcome: Mapped[str] = mapped_column(String(10), default="success")
    data: Mapped[str] = mapped_column(Text, default="{}")
    content_hash: Mapped[str] = mapped_column(String(64))

    actor = relationship("User", lazy="raise")
    seal = relationship("AuditSeal", uselist=False, lazy="raise", viewonly=True)


class AuditSeal(db.Model):
    """An entry's place in the chain: the previous sealed entry's hash and its own."""

    __tablename__ = "audit_seal"

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("audit_entry.id"), primary_key=True, autoincrement=False
    )
    prev_hash: Mapped[str] = mapped_column(String(64))
    chain_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditHead(db.Model):
    """The single row naming the newest sealed entry; only the sealer locks and moves it."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_entry_id: Mapped[int | None] = mapped_column()
    last_hash: Mapped[str] = mapped_column(String(64))
