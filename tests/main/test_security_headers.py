"""Security headers, caching and CSRF."""

import re

import pytest

from ..factories import PASSWORD, make_user


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("path", ["/login", "/healthz", "/api/v1/openapi.json", "/nope"])
def test_every_answer_has_the_protective_headers(client, path):
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_authenticated_pages_are_never_cached(client, sign_in):
    sign_in(make_user("admin"))
    for path in ("/", "/profile", "/admin/users", "/admin/audit"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_answers_to_a_session_say_once_they_vary_with_the_cookie(client, sign_in):
    sign_in(make_user("admin"))
    for path in ("/", "/healthz", "/profile"):
        assert client.get(path).headers.getlist("Vary") == ["Cookie"], path


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_have_no_inline_script(client, sign_in):
    sign_in(make_user("admin"))
    for path in ("/login", "/", "/profile", "/admin/users"):
        body = client.get(path).get_data(as_text=True)
        assert "<script" not in body and " onclick=" not in body, path


@pytest.fixture
def app_config():
    """These tests run with CSRF protection on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


def csrf_token(client, path="/login"):
    """Read the CSRF token from a form page."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_login_without_csrf_token_is_rejected(client):
    user = make_user("staff")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "formulaire a expiré" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_login_with_csrf_token_is_accepted(client):
    user = make_user("staff")
    token = csrf_token(client)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_state_change_without_csrf_token_is_rejected_for_signed_in_users(client, sign_in):
    admin, person = make_user("admin"), make_user("staff")
    sign_in(admin)
    response = client.post(f"/admin/users/{person.id}/role", data={"role": "liaison"})
    assert response.status_code == 400
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200


def test_api_needs_no_csrf_token_since_it_takes_no_cookie(client):
    from ..factories import make_token

    secret = make_token(make_user("admin"))
    response = client.get("/api/v1/users", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
