"""Versions keep old answers' meaning; answers are checked, replaced, logged without content."""

import json

import pytest
from sqlalchemy import func, select

from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.questionnaires.models import Answer, QuestionnaireResponse
from johnschool.questionnaires.services import (
    QuestionnaireError,
    add_item,
    current_version,
    record_response,
    revise_item,
)
from johnschool.research.models import ResearchAnswer, ResearchAttitude

from ..factories import make_user
from ..portal.builders import make_case
from .builders import attitude_answers, loaded, profile_answers

MARITAL_CHOICES = [
    {"code": "single", "label_fr": "Seul", "label_en": "Alone"},
    {"code": "couple", "label_fr": "En couple", "label_en": "In a couple"},
    {"code": "no_answer", "label_fr": "Je préfère ne pas répondre", "label_en": "I prefer not"},
]


@pytest.fixture
def versions(app):
    """The shipped questionnaires, loaded."""
    return loaded()


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison")


def item_of(version, code):
    """The item with this code in version."""
    return next(item for item in version.items if item.code == code)


def test_revising_an_item_makes_a_new_version_and_old_answers_keep_their_wording(
    versions, liaison, admin
):
    old = versions["intake_profile"]
    case = make_case(liaison)
    record_response(
        case,
        old,
        "intake",
        profile_answers(old, marital_status="widowed"),
        answered_by="liaison",
        by=liaison,
    )
    item = item_of(old, "marital_status")
    new = revise_item(
        item, text_fr="Situation ?", text_en="Situation?", choices=MARITAL_CHOICES, by=admin
    )
    db.session.commit()
    assert (new.number, new.is_current, old.is_current) == (2, True, False)
    assert current_version("intake_profile").id == new.id
    assert [c.code for c in item_of(new, "marital_status").choices] == [
        "single",
        "couple",
        "no_answer",
    ]
    assert len(new.items) == len(old.items)
    assert item_of(new, "education").text_fr == item_of(old, "education").text_fr
    answer = db.session.scalar(select(Answer).where(Answer.item_id == item.id))
    assert answer.choice_code == "widowed"
    assert answer.item.version_id == old.id
    assert "widowed" in [c.code for c in answer.item.choices]


def test_adding_an_item_copies_every_item_and_appends_the_new_one(versions, admin):
    old = versions["attitudes"]
    new = add_item(
        old.questionnaire, code="att_law_4", text_fr="La loi.", text_en="The law.", by=admin
    )
    db.session.commit()
    assert [i.code for i in new.items] == [i.code for i in old.items] + ["att_law_4"]
    assert item_of(new, "att_law_4").kind == "likert"
    assert {i.id for i in new.items}.isdisjoint({i.id for i in old.items})
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "questionnaire.versioned")
    )
    assert json.loads(entry.data) == {"change": "added", "item": "att_law_4", "version": 2}


@pytest.mark.parametrize(
    ("choices", "field"),
    [
        ([MARITAL_CHOICES[0], MARITAL_CHOICES[1]], "choices"),  # no_answer dropped
        ([MARITAL_CHOICES[2]], "choices"),  # a single choice
        ([{**MARITAL_CHOICES[0], "code": "Bad Code"}, MARITAL_CHOICES[2]], "choices"),
        ([MARITAL_CHOICES[0], MARITAL_CHOICES[0], MARITAL_CHOICES[2]], "choices"),
        ([{**MARITAL_CHOICES[0], "label_en": ""}, MARITAL_CHOICES[2]], "choices"),
    ],
)
def test_bad_choices_are_refused_and_no_version_is_made(versions, admin, choices, field):
    item = item_of(versions["intake_profile"], "marital_status")
    with pytest.raises(QuestionnaireError) as refused:
        revise_item(item, text_fr="Q ?", text_en="Q?", choices=choices, by=admin)
    assert field in refused.value.fields
    db.session.rollback()
    assert current_version("intake_profile").number == 1


def test_an_unchanged_item_or_an_empty_question_is_refused(versions, admin):
    item = item_of(versions["attitudes"], "att_harm_1")
    with pytest.raises(QuestionnaireError):
        revise_item(item, text_fr=item.text_fr, text_en=item.text_en, by=admin)
    with pytest.raises(QuestionnaireError) as refused:
        revise_item(item, text_fr="  ", text_en="Fine.", by=admin)
    assert set(refused.value.fields) == {"text_fr"}


def test_an_added_item_needs_a_new_well_formed_code(versions, admin):
    questionnaire = versions["attitudes"].questionnaire
    for code in ("att_harm_1", "Not A Code", ""):
        with pytest.raises(QuestionnaireError) as refused:
            add_item(questionnaire, code=code, text_fr="Q.", text_en="Q.", by=admin)
        assert "code" in refused.value.fields
        db.session.rollback()


