"""Signing in: success, failures, lockout, throttling, audit entries."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.auth.models import User
from johnschool.database import utcnow
from johnschool.extensions import db

from ..factories import PASSWORD, make_user


def actions():
    """The audit actions recorded so far, oldest first."""
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_login_with_right_password_opens_a_session_and_lands_home(client, login):
    user = make_user("liaison")
    response = login(user)
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/").status_code == 200
    assert actions()[-1] == "auth.login"


def test_login_accepts_email_in_another_case_with_spaces(client):
    user = make_user("staff", email="sophie@example.org")
    response = client.post("/login", data={"email": "  Sophie@Example.ORG ", "password": PASSWORD})
    assert response.status_code == 302
    assert db.session.get(User, user.id).last_login_at is not None


def test_login_with_wrong_password_is_refused_and_counted(client, login):
    user = make_user("staff")
    response = login(user, "not the password at all")
    assert response.status_code == 401
    assert "Adresse ou mot de passe incorrect" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).failed_login_count == 1
    assert client.get("/").status_code == 302
    assert actions()[-1] == "auth.login_failed"


def test_login_for_unknown_email_gives_the_same_answer(client, login):
    known = make_user("staff")
    wrong = login(known, "not the password at all")
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "x" * 12})
    assert unknown.status_code == wrong.status_code == 401
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "auth.login_failed" and entry.object_id is None
    assert "nobody" not in entry.summary + entry.data


def test_five_failures_lock_the_account_for_fifteen_minutes(client, login):
    user = make_user("liaison")
    for _ in range(5):
        login(user, "wrong password, again")
    locked = db.session.get(User, user.id)
    assert locked.is_locked(utcnow())
    remaining = locked.locked_until - utcnow()
    assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)
    # Even the right password is refused while locked.
    assert login(user).status_code == 401
    assert actions()[-1] == "auth.login_refused"


def test_lock_ends_after_its_time_and_success_resets_the_count(client, login):
    user = make_user("liaison")
    for _ in range(5):
        login(user, "wrong password, again")
    user = db.session.get(User, user.id)
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert login(user).status_code == 302
    user = db.session.get(User, user.id)
    assert user.failed_login_count == 0 and user.locked_until is None


def test_four_failures_then_success_does_not_lock(client, login):
    user = make_user("liaison")
    for _ in range(4):
        login(user, "wrong password, again")
    assert login(user).status_code == 302


def test_deactivated_account_cannot_sign_in(client, login):
    user = make_user("researcher")
    user.is_active = False
    db.session.commit()
    assert login(user).status_code == 401
    assert client.get("/").status_code == 302


def test_login_redirects_only_to_pages_of_this_site(client):
    user = make_user("admin")
    data = {"email": user.email, "password": PASSWORD}
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.location == "/"
    client.post("/logout")
    response = client.post("/login?next=/admin/audit", data=data)
    assert response.location == "/admin/audit"


@pytest.mark.parametrize(
    "app_config", [{"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"}]
)
def test_login_attempts_are_throttled_per_address(client, app_config):
    statuses = [
        client.post(
            "/login",
            data={"email": f"guess{n}@example.org", "password": "x" * 12},
            environ_base={"REMOTE_ADDR": "192.0.2.10"},
        ).status_code
        for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    other = client.post(
        "/login",
        data={"email": "a@example.org", "password": "x" * 12},
        environ_base={"REMOTE_ADDR": "192.0.2.99"},
    )
    assert other.status_code == 401


@pytest.mark.parametrize(
    "app_config", [{"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "2 per minute"}]
)
def test_throttled_login_answers_a_page_without_trace(client, app_config):
    for _ in range(3):
        response = client.post("/login", data={"email": "a@example.org", "password": "b" * 12})
    body = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Trop de tentatives" in body and "Traceback" not in body


def test_login_page_is_still_shown_while_throttled(client):
    assert client.get("/login").status_code == 200


def redis_is_reachable():
    """Tell whether the local Redis server answers."""
    import redis

    try:
        return redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_is_reachable(), reason="no Redis server on 127.0.0.1:6379")
@pytest.mark.parametrize(
    "app_config",
    [
        {
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "2 per minute",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
        }
    ],
)
def test_throttling_counts_are_kept_in_redis_when_configured(client, app_config):
    import redis

    from johnschool.extensions import limiter

    limiter.reset()
    data = {"email": "a@example.org", "password": "b" * 12}
    address = {"REMOTE_ADDR": "192.0.2.55"}
    statuses = [
        client.post("/login", data=data, environ_base=address).status_code for _ in range(3)
    ]
    stored = redis.Redis(host="127.0.0.1", port=6379, db=15).keys("*192.0.2.55*")
    limiter.reset()
    assert statuses == [401, 401, 429]
    assert stored, "the limiter's counters should be in Redis, shared by every process"
