"""Error answers: pages for browsers, JSON for the API, never a stack trace."""

import pytest
from flask import abort

from ..factories import make_user


@pytest.fixture
def failing_app(app):
    """The app with routes that fail, as a bug or a conflict would."""

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail that must not leak")

    @app.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("secret detail that must not leak")

    @app.get("/api/v1/conflict")
    def api_conflict():
        abort(409)

    return app


def test_unexpected_error_shows_a_page_without_details(failing_app):
    response = failing_app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Un problème est survenu" in body
    assert "secret detail" not in body and "Traceback" not in body


def test_unexpected_api_error_is_json_without_details(failing_app):
    response = failing_app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json()["error"] == "server_error"
    assert "secret detail" not in response.get_data(as_text=True)


def test_api_errors_follow_the_contract(failing_app):
    client = failing_app.test_client()
    conflict = client.get("/api/v1/conflict")
    assert conflict.status_code == 409
    assert set(conflict.get_json()) == {"error", "message", "fields"}
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"


def test_not_found_is_a_page(client):
    response = client.get("/nothing-here")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Page introuvable" in response.get_data(as_text=True)


def test_wrong_method_is_405_in_both_forms(client):
    assert client.get("/logout").status_code == 405
    api = client.post("/api/v1/me")
    assert api.status_code == 405 and api.get_json()["error"] == "method_not_allowed"


def test_forbidden_page_says_so_in_the_users_language(client, sign_in):
    sign_in(make_user("researcher", language="en"))
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "Access denied" in response.get_data(as_text=True)


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
