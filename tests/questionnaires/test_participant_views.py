"""The participant answers their own questionnaires, in their language, and nobody else's."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from johnschool.extensions import db
from johnschool.questionnaires.models import Answer, QuestionnaireResponse

from ..factories import make_user
from .builders import NOW, attitude_answers, form_of, loaded, profile_answers, seated_participant


@pytest.fixture
def versions(app):
    """The shipped questionnaires, loaded."""
    return loaded()


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison")


def responses_of(case):
    """The case's responses."""
    return db.session.scalars(
        select(QuestionnaireResponse).where(QuestionnaireResponse.case_id == case.id)
    ).all()


def test_the_home_page_and_the_list_link_to_what_is_pending(client, sign_in, versions, liaison):
    user, _ = seated_participant(liaison)
    sign_in(user)
    home = client.get("/my").get_data(as_text=True)
    assert "/my/questionnaires/intake_profile/intake" in home
    assert "/my/questionnaires/attitudes/before" in home
    listing = client.get("/my/questionnaires").get_data(as_text=True)
    assert "/my/questionnaires/attitudes/before" in listing
    assert "/my/questionnaires/attitudes/after" not in listing


def test_the_form_is_in_the_participants_language(client, sign_in, versions, liaison):
    french, _ = seated_participant(liaison, language="fr")
    sign_in(french)
    page = client.get("/my/questionnaires/intake_profile/intake").get_data(as_text=True)
    assert "Quelle est votre situation conjugale ?" in page and "Célibataire" in page
    english, _ = seated_participant(liaison, language="en")
    sign_in(english)
    page = client.get("/my/questionnaires/intake_profile/intake").get_data(as_text=True)
    assert "What is your marital status?" in page and "Célibataire" not in page


def test_sent_answers_are_recorded_for_the_participants_own_case(
    client, sign_in, versions, liaison
):
    user, case = seated_participant(liaison)
    profile = versions["intake_profile"]
    sign_in(user)
    response = client.post(
        "/my/questionnaires/intake_profile/intake",
        data=form_of(profile_answers(profile, education="university")),
    )
    assert response.status_code == 302 and response.location == "/my/questionnaires"
    [saved] = responses_of(case)
    assert (saved.answered_by, saved.entered_by_id, saved.moment) == (
        "participant",
        user.id,
        "intake",
    )
    assert client.get("/my/questionnaires/intake_profile/intake").status_code == 404  # given once


def test_a_missing_answer_shows_the_form_again_with_what_was_chosen(
    client, sign_in, versions, liaison
):
    user, case = seated_participant(liaison)
    sign_in(user)
    answers = attitude_answers(versions["attitudes"], 2, att_law_1=5)
    del answers["att_harm_2"]
    response = client.post("/my/questionnaires/attitudes/before", data=form_of(answers))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="q_att_harm_2-error"' in page
    assert 'checked id="q_att_law_1-4"' in page  # the fifth choice: 5, as sent
    assert responses_of(case) == []


def test_answering_again_shows_ones_own_answers_and_replaces_them(
    client, sign_in, versions, liaison
):
    user, case = seated_participant(liaison)
    attitudes = versions["attitudes"]
    sign_in(user)
    path = "/my/questionnaires/attitudes/before"
    client.post(path, data=form_of(attitude_answers(attitudes, 1)))
    page = client.get(path).get_data(as_text=True)
    assert page.count("checked") == len(attitudes.items)
    client.post(path, data=form_of(attitude_answers(attitudes, 5)))
    [saved] = responses_of(case)
    assert set(db.session.scalars(select(Answer.likert).where(Answer.response_id == saved.id))) == {
        5
    }


def test_another_participants_answers_never_show_nor_change(client, sign_in, versions, liaison):
    first, first_case = seated_participant(liaison)
    second, second_case = seated_participant(liaison)
    attitudes = versions["attitudes"]
    sign_in(first)
    client.post("/my/questionnaires/attitudes/before", data=form_of(attitude_answers(attitudes, 1)))
    sign_in(second)
    page = client.get("/my/questionnaires/attitudes/before").get_data(as_text=True)
    assert "checked" not in page
    client.post("/my/questionnaires/attitudes/before", data=form_of(attitude_answers(attitudes, 4)))
    [mine] = responses_of(first_case)
    assert set(db.session.scalars(select(Answer.likert).where(Answer.response_id == mine.id))) == {
        1
    }
    assert len(responses_of(second_case)) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/my/questionnaires/unknown/intake",
        "/my/questionnaires/intake_profile/before",
        "/my/questionnaires/attitudes/after",  # the group day has not come yet
    ],
)
def test_a_questionnaire_that_is_not_open_is_not_found(client, sign_in, versions, liaison, path):
    user, _ = seated_participant(liaison)
    sign_in(user)
    assert client.get(path).status_code == 404
    assert client.post(path, data={}).status_code == 404


def test_after_the_group_day_the_second_attitudes_open(client, sign_in, versions, liaison):
    user, _ = seated_participant(liaison, starts_at=NOW - timedelta(days=2))
    sign_in(user)
    assert client.get("/my/questionnaires/attitudes/before").status_code == 404
    assert client.get("/my/questionnaires/attitudes/after").status_code == 200


def test_a_participant_without_a_case_has_nothing_to_answer(client, sign_in, versions):
    sign_in(make_user("participant"))
    assert "/my/questionnaires/" not in client.get("/my/questionnaires").get_data(as_text=True)
    assert client.get("/my/questionnaires/intake_profile/intake").status_code == 404
