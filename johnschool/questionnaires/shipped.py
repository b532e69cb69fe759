"""The questionnaires that ship with the project, in ``data/*.json``."""

import json
from functools import cache
from importlib import resources

from sqlalchemy import select

from ..audit.services import record
from ..extensions import db
from .models import ITEM_KINDS, PURPOSES, ItemChoice, QuestionItem, Questionnaire
from .models import QuestionnaireVersion as Version

SHIPPED = ("intake_profile.json", "attitudes.json")
# Profile items are single choices; attitudes are Likert items (the store reads them so).
KIND_OF_PURPOSE = {"profile": "choice", "attitudes": "likert"}


def check_shipped(definition: dict) -> dict:
    """Return a questionnaire definition, or raise ValueError naming what is wrong."""
    code = definition.get("code")
    if definition.get("purpose") not in PURPOSES:
        raise ValueError(f"questionnaire {code}: unknown purpose")
    kind = KIND_OF_PURPOSE[definition["purpose"]]
    for item in definition["items"]:
        if item["kind"] not in ITEM_KINDS or item["kind"] != kind:
            raise ValueError(f"questionnaire {code}, item {item['code']}: kind must be {kind}")
        if (kind == "choice") != bool(item.get("choices")):
            raise ValueError(f"questionnaire {code}, item {item['code']}: choices")
    return definition


@cache
def _shipped_text(name: str) -> str:
    """One shipped file, read once per process."""
    return (resources.files("johnschool.questionnaires") / "data" / name).read_text("utf-8")


def shipped_questionnaires() -> list[dict]:
    """The shipped questionnaire definitions, as new dicts."""
    return [check_shipped(json.loads(_shipped_text(name))) for name in SHIPPED]


def build_questionnaire(definition: dict) -> Questionnaire:
    """A new questionnaire with its first version, items and choices (not added)."""
    questionnaire = Questionnaire(
        code=definition["code"],
        purpose=definition["purpose"],
        title_fr=definition["title_fr"],
        title_en=definition["title_en"],
    )
    version = Version(questionnaire=questionnaire, number=1, is_current=True)
    for position, item in enumerate(definition["items"], start=1):
        version.items.append(
            QuestionItem(
                code=item["code"],
                kind=item["kind"],
                position=position,
                text_fr=item["text_fr"],
                text_en=item["text_en"],
                choices=[
                    ItemChoice(
                        code=c["code"], position=n, label_fr=c["label_fr"], label_en=c["label_en"]
                    )
                    for n, c in enumerate(item.get("choices", ()), start=1)
                ],
            )
        )
    return questionnaire


def load_shipped_questionnaires(*, by=None) -> list[Questionnaire]:
    """Add the shipped questionnaires whose code is missing; return those added."""
    existing = set(db.session.scalars(select(Questionnaire.code)))
    added = [
        build_questionnaire(definition)
        for definition in shipped_questionnaires()
        if definition["code"] not in existing
    ]
    if added:
        db.session.add_all(added)
        db.session.flush()
        record(
            "questionnaire.loaded",
            "shipped questionnaires added",
            object_type="questionnaire",
            data={"codes": [questionnaire.code for questionnaire in added]},
            actor=by,
        )
    return added
