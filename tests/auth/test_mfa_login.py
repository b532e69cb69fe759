"""Signing in with a second factor: the code step, replays, lock-out, expiry, recovery codes."""

import re

import pytest

from johnschool.auth.mfa import check_totp, current_step, replace_recovery_codes
from johnschool.auth.models import User
from johnschool.auth.second_step import PENDING_KEY
from johnschool.extensions import db

from ..factories import PASSWORD, make_user
from .mfa_helpers import REQUIRED, audit_actions, code_at, enrolled_user, next_code, password_step


@pytest.fixture
def app_config():
    """The default roles must sign in with a second factor."""
    return REQUIRED


def test_password_alone_leads_to_the_code_step_and_opens_nothing(client):
    user, _secret = enrolled_user("staff")
    response = password_step(client, user)
    assert response.status_code == 302 and response.location == "/login/code"
    assert client.get("/").status_code == 302
    assert client.get("/profile").location.startswith("/login")
    assert client.get("/api/v1/me").status_code == 401


def test_right_code_signs_in_and_goes_to_the_page_asked_for(client):
    user, secret = enrolled_user("admin")
    client.post("/login?next=/admin/audit", data={"email": user.email, "password": PASSWORD})
    response = client.post("/login/code", data={"code": next_code(secret)})
    assert response.status_code == 302 and response.location == "/admin/audit"
    assert client.get("/admin/audit").status_code == 200
    assert audit_actions()[-1] == "auth.login"


def test_a_code_cannot_be_used_twice(client, app):
    user, secret = enrolled_user("staff")
    code = next_code(secret)
    password_step(client, user)
    assert client.post("/login/code", data={"code": code}).location == "/"
    other = app.test_client()
    password_step(other, user)
    response = other.post("/login/code", data={"code": code})
    assert response.status_code == 401
    assert other.get("/").status_code == 302


def test_codes_are_accepted_one_step_either_side_and_not_further(app):
    user, secret = enrolled_user("staff")
    now = 1_800_000_000
    step = current_step(now)
    assert not check_totp(user, code_at(secret, step - 2), now)
    assert not check_totp(user, code_at(secret, step + 2), now)
    assert check_totp(user, code_at(secret, step - 1), now)
    assert check_totp(user, code_at(secret, step + 1), now)
    assert not check_totp(user, code_at(secret, step), now), "earlier than the last accepted"


def test_wrong_codes_count_toward_the_password_lock_out(client):
    user, secret = enrolled_user("liaison")
    password_step(client, user)
    for _ in range(4):
        assert client.post("/login/code", data={"code": "000000"}).status_code == 401
    password_step(client, user)  # a right password does not wipe the count
    response = client.post("/login/code", data={"code": "000000"})
    assert response.status_code == 302 and response.location == "/login"
    assert db.session.get(User, user.id).locked_until is not None
    assert password_step(client, user).status_code == 401
    assert audit_actions().count("auth.login_failed") == 5


def test_every_failed_code_is_in_the_audit_log(client):
    user, _secret = enrolled_user("staff")
    password_step(client, user)
    client.post("/login/code", data={"code": "123456"})
    client.post("/login/code", data={"code": "not-a-recovery-code"})
    assert audit_actions().count("auth.login_failed") == 2


def test_the_code_step_expires_after_five_minutes(client):
    user, secret = enrolled_user("staff")
    password_step(client, user)
    with client.session_transaction() as session:
        session[PENDING_KEY] = {**session[PENDING_KEY], "at": session[PENDING_KEY]["at"] - 301}
    response = client.post("/login/code", data={"code": next_code(secret)})
    assert response.status_code == 302 and response.location == "/login"
    assert client.get("/").status_code == 302


def test_a_recovery_code_signs_in_once(client, app):
    user, _secret = enrolled_user("staff")
    codes = replace_recovery_codes(user)
    db.session.commit()
    password_step(client, user)
    assert client.post("/login/code", data={"code": codes[0].upper()}).location == "/"
    other = app.test_client()
    password_step(other, user)
    assert other.post("/login/code", data={"code": codes[0]}).status_code == 401


def test_new_recovery_codes_invalidate_the_old_ones(client):
    user, _secret = enrolled_user("staff")
    old = replace_recovery_codes(user)
    new = replace_recovery_codes(user)
    db.session.commit()
    password_step(client, user)
    assert client.post("/login/code", data={"code": old[1]}).status_code == 401
    assert client.post("/login/code", data={"code": new[1]}).location == "/"


def test_required_role_without_a_factor_must_enrol_before_anything_else(client):
    user = make_user("staff")
    assert password_step(client, user).location == "/login/enrol"
    page = client.get("/login/enrol")
    assert page.status_code == 200
    assert b'src="data:image/svg+xml' in page.data
    secret = re.search(rb'id="totp-secret"[^>]*value="([A-Z2-7]+)"', page.data).group(1).decode()
    assert client.get("/").status_code == 302
    assert client.post("/login/enrol", data={"code": "000000"}).status_code == 401
    response = client.post("/login/enrol", data={"code": next_code(secret)})
    assert response.status_code == 200
    assert len(re.findall(rb"<li><code>[a-z2-9-]{14}</code></li>", response.data)) == 10
    assert client.get("/").status_code == 200
    stored = db.session.get(User, user.id)
    assert stored.has_second_factor and secret not in stored.totp_secret
    assert "auth.mfa_enrolled" in audit_actions()


def test_participant_signs_in_with_the_password_alone_until_opting_in(client, sign_in):
    user = make_user("participant")
    assert password_step(client, user).location == "/"
    page = client.get("/profile/two-step")
    secret = re.search(rb'id="totp-secret"[^>]*value="([A-Z2-7]+)"', page.data).group(1).decode()
    assert client.post("/profile/two-step", data={"code": "111111"}).status_code == 422
    client.post("/profile/two-step", data={"code": code_at(secret, current_step())})
    assert db.session.get(User, user.id).has_second_factor
    client.post("/logout")
    assert password_step(client, user).location == "/login/code"


def test_participant_may_turn_the_second_factor_off_but_staff_may_not(client, sign_in):
    participant, _ = enrolled_user("participant")
    sign_in(participant)
    client.post("/profile/two-step/remove", data={"confirm": "y"})
    assert not db.session.get(User, participant.id).has_second_factor
    staff, _ = enrolled_user("staff")
    sign_in(staff)
    client.post("/profile/two-step/remove", data={"confirm": "y"})
    assert db.session.get(User, staff.id).has_second_factor


def test_second_step_pages_are_in_english_for_an_english_visitor(client):
    user, _secret = enrolled_user("staff", language="en")
    client.post("/language", data={"lang": "en", "next": "/login"})
    password_step(client, user)
    page = client.get("/login/code")
    assert b"Verification code" in page.data and b'lang="en"' in page.data
    client.post("/language", data={"lang": "fr", "next": "/login/code"})
    assert "Code de vérification".encode() in client.get("/login/code").data
