"""Certificate API: issue (201 or 409 with what is missing), the PDF by bearer token, revoke."""

from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from johnschool.certificates.models import Certificate
from johnschool.extensions import db

from ..certificates.helpers import (
    certificate_row,
    complete_enrollment,
    enroll,
    enrolled_case,
    link_participant,
    make_cohort,
)
from ..factories import make_token, make_user


@pytest.fixture
def liaison(app):
    return make_user("liaison")


def bearer(user):
    """The Authorization header of a new token of user."""
    return {"Authorization": f"Bearer {make_token(user)}"}


def test_issuing_answers_201_with_serial_code_and_pdf_url(client, liaison):
    enrollment = complete_enrollment(liaison)
    response = client.post(
        f"/api/v1/enrollments/{enrollment.id}/certificate", headers=bearer(liaison)
    )
    assert response.status_code == 201
    body = response.get_json()
    certificate = db.session.scalar(select(Certificate))
    assert body["serial"] == certificate.serial
    assert body["verification_code"] == certificate.verification_code
    assert body["pdf_url"] == f"http://localhost/api/v1/certificates/{certificate.id}/pdf"
    db.session.expire_all()
    assert enrollment.case.state == "completed"


def test_incomplete_enrollment_answers_409_with_the_missing_list(client, liaison):
    enrollment = enroll(enrolled_case(liaison), make_cohort(), attended=False, settled=False)
    db.session.commit()
    response = client.post(
        f"/api/v1/enrollments/{enrollment.id}/certificate", headers=bearer(liaison)
    )
    body = response.get_json()
    assert response.status_code == 409
    assert body["error"] == "conflict" and body["message"]
    assert body["missing"] == [
        {"kind": "module", "code": "LAW-1"},
        {"kind": "fee", "amount": "300.00"},
    ]


def test_issuing_twice_answers_409_and_after_revocation_issues_anew(client, liaison):
    enrollment = complete_enrollment(liaison)
    url, headers = f"/api/v1/enrollments/{enrollment.id}/certificate", bearer(liaison)
    first = client.post(url, headers=headers).get_json()
    assert client.post(url, headers=headers).status_code == 409
    certificate = db.session.scalar(select(Certificate))
    revoked = client.post(
        f"/api/v1/certificates/{certificate.id}/revoke", json={"reason": "Typo"}, headers=headers
    )
    assert revoked.status_code == 200 and revoked.get_json()["status"] == "revoked"
    second = client.post(url, headers=headers)
    assert second.status_code == 201
    assert second.get_json()["serial"] != first["serial"]


def test_revocation_without_a_reason_is_invalid(client, liaison):
    certificate = certificate_row(complete_enrollment(liaison))
    response = client.post(
        f"/api/v1/certificates/{certificate.id}/revoke", json={}, headers=bearer(liaison)
    )
    assert response.status_code == 422 and "reason" in response.get_json()["fields"]


def test_pdf_url_serves_the_pdf_to_the_same_token(client, liaison):
    enrollment = complete_enrollment(liaison, family_name="Ó Súilleabháin", given_name="Ștefan")
    headers = bearer(liaison)
    body = client.post(
        f"/api/v1/enrollments/{enrollment.id}/certificate", headers=headers
    ).get_json()
    response = client.get(body["pdf_url"], headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = PdfReader(BytesIO(response.data)).pages[0].extract_text()
    assert "Ștefan Ó Súilleabháin" in text and body["serial"] in text
    assert client.get(body["pdf_url"]).status_code == 401


def test_participant_token_reaches_their_own_pdf_and_not_anothers(client, liaison):
    own = certificate_row(complete_enrollment(liaison), 1)
    other = certificate_row(complete_enrollment(liaison, given_name="Autre"), 2)
    participant = make_user("participant")
    link_participant(participant, own.enrollment.case)
    headers = bearer(participant)
    assert client.get(f"/api/v1/certificates/{own.id}/pdf", headers=headers).status_code == 200
    refused = client.get(f"/api/v1/certificates/{other.id}/pdf", headers=headers)
    assert refused.status_code == 404 and refused.get_json()["error"] == "not_found"


@pytest.mark.parametrize("role", ["staff", "researcher", "participant"])
def test_other_roles_cannot_issue_or_revoke(client, liaison, role):
    enrollment = complete_enrollment(liaison)
    certificate = certificate_row(enrollment)
    headers = bearer(make_user(role))
    issue = client.post(f"/api/v1/enrollments/{enrollment.id}/certificate", headers=headers)
    revoke = client.post(
        f"/api/v1/certificates/{certificate.id}/revoke", json={"reason": "x"}, headers=headers
    )
    assert issue.status_code == revoke.status_code == 403


@pytest.mark.parametrize("role", ["staff", "researcher"])
def test_staff_and_researchers_cannot_read_a_pdf(client, liaison, role):
    certificate = certificate_row(complete_enrollment(liaison))
    response = client.get(
        f"/api/v1/certificates/{certificate.id}/pdf", headers=bearer(make_user(role))
    )
    assert response.status_code == 403


def test_openapi_documents_the_certificate_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "post" in paths["/api/v1/enrollments/{enrollment_id}/certificate"]
    assert "get" in paths["/api/v1/verify/{code}"]
