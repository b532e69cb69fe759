"""Public verification: valid or revoked, initials, the name only when typed, no probing."""

import re

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.database import utcnow
from johnschool.extensions import db

from ..factories import make_user
from .helpers import certificate_row, complete_enrollment

CODE = "Xy7_kQ-3mN8pLr2sT9vW"


@pytest.fixture
def certificate(app):
    liaison = make_user("liaison")
    enrollment = complete_enrollment(liaison, family_name="Nguyễn", given_name="Łukasz")
    return certificate_row(enrollment, code=CODE, holder_name="Łukasz Nguyễn")


def lookups():
    """The verification entries of the audit log."""
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "certificate.verify").order_by(AuditEntry.id)
    ).all()


def test_valid_certificate_shows_serial_date_and_initials_but_not_the_name(client, certificate):
    response = client.get(f"/verify/{CODE}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert certificate.serial in page and "Ł. N." in page
    assert "Łukasz" not in page and "Nguyễn" not in page


def test_revoked_certificate_says_so(client, certificate):
    certificate.revoked_at = utcnow()
    db.session.commit()
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get(f"/verify/{CODE}").get_data(as_text=True)
    assert "revoked" in page and "is valid" not in page


@pytest.mark.parametrize("typed", ["Łukasz Nguyễn", "lukasz nguyen", "  ŁUKASZ   NGUYEN "])
def test_name_typed_correctly_shows_it_in_full_ignoring_accents_and_case(
    client, certificate, typed
):
    response = client.post(f"/verify/{CODE}", data={"name": typed})
    assert response.status_code == 200
    assert "Łukasz Nguyễn" in response.get_data(as_text=True)


def test_wrong_name_is_not_shown_and_is_kept_in_the_form(client, certificate):
    response = client.post(f"/verify/{CODE}", data={"name": "Lukas Nguyen"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Łukasz Nguyễn" not in page and 'value="Lukas Nguyen"' in page


def page_without(response, path):
    """A page's HTML with its own address and form token taken out (the language form)."""
    html = response.get_data(as_text=True).replace(path, "PATH")
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


@pytest.mark.parametrize("code", ["AAAAAAAAAAAAAAAAAAAA", "short", "bad code!!", "x" * 300])
def test_unknown_and_malformed_codes_answer_alike(client, certificate, code):
    unknown = "/verify/ZZZZZZZZZZZZZZZZZZZZ"
    known_unknown = client.get(unknown)
    response = client.get(f"/verify/{code}")
    assert response.status_code == known_unknown.status_code == 404
    assert page_without(response, response.request.path) == page_without(known_unknown, unknown)
    api = client.get(f"/api/v1/verify/{code}")
    assert api.status_code == 404
    assert api.data == client.get("/api/v1/verify/ZZZZZZZZZZZZZZZZZZZZ").data


def test_each_look_up_is_audited_without_the_code(client, certificate):
    client.get(f"/verify/{CODE}")
    client.post(f"/verify/{CODE}", data={"name": "lukasz nguyen"})
    client.get("/verify/AAAAAAAAAAAAAAAAAAAA")
    client.get(f"/api/v1/verify/{CODE}")
    entries = lookups()
    assert [entry.outcome for entry in entries] == ["success", "success", "failure", "success"]
    assert '"name_matched":true' in entries[1].data
    for entry in entries:
        assert CODE not in entry.summary and CODE not in entry.data
        assert "Nguy" not in entry.summary and "Nguy" not in entry.data


def test_api_answers_status_serial_date_and_initials(client, certificate):
    body = client.get(f"/api/v1/verify/{CODE}").get_json()
    assert body == {
        "status": "valid",
        "serial": certificate.serial,
        "issued_on": body["issued_on"],
        "initials": "Ł. N.",
    }
    assert len(body["issued_on"]) == 10


@pytest.mark.parametrize(
    "app_config", [{"RATELIMIT_ENABLED": True, "VERIFY_RATE_LIMIT": "3 per minute"}]
)
def test_look_ups_are_rate_limited_across_page_and_api(client, certificate):
    statuses = [client.get(f"/verify/{CODE}").status_code for _ in range(2)]
    statuses.append(client.get(f"/api/v1/verify/{CODE}").status_code)
    assert statuses == [200, 200, 200]
    assert client.get(f"/verify/{CODE}").status_code == 429
    assert client.get(f"/api/v1/verify/{CODE}").status_code == 429
