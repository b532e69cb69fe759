"""French first, English on request, remembered per user."""

from johnschool.auth.models import User
from johnschool.extensions import db

from ..factories import make_user


def test_pages_are_in_french_by_default(client):
    body = client.get("/login", headers={"Accept-Language": "en-US"}).get_data(as_text=True)
    assert '<html lang="fr">' in body and "Se connecter" in body


def test_visitor_can_switch_to_english(client):
    response = client.post("/language", data={"lang": "en", "next": "/login"})
    assert response.location == "/login"
    body = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in body and "Sign in" in body


def test_choice_is_remembered_for_the_user(app, sign_in):
    user = make_user("liaison")
    browser = sign_in(user, app.test_client())
    browser.post("/language", data={"lang": "en", "next": "/"})
    assert db.session.get(User, user.id).language == "en"
    other_device = sign_in(user, app.test_client())
    assert "Welcome" in other_device.get("/").get_data(as_text=True)


def test_language_switch_does_not_redirect_elsewhere(client):
    response = client.post("/language", data={"lang": "en", "next": "https://evil.example/"})
    assert response.location in ("/", "/login", "/?") or response.location.startswith("/")
    assert "evil" not in response.location


def test_unknown_language_is_ignored(client):
    client.post("/language", data={"lang": "de", "next": "/login"})
    assert '<html lang="fr">' in client.get("/login").get_data(as_text=True)


def test_language_switch_is_on_every_page(client, sign_in):
    sign_in(make_user("admin"))
    for path in ("/", "/profile", "/admin/users", "/admin/audit", "/nothing"):
        assert 'name="lang" value="en"' in client.get(path).get_data(as_text=True), path
