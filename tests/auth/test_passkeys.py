"""Passkeys: the ceremonies' options, and forged answers refused and counted."""

import pytest
from sqlalchemy import func, select

from johnschool.auth.mfa_models import Passkey
from johnschool.auth.models import User
from johnschool.auth.passkeys import CHALLENGE_KEY
from johnschool.extensions import db

from .mfa_helpers import REQUIRED, enrolled_user, password_step


@pytest.fixture
def app_config():
    """The default roles must sign in with a second factor."""
    return REQUIRED


def test_registration_options_name_the_site_and_keep_a_challenge(client, sign_in):
    user, _secret = enrolled_user("staff")
    sign_in(user)
    options = client.post("/profile/passkeys/options").get_json()
    assert options["rp"]["id"] == "localhost" and options["user"]["name"] == user.email
    with client.session_transaction() as session:
        assert session[CHALLENGE_KEY] == options["challenge"]


def test_a_forged_registration_is_refused(client, sign_in):
    user, _secret = enrolled_user("staff")
    sign_in(user)
    client.post("/profile/passkeys/options")
    forged = {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}}
    response = client.post("/profile/passkeys", json={"credential": forged, "name": "Clé"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Passkey)) == 0


def test_a_forged_passkey_signature_does_not_sign_in_and_counts_as_a_failure(client):
    user, _secret = enrolled_user("staff")
    password_step(client, user)
    forged = {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}}
    response = client.post("/login/passkey", json=forged)
    assert response.status_code == 400
    assert client.get("/").status_code == 302
    assert db.session.get(User, user.id).failed_login_count == 1


def test_passkey_options_need_the_password_first(client):
    assert client.post("/login/passkey/options").status_code == 400
