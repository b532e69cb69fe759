"""The questionnaires API: the participant answers their own; a liaison the intake profile once."""

import pytest

from ..factories import make_user
from ..questionnaires.builders import attitude_answers, loaded, profile_answers, seated_participant
from .calls import call


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison", language="en")


@pytest.fixture
def versions(app):
    """The shipped questionnaires' current versions by code."""
    return loaded()


@pytest.fixture
def seated(liaison, versions):
    """A participant with a login and an enrolled case; (user, case)."""
    return seated_participant(liaison)


def listed(client, user, case):
    """The case's questionnaire lines by (code, moment)."""
    body = call(client, user, "GET", f"/referrals/{case.id}/questionnaires").get_json()
    return {(line["code"], line["moment"]): line for line in body["items"]}


def answer(client, user, case, code, moment, answers):
    """Send answers to a questionnaire of the case."""
    path = f"/referrals/{case.id}/questionnaires/{code}/responses"
    return call(client, user, "POST", path, {"moment": moment, "answers": answers})


def test_participant_sees_what_to_answer_with_its_questions(client, seated, versions):
    user, case = seated
    lines = listed(client, user, case)
    intake = lines[("intake_profile", "intake")]
    assert intake["can_answer"] and not intake["is_answered"]
    codes = [q["code"] for q in intake["questions"]]
    assert codes == [item.code for item in versions["intake_profile"].items]
    assert lines[("attitudes", "before")]["can_answer"]
    assert not lines[("attitudes", "after")]["can_answer"]
    assert "questions" not in lines[("attitudes", "after")]


def test_participant_answers_and_only_the_facts_come_back(client, seated, versions):
    user, case = seated
    answers = attitude_answers(versions["attitudes"], 4)
    response = answer(client, user, case, "attitudes", "before", answers)
    assert response.status_code == 201 and response.get_json()["answered_by"] == "participant"
    line = listed(client, user, case)[("attitudes", "before")]
    assert line["is_answered"] and line["answered_by"] == "participant"
    facts = {"answered_at", "answered_by", "can_answer", "is_answered", "is_open"}
    assert set(line) - {"questions"} == facts | {"code", "title", "purpose", "moment", "version"}


def test_another_participants_case_is_not_found(client, liaison, seated, versions):
    _, case = seated
    other, _ = seated_participant(liaison)
    assert call(client, other, "GET", f"/referrals/{case.id}/questionnaires").status_code == 404
    answers = profile_answers(versions["intake_profile"])
    assert answer(client, other, case, "intake_profile", "intake", answers).status_code == 404


def test_liaison_enters_the_intake_profile_once(client, liaison, seated, versions):
    _, case = seated
    lines = listed(client, liaison, case)
    assert lines[("intake_profile", "intake")]["can_answer"]
    assert not lines[("attitudes", "before")]["can_answer"]
    answers = profile_answers(versions["intake_profile"])
    first = answer(client, liaison, case, "intake_profile", "intake", answers)
    assert first.status_code == 201 and first.get_json()["answered_by"] == "liaison"
    assert answer(client, liaison, case, "intake_profile", "intake", answers).status_code == 409


def test_liaison_does_not_answer_the_attitudes(client, liaison, seated, versions):
    _, case = seated
    answers = attitude_answers(versions["attitudes"])
    assert answer(client, liaison, case, "attitudes", "before", answers).status_code == 409


def test_an_unanswered_question_is_named(client, seated, versions):
    user, case = seated
    answers = profile_answers(versions["intake_profile"])
    missing = next(iter(answers))
    del answers[missing]
    response = answer(client, user, case, "intake_profile", "intake", answers)
    assert response.status_code == 422
    assert list(response.get_json()["fields"]) == [f"answers.{missing}"]


def test_bad_moment_body_or_code(client, seated, versions):
    user, case = seated
    answers = profile_answers(versions["intake_profile"])
    wrong = answer(client, user, case, "intake_profile", "after", answers)
    assert wrong.status_code == 422 and "moment" in wrong.get_json()["fields"]
    path = f"/referrals/{case.id}/questionnaires/intake_profile/responses"
    assert set(call(client, user, "POST", path, {}).get_json()["fields"]) == {"moment", "answers"}
    assert answer(client, user, case, "nope", "intake", answers).status_code == 404


@pytest.mark.parametrize("role", ["staff", "researcher"])
def test_staff_and_researchers_never_reach_questionnaires(client, seated, role):
    _, case = seated
    path = f"/referrals/{case.id}/questionnaires"
    assert call(client, make_user(role), "GET", path).status_code == 403
