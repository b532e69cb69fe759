"""The invitation: a participant login, a one-time link for 7 days, choosing a password."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.auth import tokens
from johnschool.auth.models import User
from johnschool.database import utcnow
from johnschool.extensions import db
from johnschool.portal.models import ParticipantAccount
from johnschool.portal.services import invite_participant, participant_client

from ..factories import PASSWORD, make_user
from .builders import make_case


@pytest.fixture
def liaison(app):
    return make_user("liaison")


@pytest.fixture
def invited(liaison):
    """A case whose client was just invited; returns (case, secret)."""
    case = make_case(liaison, email="Paul.Roy@Example.org", language="en")
    secret = invite_participant(case, by=liaison)
    db.session.commit()
    return case, secret


def test_invitation_creates_a_participant_login_for_the_client(invited):
    case, secret = invited
    user = db.session.scalar(select(User).where(User.email == "paul.roy@example.org"))
    assert secret and user.role == "participant"
    assert user.password_hash is None
    assert user.language == "en" and user.name == case.client.full_name
    assert participant_client(user).id == case.client_id


def test_inviting_again_reuses_the_login_and_kills_the_earlier_link(liaison, invited, client):
    case, first = invited
    second = invite_participant(case, by=liaison)
    db.session.commit()
    assert db.session.scalar(
        select(ParticipantAccount.id).where(ParticipantAccount.client_id == case.client_id)
    )
    assert len(db.session.scalars(select(ParticipantAccount)).all()) == 1
    assert client.get(f"/welcome/{first}").status_code == 404
    assert client.get(f"/welcome/{second}").status_code == 200


def test_a_client_without_email_gets_no_invitation(liaison):
    case = make_case(liaison, email=None)
    assert invite_participant(case, by=liaison) is None
    assert db.session.scalars(select(ParticipantAccount)).all() == []


def test_an_address_of_a_staff_account_is_not_taken_over(liaison):
    staff = make_user("staff", email="shared@example.org")
    case = make_case(liaison, email="shared@example.org")
    assert invite_participant(case, by=liaison) is None
    assert db.session.get(User, staff.id).role == "staff"


def test_the_invitation_is_audited_without_personal_data(invited):
    case, _ = invited
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "portal.invited"))
    assert entry.object_id == case.id
    assert "Roy" not in entry.summary and "example.org" not in entry.summary


def test_the_link_still_works_after_six_days(invited, client, monkeypatch):
    _, secret = invited
    later = utcnow() + timedelta(days=6)
    monkeypatch.setattr(tokens, "utcnow", lambda: later)
    assert client.get(f"/welcome/{secret}").status_code == 200


def test_the_link_is_refused_eight_days_later_with_a_clear_page(invited, client, monkeypatch):
    _, secret = invited
    later = utcnow() + timedelta(days=8)
    monkeypatch.setattr(tokens, "utcnow", lambda: later)
    response = client.get(f"/welcome/{secret}")
    assert response.status_code == 404
    assert "/login" in response.get_data(as_text=True)
    posted = client.post(f"/welcome/{secret}", data={"new_password": PASSWORD, "confirm": PASSWORD})
    assert posted.status_code == 404


def test_an_unknown_link_gets_the_same_clear_page(client, app):
    response = client.get("/welcome/not-a-real-secret")
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)


def test_choosing_a_password_signs_the_participant_in_and_uses_the_link_up(invited, client):
    _, secret = invited
    response = client.post(
        f"/welcome/{secret}", data={"new_password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/my").status_code == 200
    user = db.session.scalar(select(User).where(User.email == "paul.roy@example.org"))
    assert user.password_hash is not None
    client.post("/logout")
    assert client.get(f"/welcome/{secret}").status_code == 404
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    )


@pytest.mark.parametrize(
    "password, problem",
    [("short", "12"), ("password1234567", "common"), ("qwertyuiopasdfgh", "guess")],
)
def test_the_welcome_page_applies_the_password_policy(invited, client, password, problem):
    _, secret = invited
    client.post("/language", data={"lang": "en"})
    response = client.post(
        f"/welcome/{secret}", data={"new_password": password, "confirm": password}
    )
    assert response.status_code == 422
    assert problem in response.get_data(as_text=True)
    assert client.get(f"/welcome/{secret}").status_code == 200  # the link is still good


def test_mismatched_passwords_are_refused_on_the_field(invited, client):
    _, secret = invited
    response = client.post(
        f"/welcome/{secret}", data={"new_password": PASSWORD, "confirm": PASSWORD + "x"}
    )
    assert response.status_code == 422
    assert 'id="confirm-error"' in response.get_data(as_text=True)
