"""The liaison enters the intake profile and then sees only that it was answered; the
coordinator changes questionnaires through new versions."""

import pytest
from sqlalchemy import select

from johnschool.extensions import db
from johnschool.questionnaires.models import QuestionnaireResponse
from johnschool.questionnaires.services import current_version, record_response
from johnschool.questionnaires.shipped import build_questionnaire, shipped_questionnaires

from ..factories import make_user
from ..portal.builders import make_case
from ..query_counts import count_queries
from .builders import attitude_answers, form_of, loaded, profile_answers, seated_participant

# Answers chosen so that their labels appear nowhere else on the pages.
CHOSEN = {"income_band": "100k_or_more", "education": "university", "marital_status": "widowed"}
CHOSEN_LABELS = ("100 000 $ ou plus", "$100,000 or more", "Universitaire", "University", "Veuf")
LIKERT_WORDS = ("Strongly agree", "Tout à fait d'accord", "Strongly disagree")


@pytest.fixture
def versions(app):
    """The shipped questionnaires, loaded."""
    return loaded()


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison")


def test_the_liaison_enters_the_profile_and_afterwards_sees_only_who_and_when(
    client, sign_in, versions, liaison
):
    case = make_case(liaison)
    db.session.commit()
    sign_in(liaison)
    path = f"/cases/{case.id}/profile"
    assert "Quelle est votre situation conjugale ?" in client.get(path).get_data(as_text=True)
    response = client.post(
        path, data=form_of(profile_answers(versions["intake_profile"], **CHOSEN))
    )
    assert response.status_code == 302 and response.location == f"/cases/{case.id}"
    [saved] = db.session.scalars(select(QuestionnaireResponse)).all()
    assert (saved.case_id, saved.answered_by) == (case.id, "liaison")
    for page in (client.get(path), client.get(f"/cases/{case.id}")):
        text = page.get_data(as_text=True)
        assert page.status_code == 200
        assert not [label for label in CHOSEN_LABELS if label in text]
        assert "Quelle est votre situation conjugale ?" not in text


def test_the_profile_cannot_be_entered_twice(client, sign_in, versions, liaison):
    case = make_case(liaison)
    profile = versions["intake_profile"]
    record_response(
        case, profile, "intake", profile_answers(profile), answered_by="participant", by=liaison
    )
    db.session.commit()
    sign_in(liaison)
    response = client.post(
        f"/cases/{case.id}/profile", data=form_of(profile_answers(profile, **CHOSEN))
    )
    assert response.status_code == 409
    assert db.session.scalar(select(QuestionnaireResponse.answered_by)) == "participant"


def test_an_incomplete_profile_keeps_what_the_liaison_ticked(client, sign_in, versions, liaison):
    case = make_case(liaison)
    db.session.commit()
    sign_in(liaison)
    answers = profile_answers(versions["intake_profile"], **CHOSEN)
    del answers["employment"]
    response = client.post(f"/cases/{case.id}/profile", data=form_of(answers))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="q_employment-error"' in page
    assert page.count("checked") == len(answers)


def test_the_case_page_shows_the_participants_answers_as_a_status_only(
    client, sign_in, versions, liaison
):
    _, case = seated_participant(liaison)
    profile, attitudes = versions["intake_profile"], versions["attitudes"]
    record_response(
        case,
        profile,
        "intake",
        profile_answers(profile, **CHOSEN),
        answered_by="participant",
        by=liaison,
    )
    record_response(
        case,
        attitudes,
        "before",
        attitude_answers(attitudes, 5),
        answered_by="participant",
        by=liaison,
    )
    db.session.commit()
    for who in (liaison, make_user("admin")):
        sign_in(who)
        page = client.get(f"/cases/{case.id}").get_data(as_text=True)
        assert "questionnaires-title" in page
        assert not [word for word in CHOSEN_LABELS + LIKERT_WORDS if word in page]
        assert f"/cases/{case.id}/profile" not in page  # already answered: nothing to enter