def test_an_older_version_cannot_be_revised(versions, admin):
    old = versions["attitudes"]
    item = item_of(old, "att_harm_1")
    revise_item(item, text_fr="Autre.", text_en="Other.", by=admin)
    with pytest.raises(QuestionnaireError):
        revise_item(item, text_fr="Encore.", text_en="Again.", by=admin)


@pytest.mark.parametrize(
    ("changes", "bad"),
    [
        ({"marital_status": "astronaut"}, "marital_status"),  # not a choice of the item
        ({"education": None}, "education"),  # missing
        ({"education": 3}, "education"),  # a number for a single choice
        ({"shoe_size": "no_answer"}, "shoe_size"),  # not an item of the questionnaire
    ],
)
def test_every_profile_value_is_checked_against_its_item(versions, liaison, changes, bad):
    version = versions["intake_profile"]
    answers = {**profile_answers(version), **changes}
    answers = {code: value for code, value in answers.items() if value is not None}
    with pytest.raises(QuestionnaireError) as refused:
        record_response(
            make_case(liaison), version, "intake", answers, answered_by="liaison", by=liaison
        )
    assert set(refused.value.fields) == {bad}


@pytest.mark.parametrize("value", [0, 6, "7", "", "strongly", True, 2.5])
def test_a_likert_answer_is_a_whole_number_from_one_to_five(versions, liaison, value):
    version = versions["attitudes"]
    answers = attitude_answers(version, att_consent_2=value)
    with pytest.raises(QuestionnaireError) as refused:
        record_response(
            make_case(liaison), version, "before", answers, answered_by="liaison", by=liaison
        )
    assert set(refused.value.fields) == {"att_consent_2"}


def test_a_questionnaire_is_refused_at_a_moment_it_is_not_given(versions, liaison):
    version = versions["intake_profile"]
    with pytest.raises(QuestionnaireError):
        record_response(
            make_case(liaison),
            version,
            "after",
            profile_answers(version),
            answered_by="liaison",
            by=liaison,
        )


def test_answering_again_replaces_the_answers_of_the_same_response(versions, liaison):
    version, case = versions["attitudes"], make_case(liaison)
    first = record_response(
        case, version, "before", attitude_answers(version, 2), answered_by="participant", by=liaison
    )
    second = record_response(
        case, version, "before", attitude_answers(version, 4), answered_by="participant", by=liaison
    )
    db.session.commit()
    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(QuestionnaireResponse)) == 1
    values = db.session.scalars(select(Answer.likert).where(Answer.response_id == first.id)).all()
    assert len(values) == len(version.items) and set(values) == {4}


def test_the_audit_entry_names_the_questionnaire_but_holds_no_answer(versions, liaison):
    version, case = versions["intake_profile"], make_case(liaison)
    record_response(
        case,
        version,
        "intake",
        profile_answers(version, "no_answer", income_band="under_20k"),
        answered_by="liaison",
        by=liaison,
    )
    db.session.commit()
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "questionnaire.answered")
    )
    assert (entry.object_type, entry.object_id) == ("case", case.id)
    text = entry.summary + entry.data
    assert "under_20k" not in text and "no_answer" not in text
    assert json.loads(entry.data)["questionnaire"] == "intake_profile"


def test_the_research_store_gets_the_answers_once_committed(versions, liaison):
    profile, attitudes = versions["intake_profile"], versions["attitudes"]
    case = make_case(liaison)
    record_response(
        case,
        profile,
        "intake",
        profile_answers(profile, education="college"),
        answered_by="liaison",
        by=liaison,
    )
    record_response(
        case,
        attitudes,
        "before",
        attitude_answers(attitudes, 2),
        answered_by="participant",
        by=liaison,
    )
    record_response(
        case,
        attitudes,
        "after",
        attitude_answers(attitudes, 4, att_law_1=5),
        answered_by="participant",
        by=liaison,
    )
    db.session.commit()
    record_id = case.research_record.id
    answers = dict(
        db.session.execute(
            select(ResearchAnswer.item_code, ResearchAnswer.value).where(
                ResearchAnswer.record_id == record_id
            )
        ).all()
    )
    assert answers["education"] == "college" and len(answers) == len(profile.items)
    pairs = {
        code: (before, after)
        for code, before, after in db.session.execute(
            select(
                ResearchAttitude.item_code, ResearchAttitude.before, ResearchAttitude.after
            ).where(ResearchAttitude.record_id == record_id)
        )
    }
    assert pairs["att_harm_1"] == (2, 4) and pairs["att_law_1"] == (2, 5)
    assert len(pairs) == len(attitudes.items)
