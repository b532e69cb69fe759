"""Certificate pages: issue from the case page, download, revoke, a cohort's zip."""

import io
import zipfile
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from johnschool.certificates.models import Certificate
from johnschool.database import utcnow
from johnschool.extensions import db

from ..factories import make_user
from ..query_counts import count_queries
from .helpers import (
    certificate_row,
    complete_enrollment,
    enroll,
    enrolled_case,
    link_participant,
    make_cohort,
)


@pytest.fixture
def liaison(app, client, sign_in):
    user = make_user("liaison")
    sign_in(user)
    return user


def test_case_page_offers_to_issue_a_complete_enrollments_certificate(client, liaison):
    enrollment = complete_enrollment(liaison)
    page = client.get(f"/cases/{enrollment.case_id}").get_data(as_text=True)
    assert f"/enrollments/{enrollment.id}/certificate" in page


def test_case_page_lists_what_is_missing_instead_of_the_button(client, liaison):
    enrollment = enroll(enrolled_case(liaison), make_cohort(), attended=False)
    db.session.commit()
    page = client.get(f"/cases/{enrollment.case_id}").get_data(as_text=True)
    assert f"/enrollments/{enrollment.id}/certificate" not in page
    assert "LAW-1" in page


def test_issuing_from_the_case_page_lists_the_certificate_with_its_actions(client, liaison):
    enrollment = complete_enrollment(liaison)
    response = client.post(f"/enrollments/{enrollment.id}/certificate")
    assert response.status_code == 302
    certificate = db.session.scalar(select(Certificate))
    page = client.get(f"/cases/{enrollment.case_id}").get_data(as_text=True)
    assert certificate.serial in page
    assert f"/certificates/{certificate.id}/pdf" in page
    assert f"/certificates/{certificate.id}/revoke" in page
    assert f"/enrollments/{enrollment.id}/certificate" not in page


def test_issuing_an_incomplete_enrollment_answers_409_with_what_is_missing(client, liaison):
    enrollment = enroll(enrolled_case(liaison), make_cohort(), attended=False)
    db.session.commit()
    response = client.post(f"/enrollments/{enrollment.id}/certificate")
    assert response.status_code == 409
    assert "LAW-1" in response.get_data(as_text=True)
    assert db.session.scalar(select(Certificate)) is None


def test_case_page_queries_do_not_grow_with_its_certificates(client, liaison):
    enrollment = complete_enrollment(liaison)
    latest = certificate_row(enrollment, 1)
    one = count_queries(client, f"/cases/{enrollment.case_id}")
    for number in (2, 3, 4):
        latest.revoked_at = utcnow()
        db.session.commit()
        latest = certificate_row(enrollment, number)
    assert count_queries(client, f"/cases/{enrollment.case_id}") == one


def test_download_is_the_same_pdf_each_time_under_a_neutral_name(client, liaison):
    certificate = certificate_row(complete_enrollment(liaison))
    response = client.get(f"/certificates/{certificate.id}/pdf")
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="attestation-{certificate.serial}.pdf"'
    text = PdfReader(BytesIO(response.data)).pages[0].extract_text()
    assert f"http://localhost/verify/{certificate.verification_code}" in text
    assert client.get(f"/certificates/{certificate.id}/pdf").data == response.data


@pytest.mark.parametrize("app_config", [{"PUBLIC_URL": "https://verif.example.org/"}])
def test_verification_address_uses_the_public_url_when_set(client, liaison):
    certificate = certificate_row(complete_enrollment(liaison))
    data = client.get(f"/certificates/{certificate.id}/pdf").data
    text = PdfReader(BytesIO(data)).pages[0].extract_text()
    assert f"https://verif.example.org/verify/{certificate.verification_code}" in text


def test_participant_downloads_their_own_certificate_only(app, client, sign_in, liaison):
    own = certificate_row(complete_enrollment(liaison), 1)
    other = certificate_row(complete_enrollment(liaison, given_name="Autre"), 2)
    participant = make_user("participant")
    link_participant(participant, own.enrollment.case)
    sign_in(participant)
    assert client.get(f"/certificates/{own.id}/pdf").status_code == 200
    assert client.get(f"/certificates/{other.id}/pdf").status_code == 404
    assert client.get("/certificates/9999/pdf").status_code == 404


def test_participant_cannot_download_a_revoked_certificate(client, sign_in, liaison):
    certificate = certificate_row(complete_enrollment(liaison))
    participant = make_user("participant")
    link_participant(participant, certificate.enrollment.case)
    certificate.revoked_at = utcnow()
    db.session.commit()
    sign_in(participant)
    assert client.get(f"/certificates/{certificate.id}/pdf").status_code == 404


@pytest.mark.parametrize("role", ["staff", "researcher"])
def test_staff_and_researchers_cannot_download_issue_or_revoke(client, sign_in, liaison, role):
    enrollment = complete_enrollment(liaison)
    certificate = certificate_row(enrollment)
    sign_in(make_user(role))
    assert client.get(f"/certificates/{certificate.id}/pdf").status_code == 403
    assert client.post(f"/enrollments/{enrollment.id}/certificate").status_code == 403
    assert client.get(f"/certificates/{certificate.id}/revoke").status_code == 403


def test_revocation_asks_for_confirmation_and_a_reason(client, liaison):
    certificate = certificate_row(complete_enrollment(liaison))
    url = f"/certificates/{certificate.id}/revoke"
    assert client.get(url).status_code == 200
    refused = client.post(url, data={"reason": "Issued by mistake"})
    assert refused.status_code == 422
    assert "Issued by mistake" in refused.get_data(as_text=True)  # what was typed is kept
    assert not db.session.get(Certificate, certificate.id).is_revoked
    done = client.post(url, data={"reason": "Issued by mistake", "confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revocation_reason == "Issued by mistake"
    assert client.post(url, data={"reason": "x", "confirm": "y"}).status_code == 409


def test_cohort_zip_issues_missing_certificates_and_packs_them_deterministically(client, liaison):
    cohort = make_cohort()
    complete_enrollment(liaison, cohort)
    complete_enrollment(liaison, cohort, given_name="Marc")
    enroll(enrolled_case(liaison, given_name="Luc"), cohort, attended=False)
    db.session.commit()
    assert client.get(f"/cohorts/{cohort.id}/certificates.zip").status_code == 200
    first = client.post(f"/cohorts/{cohort.id}/certificates.zip")
    assert first.mimetype == "application/zip"
    assert f'filename="attestations-{cohort.id}.zip"' in first.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(first.data)).namelist()
    year = db.session.scalar(select(Certificate.year))
    assert names == [f"attestation-JS-{year}-00001.pdf", f"attestation-JS-{year}-00002.pdf"]
    again = client.post(f"/cohorts/{cohort.id}/certificates.zip")
    assert again.data == first.data
    assert len(db.session.scalars(select(Certificate)).all()) == 2