def test_the_case_page_offers_to_enter_a_missing_profile(client, sign_in, versions, liaison):
    case = make_case(liaison)
    db.session.commit()
    sign_in(liaison)
    assert f"/cases/{case.id}/profile" in client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_the_coordinator_lists_questionnaires_with_their_version_in_force(
    client, sign_in, versions, admin
):
    sign_in(admin)
    before = count_queries(client, "/admin/questionnaires")
    third = build_questionnaire({**shipped_questionnaires()[1], "code": "attitudes_b"})
    db.session.add(third)
    db.session.commit()
    assert count_queries(client, "/admin/questionnaires") == before
    page = client.get("/admin/questionnaires").get_data(as_text=True)
    assert "attitudes_b" in page and f"/admin/questionnaires/{third.id}" in page


def test_the_questionnaire_page_loads_items_and_choices_in_a_fixed_number_of_queries(
    client, sign_in, versions, admin
):
    sign_in(admin)
    profile, attitudes = versions["intake_profile"], versions["attitudes"]
    assert len(profile.items) != len(attitudes.items)
    profile_count = count_queries(client, f"/admin/questionnaires/{profile.questionnaire_id}")
    attitudes_count = count_queries(client, f"/admin/questionnaires/{attitudes.questionnaire_id}")
    assert profile_count == attitudes_count


def test_changing_a_question_needs_the_confirmation_and_keeps_what_was_typed(
    client, sign_in, versions, admin
):
    version = versions["attitudes"]
    item = version.items[0]
    sign_in(admin)
    path = f"/admin/questionnaires/{version.questionnaire_id}/items/{item.id}"
    typed = {"text_fr": "Nouvelle formulation.", "text_en": "New wording."}
    response = client.post(path, data=typed)
    assert response.status_code == 422 and "Nouvelle formulation." in response.get_data(
        as_text=True
    )
    assert current_version("attitudes").number == 1
    response = client.post(path, data={**typed, "confirm": "y"})
    assert response.status_code == 302
    new = current_version("attitudes")
    assert new.number == 2 and new.items[0].text_en == "New wording."
    old_page = client.get(f"/admin/questionnaires/{version.questionnaire_id}/versions/1")
    text = old_page.get_data(as_text=True)
    assert item.text_fr in text and "/items/" not in text  # read-only
    assert client.get(path).status_code == 404  # an item of an older version


def test_choices_are_edited_as_lines_and_a_bad_line_is_named(client, sign_in, versions, admin):
    version = versions["intake_profile"]
    item = next(i for i in version.items if i.code == "first_language")
    sign_in(admin)
    path = f"/admin/questionnaires/{version.questionnaire_id}/items/{item.id}"
    page = client.get(path).get_data(as_text=True)
    assert "french | Français | French" in page
    bad = {"text_fr": item.text_fr, "text_en": item.text_en, "confirm": "y"}
    response = client.post(path, data={**bad, "choices": "french | Français\nno_answer | Non | No"})
    assert response.status_code == 422 and "La ligne 1 " in response.get_data(as_text=True)
    lines = "french | Français | French\nother | Autre | Other\nno_answer | Aucune | None"
    assert client.post(path, data={**bad, "choices": lines}).status_code == 302
    [new_item] = [i for i in current_version("intake_profile").items if i.code == "first_language"]
    assert [c.code for c in new_item.choices] == ["french", "other", "no_answer"]


def test_the_coordinator_adds_a_question_as_a_new_version(client, sign_in, versions, admin):
    version = versions["attitudes"]
    sign_in(admin)
    path = f"/admin/questionnaires/{version.questionnaire_id}/items/new"
    data = {"code": "att_law_1", "text_fr": "Q.", "text_en": "Q.", "confirm": "y"}
    response = client.post(path, data=data)
    assert response.status_code == 422 and "att_law_1" in response.get_data(as_text=True)
    assert client.post(path, data={**data, "code": "att_law_9"}).status_code == 302
    assert current_version("attitudes").items[-1].code == "att_law_9"
