"""Questionnaire changes and answers: the only place this domain's state changes.

A changed or added item makes a new version (every item and choice copied), so that
answers already given keep pointing at the wording they answered. Every change
flushes and writes the audit log in the caller's transaction; the caller commits.
"""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit.services import record
from ..database import lock, utcnow
from ..extensions import db
from ..referrals.models import Case
from .models import Answer, ItemChoice, QuestionItem, Questionnaire, QuestionnaireResponse
from .models import QuestionnaireVersion as Version
from .pending import pending_questionnaires  # noqa: F401  (part of this module's interface)
from .shipped import KIND_OF_PURPOSE

MOMENTS_OF_PURPOSE = {"profile": ("intake",), "attitudes": ("before", "after")}
CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")
MAX_TEXT, MAX_LABEL = 1000, 300
NO_ANSWER = "no_answer"


class QuestionnaireError(ValueError):
    """A change or answers the rules refuse; fields maps an input (or item code) to why."""

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.fields = dict(fields or {})


def current_version(code: str) -> Version | None:
    """The version in force of the questionnaire with this code."""
    return db.session.scalar(
        select(Version)
        .join(Questionnaire, Questionnaire.id == Version.questionnaire_id)
        .where(Questionnaire.code == code, Version.is_current)
    )


def with_items(version: Version) -> Version:
    """The version with its items and their choices loaded in two queries more, not one per item."""
    return db.session.scalars(
        select(Version)
        .options(selectinload(Version.items).selectinload(QuestionItem.choices))
        .where(Version.id == version.id)
        .execution_options(populate_existing=True)
    ).one()


def revise_item(item: QuestionItem, *, text_fr, text_en, choices=None, by) -> Version:
    """Change an item's wording or choices; return the new version that holds the change."""
    questionnaire = lock(Questionnaire, item.version.questionnaire_id)
    if not item.version.is_current:
        raise QuestionnaireError(_l("Only the version in force can be changed."))
    values = _checked_item(questionnaire, item.code, text_fr, text_en, choices)
    if values == _values_of(item):
        raise QuestionnaireError(_l("Nothing was changed."))
    version = _new_version(questionnaire, item.version, by=by, changed={item.code: values})
    return _versioned(questionnaire, version, item.code, "revised", by)


def add_item(questionnaire: Questionnaire, *, code, text_fr, text_en, choices=None, by) -> Version:
    """Add an item at the end; return the new version that holds it."""
    questionnaire = lock(Questionnaire, questionnaire.id)
    old = current_version(questionnaire.code)
    if not CODE.match(code or ""):
        raise QuestionnaireError(
            _l("Some fields are invalid."), {"code": _l("Use lower-case letters, digits and _.")}
        )
    if any(item.code == code for item in old.items):
        raise QuestionnaireError(
            _l("Some fields are invalid."), {"code": _l("Another question has this code.")}
        )
    values = _checked_item(questionnaire, code, text_fr, text_en, choices)
    version = _new_version(questionnaire, old, by=by)
    position = max((i.position for i in old.items), default=0) + 1
    version.items.append(_item(code, KIND_OF_PURPOSE[questionnaire.purpose], position, values))
    return _versioned(questionnaire, version, code, "added", by)


def _checked_item(questionnaire, code, text_fr, text_en, choices) -> dict:
    """An item's cleaned values, or QuestionnaireError naming each bad input."""
    problems, texts = {}, {"text_fr": (text_fr or "").strip(), "text_en": (text_en or "").strip()}
    for name, text in texts.items():
        if not 0 < len(text) <= MAX_TEXT:
            problems[name] = _l("Write the question (at most %(n)d characters).", n=MAX_TEXT)
    cleaned = None
    if KIND_OF_PURPOSE[questionnaire.purpose] == "choice":
        cleaned, problem = _checked_choices(choices or [], questionnaire.purpose)
        if problem:
            problems["choices"] = problem
    if problems:
        raise QuestionnaireError(_l("Some fields are invalid."), problems)
    return {**texts, "choices": cleaned}


def _checked_choices(choices, purpose):
    """Cleaned choices and None, or None and why they are refused."""
    cleaned = [
        {key: (c.get(key) or "").strip() for key in ("code", "label_fr", "label_en")}
        for c in choices
    ]
    codes = [c["code"] for c in cleaned]
    if len(cleaned) < 2:
        return None, _l("Give at least two choices.")
    if not all(CODE.match(code) for code in codes) or len(set(codes)) != len(codes):
        return None, _l("Each choice needs its own code of lower-case letters, digits and _.")
    if not all(0 < len(c[k]) <= MAX_LABEL for c in cleaned for k in ("label_fr", "label_en")):
        return None, _l("Each choice needs a French and an English label.")
    if purpose == "profile" and NO_ANSWER not in codes:
        return None, _l("Keep the choice no_answer (I prefer not to answer).")
    return cleaned, None


