"""GET /api/v1/me/schedule: the participant's own sessions, places, times and progress."""

import pytest

from johnschool.auth.models import User

from ..factories import make_token, make_user
from ..portal.builders import make_module, make_participant, make_professional


@pytest.fixture
def liaison(app):
    return make_user("liaison")


def get_schedule(client, user: User):
    """Ask for the schedule with a token of user."""
    headers = {"Authorization": f"Bearer {make_token(user)}"}
    return client.get("/api/v1/me/schedule", headers=headers)


def test_the_schedule_lists_own_sessions_and_progress(liaison, client):
    modules = [make_module("LAW", discipline="law"), make_module("HEALTH")]
    user, case = make_participant(
        liaison, email="a@example.org", modules=modules[:1], place="Salle A",
        professional=make_professional("Dr Alice Martin"),
    )  # fmt: skip
    body = get_schedule(client, user).get_json()
    assert body["case_id"] == case.id and body["deadline"] == case.deadline.isoformat()
    assert body["balance"] == "0.00"
    (session,) = body["sessions"]
    assert session["place"] == "Salle A" and session["module"] == "LAW"
    assert session["discipline"] == "law" and session["professional"] == "Dr Alice Martin"
    assert session["starts_at"].endswith("+00:00")
    assert [(p["module"], p["status"]) for p in body["progress"]] == [
        ("LAW", "scheduled"),
        ("HEALTH", "missing"),
    ]


def test_the_schedule_holds_nothing_of_another_participant(liaison, client):
    modules = [make_module()]
    mine, _ = make_participant(liaison, email="a@example.org", modules=modules, place="Salle A")
    make_participant(liaison, email="b@example.org", modules=modules, place="Salle B")
    places = {s["place"] for s in get_schedule(client, mine).get_json()["sessions"]}
    assert places == {"Salle A"}


def test_an_anonymous_speaker_is_null(liaison, client):
    user, _ = make_participant(
        liaison, email="a@example.org", modules=[make_module()],
        professional=make_professional("Secret Speaker", is_anonymous=True),
    )  # fmt: skip
    response = get_schedule(client, user)
    assert response.get_json()["sessions"][0]["professional"] is None
    assert "Secret Speaker" not in response.get_data(as_text=True)


def test_a_participant_without_records_gets_empty_lists(client, app):
    body = get_schedule(client, make_user("participant")).get_json()
    assert body["case_id"] is None and body["sessions"] == [] and body["progress"] == []


@pytest.mark.parametrize("role", ["admin", "liaison", "staff", "researcher"])
def test_other_roles_are_refused_in_json(client, app, role):
    response = get_schedule(client, make_user(role))
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"


def test_without_a_token_the_answer_is_401(client, app):
    assert client.get("/api/v1/me/schedule").status_code == 401


def test_the_endpoint_is_documented(client, app):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "get" in paths["/api/v1/me/schedule"]
