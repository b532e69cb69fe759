"""The participant's pages: own schedule, progress, deadline, balance and own data only."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.audit.services import record
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.messages.preferences import set_reminder_channels
from johnschool.messages.services import queue_message
from johnschool.questionnaires.services import record_response

from ..factories import make_token, make_user
from ..query_counts import count_queries
from ..questionnaires.builders import loaded, profile_answers
from .builders import SOON, enroll, make_cohort, make_module, make_participant, make_professional


@pytest.fixture
def liaison(app):
    return make_user("liaison")


@pytest.fixture
def modules(liaison):
    return [make_module(title_fr="Santé publique"), make_module(title_fr="Le droit")]


@pytest.fixture
def alice(liaison, modules):
    """A participant taught by a named professional."""
    return make_participant(
        liaison, email="alice@example.org", modules=modules[:1],
        professional=make_professional("Dr Alice Martin"), place="Salle Alice",
    )  # fmt: skip


@pytest.fixture
def bob(liaison, modules):
    """Another participant, taught by an anonymous speaker."""
    return make_participant(
        liaison, email="bob@example.org", modules=modules,
        professional=make_professional("Secret Speaker", is_anonymous=True), place="Salle Bob",
    )  # fmt: skip


def text_of(response):
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_home_shows_own_sessions_with_module_discipline_and_speaker(alice, client, sign_in):
    sign_in(alice[0])
    page = text_of(client.get("/"))
    assert "Salle Alice" in page and "Santé publique" in page and "Dr Alice Martin" in page
    assert text_of(client.get("/my")).count("Salle Alice") >= 1


def test_a_participant_sees_only_their_own_sessions(alice, bob, client, sign_in):
    sign_in(alice[0])
    page = text_of(client.get("/my"))
    assert "Salle Bob" not in page
    sign_in(bob[0])
    page = text_of(client.get("/my"))
    assert "Salle Alice" not in page and "Salle Bob" in page


def test_another_participants_session_file_is_not_found(alice, bob, client, sign_in):
    bob_session = (
        bob[1].id
        and db.session.scalars(select(Enrollment).where(Enrollment.case_id == bob[1].id))
        .one()
        .cohort.sessions[0]
    )
    alice_session = (
        db.session.scalars(select(Enrollment).where(Enrollment.case_id == alice[1].id))
        .one()
        .cohort.sessions[0]
    )
    sign_in(alice[0])
    assert client.get(f"/my/sessions/{bob_session.id}.ics").status_code == 404
    assert client.get("/my/sessions/999999.ics").status_code == 404
    own = client.get(f"/my/sessions/{alice_session.id}.ics")
    assert own.status_code == 200 and "Salle Alice" in own.get_data(as_text=True)


def test_an_anonymous_speakers_name_is_never_shown(bob, client, sign_in):
    sign_in(bob[0])
    page = text_of(client.get("/my"))
    data = text_of(client.get("/my/data/download"))
    assert "Secret Speaker" not in page and "Secret Speaker" not in data
    assert "Public health" in page or "Santé publique" in page


def test_progress_lists_required_modules_scheduled_or_missing(alice, modules, client, sign_in):
    sign_in(alice[0])
    page = text_of(client.get("/my"))
    assert "Santé publique" in page and "Le droit" in page  # the second is not scheduled
    assert "tag-failure" in page


def test_deadline_and_balance_are_shown(alice, client, sign_in):
    case = alice[1]
    sign_in(alice[0])
    page = text_of(client.get("/my"))
    assert str(case.deadline.year) in page
    assert "0,00" in page  # no fee before admission


def test_a_participant_without_a_client_record_sees_an_empty_state(app, client, sign_in):
    sign_in(make_user("participant"))
    page = text_of(client.get("/my"))
    assert 'class="empty"' in page


def test_a_waitlisted_participant_is_told_so(liaison, modules, client, sign_in):
    user, case = make_participant(liaison, email="w@example.org", modules=modules)
    db.session.scalars(select(Enrollment)).one().status = "waitlisted"
    db.session.commit()
    sign_in(user)
    page = text_of(client.get("/my"))
    assert "Salle 3" not in page and "flash-info" in page


@pytest.mark.parametrize("path", ["/my", "/", "/api/v1/me/schedule"])
def test_the_schedule_runs_the_same_queries_however_many_sessions(
    liaison, modules, client, sign_in, path
):
    user, case = make_participant(liaison, email="q@example.org", modules=modules[:1])
    if path.startswith("/api/"):
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {make_token(user)}"
    else:
        sign_in(user)
    client.get(path)  # the first use of a token notes when it was used
    before = count_queries(client, path)
    for week in range(1, 4):
        extra = make_cohort(modules * 3, starts_at=SOON + timedelta(weeks=week),
                            professional=make_professional(f"Prof {week}"))  # fmt: skip
        enroll(case, extra)
    db.session.commit()
    assert count_queries(client, path) == before


def test_own_data_download_holds_everything_and_is_audited(alice, client, sign_in):
    user, case = alice
    queue_message(kind="enrollment", to_address="alice@example.org", language="fr",
                  subject="Vos rendez-vous", body="...", case_id=case.id)  # fmt: skip
    db.session.commit()
    sign_in(user)
    response = client.get("/my/data/download")
    assert response.headers["Content-Disposition"] == 'attachment; filename="mes-donnees.json"'
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["client"]["email"] == "alice@example.org"
    (held,) = data["cases"]
    assert held["id"] == case.id and held["referral"]["court_file"] == case.court_file
    assert held["decisions"] and held["enrollments"][0]["status"] == "enrolled"
    assert held["sessions"][0]["place"] == "Salle Alice"
    assert data["messages"] == [
        {"kind": "enrollment", "channel": "email", "subject": "Vos rendez-vous",
         "status": "pending", "created_at": data["messages"][0]["created_at"], "sent_at": None}
    ]  # fmt: skip
    assert data["reminders"] is None  # never chosen: email by default
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "portal.data_exported"))
    assert entry.actor_id == user.id and "alice" not in entry.summary.lower()


def test_own_data_holds_the_reminder_choice_and_number(alice, client, sign_in):
    user, case = alice
    set_reminder_channels(case.client, "sms", "514 872-1234", by=user)
    db.session.commit()
    sign_in(user)
    data = json.loads(client.get("/my/data/download").get_data(as_text=True))
    assert data["reminders"]["channels"] == "sms"
    assert data["reminders"]["sms_phone"] == "+15148721234"


def test_own_data_never_includes_another_participants(alice, bob, client, sign_in):
    sign_in(alice[0])
    data = text_of(client.get("/my/data/download"))
    assert "bob@example.org" not in data and "Salle Bob" not in data


@pytest.mark.parametrize("role", ["admin", "liaison", "staff", "researcher"])
@pytest.mark.parametrize(
    "path",
    [
        "/my",
        "/my/calendar",
        "/my/data",
        "/my/data/download",
        "/my/calendar/reset",
        "/my/calendar/revoke",
    ],
)
def test_other_roles_cannot_open_participant_pages(client, sign_in, role, path):
    sign_in(make_user(role))
    assert client.get(path).status_code == 403


def test_own_data_page_says_what_the_file_holds_and_links_to_it(alice, client, sign_in):
    sign_in(alice[0])
    page = text_of(client.get("/my/data"))
    assert "questionnaire" in page and "sans leur nom" in page
    assert "/my/data/download" in page


def test_own_data_holds_every_questionnaire_answer_and_who_saw_the_file(
    alice, liaison, client, sign_in
):
    version = loaded()["intake_profile"]
    item = next(item for item in version.items if item.code == "marital_status")
    choice = next(choice for choice in item.choices if choice.code == "single")
    answers = profile_answers(version, marital_status="single")
    record_response(alice[1], version, "intake", answers, answered_by="liaison", by=liaison)
    record("case.viewed", "case page viewed", object_type="case", object_id=alice[1].id,
           actor=liaison)  # fmt: skip
    db.session.commit()
    sign_in(alice[0])
    data = json.loads(client.get("/my/data/download").get_data(as_text=True))
    (response,) = data["questionnaires"]
    assert response["moment"] == "intake" and len(response["answers"]) == len(version.items)
    assert {"question": item.text_fr, "answer": choice.label_fr, "scale": None} in response[
        "answers"
    ]
    seen = [entry for entry in data["access_history"] if entry["action"] == "case.viewed"]
    assert seen and seen[0]["by_role"] == "liaison"
    assert liaison.name not in json.dumps(data["access_history"])