def _values_of(item: QuestionItem) -> dict:
    """An item's values, in the form _checked_item returns."""
    choices = [
        {"code": c.code, "label_fr": c.label_fr, "label_en": c.label_en} for c in item.choices
    ]
    return {"text_fr": item.text_fr, "text_en": item.text_en, "choices": choices or None}


def _item(code, kind, position, values) -> QuestionItem:
    """A new item with its texts and, for a single choice, its choices."""
    return QuestionItem(
        code=code,
        kind=kind,
        position=position,
        text_fr=values["text_fr"],
        text_en=values["text_en"],
        choices=[
            ItemChoice(code=c["code"], position=n, label_fr=c["label_fr"], label_en=c["label_en"])
            for n, c in enumerate(values["choices"] or (), start=1)
        ],
    )


def _new_version(questionnaire, old: Version, *, by, changed=None) -> Version:
    """A new current version copying old's items (changed ones from their new values)."""
    old.is_current = False
    db.session.flush()
    items = [
        _item(
            item.code, item.kind, item.position, (changed or {}).get(item.code) or _values_of(item)
        )
        for item in old.items
    ]
    version = Version(
        questionnaire=questionnaire,
        number=old.number + 1,
        is_current=True,
        created_by_id=by.id,
        items=items,
    )
    db.session.add(version)
    return version


def _versioned(questionnaire, version, code, change, by) -> Version:
    """Flush the new version and log it."""
    db.session.flush()
    record(
        "questionnaire.versioned",
        f"questionnaire item {change}: new version made",
        object_type="questionnaire",
        object_id=questionnaire.id,
        data={"version": version.number, "item": code, "change": change},
        actor=by,
    )
    return version


def record_response(
    case: Case, version: Version, moment: str, answers: dict, *, answered_by: str, by
) -> QuestionnaireResponse:
    """Record a case's answers to a version at a moment; answering again replaces them."""
    purpose = version.questionnaire.purpose
    if moment not in MOMENTS_OF_PURPOSE[purpose]:
        raise QuestionnaireError(_l("This questionnaire is not answered at that moment."))
    values = checked_answers(version, answers)
    facts = {"answered_by": answered_by, "entered_by_id": by.id, "answered_at": utcnow()}
    response = _response_of(case, version, moment)
    is_new = response is None
    if is_new:
        response = QuestionnaireResponse(case_id=case.id, version=version, moment=moment, **facts)
        db.session.add(response)
    else:
        _drop_answers(response)
        for name, value in facts.items():
            setattr(response, name, value)
    db.session.flush()
    db.session.add_all(Answer(response_id=response.id, item_id=i, **v) for i, v in values.items())
    db.session.flush()
    record(
        "questionnaire.answered",
        "questionnaire answered" if is_new else "questionnaire answered again",
        object_type="case",
        object_id=case.id,
        data={
            "questionnaire": version.questionnaire.code,
            "version": version.number,
            "moment": moment,
            "answered_by": answered_by,
        },
        actor=by,
    )
    return response


def checked_answers(version: Version, answers: dict) -> dict:
    """The answers by item id, as Answer values; QuestionnaireError names each bad item."""
    items = {item.code: item for item in version.items}
    problems = {code: _l("This question is not in the questionnaire.") for code in answers}
    problems = {code: message for code, message in problems.items() if code not in items}
    values = {}
    for code, item in items.items():
        value = _answer_value(item, answers.get(code))
        if value is None:
            problems[code] = _l("Please choose an answer.")
        else:
            values[item.id] = value
    if problems:
        raise QuestionnaireError(_l("Some questions are not answered."), problems)
    return values


def _answer_value(item: QuestionItem, raw) -> dict | None:
    """The Answer columns for a raw value, or None when it is not a valid answer."""
    if item.kind == "choice":
        codes = {choice.code for choice in item.choices}
        return {"choice_code": raw} if isinstance(raw, str) and raw in codes else None
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 5:
        return {"likert": raw}
    return None


def _response_of(case, version, moment) -> QuestionnaireResponse | None:
    """The case's response to version at moment, if any."""
    return db.session.scalar(
        select(QuestionnaireResponse).where(
            QuestionnaireResponse.case_id == case.id,
            QuestionnaireResponse.version_id == version.id,
            QuestionnaireResponse.moment == moment,
        )
    )


def _drop_answers(response: QuestionnaireResponse) -> None:
    """Delete a response's answers before new ones take their place."""
    for answer in list(response.answers):
        db.session.delete(answer)
    db.session.flush()  # the unit of work would insert the new answers before deleting these
    db.session.expire(response, ["answers"])
