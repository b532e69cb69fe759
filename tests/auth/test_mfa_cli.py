"""The command line of the second factor: scripted enrolment, reset, the demo accounts."""

import pyotp
import pytest

from johnschool.auth.models import User
from johnschool.cli import demo_cli, users_cli
from johnschool.demo import DEMO_ACCOUNTS, DEMO_TOTP_SECRET
from johnschool.extensions import db

from ..factories import make_user
from .mfa_helpers import REQUIRED, audit_actions, enrolled_user, next_code, password_step


@pytest.fixture
def app_config():
    """The default roles must sign in with a second factor."""
    return REQUIRED


def test_mfa_enroll_prints_the_otpauth_uri_alone_and_enrols_the_account(app, client):
    user = make_user("liaison")
    result = app.test_cli_runner().invoke(users_cli, ["mfa-enroll", user.email])
    assert result.exit_code == 0
    uri = result.stdout.strip()
    assert result.stdout.count("\n") == 1 and uri.startswith("otpauth://totp/")
    assert "johnschool" not in uri.lower(), "the issuer shown in apps stays neutral"
    password_step(client, user)
    response = client.post("/login/code", data={"code": next_code(pyotp.parse_uri(uri).secret)})
    assert response.location == "/"
    assert "auth.mfa_enrolled" in audit_actions()


def test_mfa_enroll_refuses_an_account_that_already_has_a_factor(app):
    user, _secret = enrolled_user("staff")
    result = app.test_cli_runner().invoke(users_cli, ["mfa-enroll", user.email])
    assert result.exit_code != 0 and result.stdout == ""


def test_mfa_reset_removes_the_factor_ends_sessions_and_is_audited(app, client, sign_in):
    user, _secret = enrolled_user("staff")
    sign_in(user)
    result = app.test_cli_runner().invoke(users_cli, ["mfa-reset", user.email])
    assert result.exit_code == 0
    db.session.expire_all()
    assert not db.session.get(User, user.id).has_second_factor
    assert client.get("/").status_code == 302
    assert "auth.mfa_reset" in audit_actions()
    assert password_step(client, user).location == "/login/enrol"


def test_mfa_reset_of_an_unknown_account_fails(app):
    result = app.test_cli_runner().invoke(users_cli, ["mfa-reset", "nobody@example.org"])
    assert result.exit_code != 0


def test_demo_staff_accounts_are_enrolled_with_the_printed_demo_key(app, client):
    result = app.test_cli_runner().invoke(demo_cli, ["load"])
    assert DEMO_TOTP_SECRET in result.output
    email, _name, _role, password = DEMO_ACCOUNTS[0]  # the coordinator
    client.post("/login", data={"email": email, "password": password})
    assert client.post("/login/code", data={"code": next_code(DEMO_TOTP_SECRET)}).location == "/"
    participant = next(row for row in DEMO_ACCOUNTS if row[2] == "participant")
    other = app.test_client()
    login = other.post("/login", data={"email": participant[0], "password": participant[3]})
    assert login.location == "/"
