"""Notes written about a case and the documents filed with it (consent, court papers)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

DOCUMENT_KINDS = ("consent", "court_papers", "other")


class CaseNote(db.Model):
    """A dated note by a liaison or the coordinator; never shown to researchers."""

    __tablename__ = "case_note"
    __table_args__ = (Index("ix_case_note_case_id_created_at", "case_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Replaced by a placeholder when retention erases the client.
    text: Mapped[str] = mapped_column(Text)

    author: Mapped[User | None] = relationship()


class CaseDocument(db.Model):
    """A file filed with a case, kept in the document storage under a random name."""

    __tablename__ = "case_document"
    __table_args__ = (
        CheckConstraint(one_of("kind", DOCUMENT_KINDS), name="kind"),
        CheckConstraint("size > 0", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    # Shown to staff only; the download gets a neutral name.
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()
