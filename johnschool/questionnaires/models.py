"""Questionnaires (versioned), their items and choices, and the answers of each case."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

PURPOSES = ("profile", "attitudes")
ITEM_KINDS = ("choice", "likert")
# intake: the profile at intake; before and after: the attitudes around the group day.
MOMENTS = ("intake", "before", "after")
ANSWERED_BY = ("participant", "liaison")


class Questionnaire(db.Model):
    """A questionnaire; what it asks lives in its versions."""

    __tablename__ = "questionnaire"
    __table_args__ = (CheckConstraint(one_of("purpose", PURPOSES), name="purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    title_fr: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    versions: Mapped[list["QuestionnaireVersion"]] = relationship(
        back_populates="questionnaire", order_by="QuestionnaireVersion.number"
    )


class QuestionnaireVersion(db.Model):
    """One wording of a questionnaire: a changed item makes a new version; old answers stay."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("questionnaire_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    number: Mapped[int] = mapped_column()
    is_current: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="versions")
    items: Mapped[list["QuestionItem"]] = relationship(
        back_populates="version", order_by="QuestionItem.position, QuestionItem.id"
    )


class QuestionItem(db.Model):
    """One question of a version: a single choice, or a Likert scale from 1 to 5."""

    __tablename__ = "question_item"
    __table_args__ = (
        CheckConstraint(one_of("kind", ITEM_KINDS), name="kind"),
        UniqueConstraint("version_id", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    # The statistics dimension this item answers, e.g. "marital_status".
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))
    text_fr: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)

    version: Mapped[QuestionnaireVersion] = relationship(back_populates="items")
    choices: Mapped[list["ItemChoice"]] = relationship(
        back_populates="item", order_by="ItemChoice.position, ItemChoice.id"
    )


class ItemChoice(db.Model):
    """One possible answer of a single-choice item."""

    __tablename__ = "item_choice"
    __table_args__ = (UniqueConstraint("item_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("question_item.id"))
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    label_fr: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300))

    item: Mapped[QuestionItem] = relationship(back_populates="choices")


class QuestionnaireResponse(db.Model):
    """The answers of one case to one version at one moment (intake, before or after)."""

    __tablename__ = "questionnaire_response"
    __table_args__ = (
        CheckConstraint(one_of("moment", MOMENTS), name="moment"),
        CheckConstraint(one_of("answered_by", ANSWERED_BY), name="answered_by"),
        UniqueConstraint("case_id", "version_id", "moment"),
        Index("ix_questionnaire_response_case_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    moment: Mapped[str] = mapped_column(String(20))
    answered_by: Mapped[str] = mapped_column(String(20))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    version: Mapped[QuestionnaireVersion] = relationship()
    answers: Mapped[list["Answer"]] = relationship(back_populates="response")


class Answer(db.Model):
    """One answer: a choice's code, or a Likert value from 1 to 5."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("response_id", "item_id"),
        CheckConstraint("likert IS NULL OR likert BETWEEN 1 AND 5", name="likert"),
        CheckConstraint("(choice_code IS NULL) <> (likert IS NULL)", name="one_value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_response.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("question_item.id"))
    choice_code: Mapped[str | None] = mapped_column(String(40))
    likert: Mapped[int | None] = mapped_column()

    response: Mapped[QuestionnaireResponse] = relationship(back_populates="answers")
    item: Mapped[QuestionItem] = relationship()
