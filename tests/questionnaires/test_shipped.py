"""The shipped questionnaires: the required items, both languages, loaded once."""

import re

from sqlalchemy import func, select

from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.questionnaires.models import Questionnaire
from johnschool.questionnaires.shipped import load_shipped_questionnaires, shipped_questionnaires

from .builders import loaded

PROFILE_CODES = {
    "marital_status",
    "education",
    "employment",
    "income_band",
    "first_language",
    "purchase_venue",
    "age_first_purchase",
    "past_purchases",
}
# Participant-facing text never names what the program is about.
TELLTALE = re.compile(r"prostitu|sexual|sexuel|john school|crime|court|tribunal", re.IGNORECASE)


def by_code():
    """The shipped definitions by questionnaire code."""
    return {definition["code"]: definition for definition in shipped_questionnaires()}


def test_the_intake_profile_asks_every_required_item_with_a_no_answer_choice():
    profile = by_code()["intake_profile"]
    assert profile["purpose"] == "profile"
    assert {item["code"] for item in profile["items"]} == PROFILE_CODES
    for item in profile["items"]:
        codes = [choice["code"] for choice in item["choices"]]
        assert "no_answer" in codes and len(codes) >= 3, item["code"]
        assert len(set(codes)) == len(codes)
        no_answer = next(c for c in item["choices"] if c["code"] == "no_answer")
        assert no_answer["label_fr"] == "Je préfère ne pas répondre"
        assert no_answer["label_en"] == "I prefer not to answer"


def test_the_attitudes_have_at_least_ten_likert_items_on_each_theme():
    attitudes = by_code()["attitudes"]
    codes = [item["code"] for item in attitudes["items"]]
    assert attitudes["purpose"] == "attitudes" and len(codes) >= 10
    assert all(item["kind"] == "likert" for item in attitudes["items"])
    for theme in ("harm", "consent", "exploit", "law"):
        assert any(code.startswith(f"att_{theme}_") for code in codes), theme


def test_every_shipped_text_exists_in_french_and_english_and_stays_discreet():
    for definition in shipped_questionnaires():
        texts = [definition["title_fr"], definition["title_en"]]
        for item in definition["items"]:
            assert item["text_fr"].strip() and item["text_en"].strip()
            assert item["text_fr"] != item["text_en"]
            texts += [item["text_fr"], item["text_en"]]
            texts += [c[key] for c in item.get("choices", ()) for key in ("label_fr", "label_en")]
        assert not [text for text in texts if TELLTALE.search(text)]


def test_loading_twice_adds_the_questionnaires_once_and_logs_it_once(app):
    versions = loaded()
    assert load_shipped_questionnaires() == []
    assert db.session.scalar(select(func.count()).select_from(Questionnaire)) == 2
    assert versions["intake_profile"].number == 1
    assert [item.code for item in versions["attitudes"].items][:2] == ["att_harm_1", "att_harm_2"]
    logged = select(func.count()).where(AuditEntry.action == "questionnaire.loaded")
    assert db.session.scalar(logged) == 1
