"""Session lifetime and revocation."""

import time

import pytest

from johnschool.auth.models import User
from johnschool.extensions import db

from ..factories import PASSWORD, make_user

NEW_PASSWORD = "a completely new sentence for me"


def test_login_starts_a_new_session(client, login):
    user = make_user("staff")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    login(user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["sv"] == user.session_version


def test_idle_session_ends_after_thirty_minutes(client, login):
    login(make_user("staff"))
    with client.session_transaction() as session:
        session["seen_at"] -= 31 * 60
    response = client.get("/")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_active_session_is_kept_alive(client, login):
    login(make_user("staff"))
    with client.session_transaction() as session:
        session["seen_at"] -= 29 * 60
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session["seen_at"] < 5


def test_session_ends_after_twelve_hours_even_when_active(client, login):
    login(make_user("staff"))
    with client.session_transaction() as session:
        session["login_at"] -= 12 * 3600 + 1
    assert client.get("/").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, login):
    user = make_user("liaison")
    first, second = app.test_client(), app.test_client()
    for browser in (first, second):
        browser.post("/login", data={"email": user.email, "password": PASSWORD})
    response = first.post(
        "/profile/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302


def test_password_change_needs_the_current_password(client, login):
    user = make_user("liaison")
    login(user)
    response = client.post(
        "/profile/password",
        data={
            "current_password": "wrong one",
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 422
    assert "mot de passe actuel" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200


def test_logout_everywhere_ends_every_session(app):
    user = make_user("participant")
    first, second = app.test_client(), app.test_client()
    for browser in (first, second):
        browser.post("/login", data={"email": user.email, "password": PASSWORD})
    first.post("/logout/everywhere")
    assert first.get("/").status_code == 302
    assert second.get("/").status_code == 302


def test_logout_ends_this_session(client, login):
    login(make_user("participant"))
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_deactivation_ends_the_persons_open_session(app, sign_in, admin):
    person = make_user("staff")
    browser = sign_in(person, app.test_client())
    assert browser.get("/").status_code == 200
    coordinator = sign_in(admin, app.test_client())
    coordinator.post(f"/admin/users/{person.id}/deactivate", data={"confirm": "y"})
    assert db.session.get(User, person.id).is_active is False
    assert browser.get("/").status_code == 302


def test_role_change_ends_the_persons_open_session(app, sign_in, admin):
    person = make_user("staff")
    browser = sign_in(person, app.test_client())
    coordinator = sign_in(admin, app.test_client())
    coordinator.post(f"/admin/users/{person.id}/role", data={"role": "liaison"})
    assert db.session.get(User, person.id).role == "liaison"
    assert browser.get("/").status_code == 302


def test_session_cookie_is_httponly_lax_and_secure_when_configured(app):
    user = make_user("staff")
    app.config["SESSION_COOKIE_SECURE"] = True
    client = app.test_client()
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD}, base_url="https://localhost"
    )
    cookie = response.headers["Set-Cookie"]
    assert "js_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


@pytest.mark.parametrize(
    "app_config", [{"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "2 per minute"}]
)
def test_guessing_the_current_password_is_throttled(client, login, app_config):
    login(make_user("liaison"))
    guesses = [
        client.post(
            "/profile/password",
            data={
                "current_password": f"guess number {n}",
                "new_password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
        ).status_code
        for n in range(3)
    ]
    assert guesses == [422, 422, 429]
