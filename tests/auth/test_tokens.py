"""API bearer tokens: shown once, stored hashed, revocable, last use recorded."""

import re

from sqlalchemy import select

from johnschool.auth.models import ApiToken, User
from johnschool.auth.tokens import digest
from johnschool.extensions import db

from ..factories import make_token, make_user


def bearer(secret):
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {secret}"}


def test_token_created_on_the_profile_page_is_shown_once_and_stored_hashed(client, sign_in):
    user = make_user("liaison")
    sign_in(user)
    page = client.post("/profile/tokens", data={"name": "court system"}).get_data(as_text=True)
    secret = re.search(r'value="(js_[^"]+)"', page).group(1)
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.token_hash == digest(secret) and secret not in token.token_hash
    assert secret not in client.get("/profile").get_data(as_text=True)
    assert client.get("/api/v1/me", headers=bearer(secret)).get_json()["id"] == user.id


def test_valid_token_authenticates_and_records_its_last_use(client):
    user = make_user("staff")
    secret = make_token(user)
    response = client.get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 200 and response.get_json()["role"] == "staff"
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    db.session.refresh(token)
    assert token.last_used_at is not None
    assert "Set-Cookie" not in response.headers


def test_revoked_token_is_refused(client, sign_in):
    user = make_user("liaison")
    secret = make_token(user)
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    sign_in(user)
    response = client.post(f"/profile/tokens/{token.id}/revoke", data={"confirm": "y"})
    assert response.status_code == 302
    denied = client.get("/api/v1/me", headers=bearer(secret))
    assert denied.status_code == 401 and denied.get_json()["error"] == "unauthorized"


def test_revoking_asks_for_confirmation_first(client, sign_in):
    user = make_user("liaison")
    secret = make_token(user)
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    sign_in(user)
    assert client.post(f"/profile/tokens/{token.id}/revoke", data={}).status_code == 200
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_token_of_the_wrong_role_gets_403(client):
    secret = make_token(make_user("researcher"))
    response = client.get("/api/v1/users", headers=bearer(secret))
    assert response.status_code == 403
    assert set(response.get_json()) == {"error", "message", "fields"}


def test_unknown_or_malformed_tokens_get_401(client):
    for header in ("Bearer js_not-a-real-token", "Bearer ", "Basic abc", "js_raw"):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_of_a_deactivated_account_is_refused(client):
    user = make_user("liaison")
    secret = make_token(user)
    db.session.get(User, user.id).is_active = False
    db.session.commit()
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401


def test_admin_can_revoke_another_accounts_token(client, sign_in, admin):
    user = make_user("liaison")
    secret = make_token(user)
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    sign_in(admin)
    client.post(f"/admin/users/{user.id}/tokens/{token.id}/revoke", data={"confirm": "y"})
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401


def test_admin_token_revoke_checks_the_token_belongs_to_the_account(client, sign_in, admin):
    owner, other = make_user("liaison"), make_user("staff")
    make_token(owner)
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == owner.id))
    sign_in(admin)
    response = client.post(
        f"/admin/users/{other.id}/tokens/{token.id}/revoke", data={"confirm": "y"}
    )
    assert response.status_code == 404
    assert db.session.get(ApiToken, token.id).revoked_at is None


def test_user_cannot_revoke_someone_elses_token(client, sign_in):
    owner, intruder = make_user("liaison"), make_user("liaison")
    make_token(owner)
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == owner.id))
    sign_in(intruder)
    response = client.post(f"/profile/tokens/{token.id}/revoke", data={"confirm": "y"})
    assert response.status_code == 403
    assert db.session.get(ApiToken, token.id).revoked_at is None


def test_api_lists_accounts_with_pagination_for_admins(client):
    admin = make_user("admin")
    for _ in range(3):
        make_user("staff")
    body = client.get("/api/v1/users?role=staff", headers=bearer(make_token(admin))).get_json()
    assert body["total"] == 3 and body["page"] == 1
    assert {item["role"] for item in body["items"]} == {"staff"}
    assert "password_hash" not in body["items"][0]
