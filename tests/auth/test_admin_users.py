"""Account management by the program coordinator."""

import re
from datetime import timedelta

from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.auth.models import OneTimeLink, User
from johnschool.database import utcnow
from johnschool.extensions import db

from ..factories import make_user

NEW_PASSWORD = "a fresh and long passphrase"


def link_path(page):
    """Extract the one-time link's path from the page that shows it."""
    return re.search(r'value="https?://[^/]+(/reset/[^"]+)"', page).group(1)


def test_admin_creates_an_account_and_gets_a_one_time_link(client, sign_in, admin):
    sign_in(admin)
    response = client.post(
        "/admin/users/new",
        data={
            "name": "Nadia Nouvelle",
            "email": "Nadia@Example.org",
            "role": "liaison",
            "language": "en",
        },
    )
    assert response.status_code == 200
    user = db.session.scalar(select(User).where(User.email == "nadia@example.org"))
    assert user.role == "liaison" and user.password_hash is None and user.language == "en"
    path = link_path(response.get_data(as_text=True))
    anonymous = client.application.test_client()
    assert anonymous.get(path).status_code == 200
    done = anonymous.post(path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert (
        anonymous.post("/login", data={"email": user.email, "password": NEW_PASSWORD}).status_code
        == 302
    )


def test_one_time_link_works_only_once(client, sign_in, admin):
    person = make_user("staff")
    sign_in(admin)
    path = link_path(client.post(f"/admin/users/{person.id}/reset-link").get_data(as_text=True))
    other = client.application.test_client()
    other.post(path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert other.get(path).status_code == 404


def test_expired_link_is_refused(client, sign_in, admin):
    person = make_user("staff")
    sign_in(admin)
    path = link_path(client.post(f"/admin/users/{person.id}/reset-link").get_data(as_text=True))
    link = db.session.scalar(select(OneTimeLink).where(OneTimeLink.user_id == person.id))
    link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.application.test_client().get(path)
    assert response.status_code == 404
    assert "n'est plus valide" in response.get_data(as_text=True)


def test_a_new_link_replaces_the_previous_one(client, sign_in, admin):
    person = make_user("staff")
    sign_in(admin)
    first = link_path(client.post(f"/admin/users/{person.id}/reset-link").get_data(as_text=True))
    second = link_path(client.post(f"/admin/users/{person.id}/reset-link").get_data(as_text=True))
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_weak_password_from_link_is_refused_and_the_link_still_works(client, sign_in, admin):
    person = make_user("staff")
    sign_in(admin)
    path = link_path(client.post(f"/admin/users/{person.id}/reset-link").get_data(as_text=True))
    other = client.application.test_client()
    response = other.post(path, data={"new_password": "iloveyou2026!", "confirm": "iloveyou2026!"})
    assert "trop courant" in response.get_data(as_text=True)
    assert other.get(path).status_code == 200


def test_duplicate_email_is_refused_with_what_was_typed_kept(client, sign_in, admin):
    existing = make_user("staff")
    sign_in(admin)
    response = client.post(
        "/admin/users/new",
        data={
            "name": "Doublon Dupuis",
            "email": existing.email.upper(),
            "role": "staff",
            "language": "fr",
        },
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "existe déjà" in body and "Doublon Dupuis" in body


def test_admin_cannot_deactivate_or_demote_themselves(client, sign_in, admin):
    sign_in(admin)
    client.post(f"/admin/users/{admin.id}/deactivate", data={"confirm": "y"})
    client.post(f"/admin/users/{admin.id}/role", data={"role": "staff"})
    me = db.session.get(User, admin.id)
    assert me.is_active and me.role == "admin"


def test_deactivation_needs_confirmation_and_can_be_undone(client, sign_in, admin):
    person = make_user("staff")
    sign_in(admin)
    page = client.get(f"/admin/users/{person.id}/deactivate")
    assert "Désactiver le compte de" in page.get_data(as_text=True)
    client.post(f"/admin/users/{person.id}/deactivate", data={})
    assert db.session.get(User, person.id).is_active
    client.post(f"/admin/users/{person.id}/deactivate", data={"confirm": "y"})
    assert not db.session.get(User, person.id).is_active
    client.post(f"/admin/users/{person.id}/reactivate")
    assert db.session.get(User, person.id).is_active


def test_user_management_is_recorded_in_the_audit_log(client, sign_in, admin):
    person = make_user("staff")
    sign_in(admin)
    client.post(f"/admin/users/{person.id}/role", data={"role": "liaison"})
    client.post(f"/admin/users/{person.id}/deactivate", data={"confirm": "y"})
    entries = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.object_id == person.id, AuditEntry.object_type == "user"
        )
    )
    actions = {entry.action: entry for entry in entries}
    assert {"user.created", "user.role_changed", "user.deactivated"} <= actions.keys()
    assert actions["user.role_changed"].actor_id == admin.id


def test_account_list_filters_and_searches(client, sign_in, admin):
    make_user("staff", name="Zoé Tremblay")
    make_user("liaison", name="Marc Gagnon")
    sign_in(admin)
    body = client.get("/admin/users?q=tremb").get_data(as_text=True)
    assert "Zoé Tremblay" in body and "Marc Gagnon" not in body
    body = client.get("/admin/users?role=liaison").get_data(as_text=True)
    assert "Marc Gagnon" in body and "Zoé Tremblay" not in body
    # The filter shows the role chosen, not the signed-in coordinator's.
    assert '<option value="liaison" selected>' in body
    assert '<option value="admin" selected>' not in body
    assert 'href="/admin/users" aria-current="page"' in body


def test_account_list_is_paginated(client, sign_in, admin):
    for number in range(30):
        make_user("staff", name=f"Personne {number:02d}")
    sign_in(admin)
    first = client.get("/admin/users?role=staff").get_data(as_text=True)
    second = client.get("/admin/users?role=staff&page=2").get_data(as_text=True)
    assert "Page 1 de 2" in first and "Personne 00" in first and "Personne 29" not in first
    assert "Personne 29" in second
