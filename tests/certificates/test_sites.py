"""Certificates keep to their case's site; their verification by code is province-wide."""

import io
import zipfile
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from johnschool.audit.models import AuditEntry
from johnschool.certificates.models import Certificate
from johnschool.certificates.services import issue_certificate
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.sites.models import Site
from johnschool.sites.services import find_site

from ..factories import FIRST_SITE, make_site, make_token, make_user
from .helpers import complete_enrollment, link_participant


@dataclass
class World:
    """A complete enrollment at MTL and one at QC, and the people of both sites."""

    mtl: Enrollment
    qc: Enrollment
    mtl_liaison: object
    qc_liaison: object
    mtl_admin: object
    qc_admin: object
    mtl_staff: object
    province_admin: object


def file_in(site: Site, *rows) -> None:
    """File rows (cases, cohorts, sessions, users) in site."""
    for row in rows:
        row.site_id = site.id


@pytest.fixture
def world(app):
    """Both enrollments are built while MTL is the only site; QC's are then moved to QC."""
    mtl_liaison, qc_liaison = (
        make_user("liaison", language="en"),
        make_user("liaison", language="en"),
    )
    mtl = complete_enrollment(mtl_liaison, family_name="Tremblay", given_name="Jean")
    qc = complete_enrollment(qc_liaison, family_name="Gagnon", given_name="Luc")
    qc_site = make_site("QC", "Québec")
    file_in(qc_site, qc.case, qc.cohort, *qc.cohort.sessions, qc_liaison)
    db.session.commit()
    mtl_site = find_site(FIRST_SITE)
    return World(
        mtl=mtl,
        qc=qc,
        mtl_liaison=mtl_liaison,
        qc_liaison=qc_liaison,
        mtl_admin=make_user("admin", language="en", site=mtl_site),
        qc_admin=make_user("admin", language="en", site=qc_site),
        mtl_staff=make_user("staff", language="en", site=mtl_site),
        province_admin=make_user("admin", language="en"),
    )


@pytest.fixture
def qc_certificate(world):
    """The QC enrollment's certificate, issued by the QC liaison."""
    certificate = issue_certificate(world.qc, by=world.qc_liaison)
    db.session.commit()
    return certificate


def api(client, user, method, path, json=None):
    """Call /api/v1 as user with a fresh token."""
    headers = {"Authorization": f"Bearer {make_token(user)}"}
    return client.open(f"/api/v1{path}", method=method, json=json, headers=headers)


REVOKE = {"reason": "Issued to the wrong file.", "confirm": "y"}


def certificate_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate))


# --- Issuing -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mtl_liaison", "mtl_admin"])
def test_an_mtl_user_cannot_issue_the_certificate_of_a_qc_enrollment(client, sign_in, world, who):
    user = getattr(world, who)
    sign_in(user)
    assert client.post(f"/enrollments/{world.qc.id}/certificate").status_code == 404
    response = api(client, user, "POST", f"/enrollments/{world.qc.id}/certificate")
    assert response.status_code == 404
    assert certificate_count() == 0
    assert db.session.get(Enrollment, world.qc.id).case.state == "enrolled"


@pytest.mark.parametrize("who", ["qc_liaison", "qc_admin", "province_admin"])
def test_qc_users_and_a_province_wide_admin_issue_the_qc_certificate(client, world, who):
    response = api(client, getattr(world, who), "POST", f"/enrollments/{world.qc.id}/certificate")
    assert response.status_code == 201
    certificate = db.session.scalars(select(Certificate)).one()
    assert certificate.enrollment_id == world.qc.id
    assert response.get_json()["serial"] == certificate.serial


def test_the_qc_liaison_issues_from_the_case_page_and_sees_it_listed(client, sign_in, world):
    sign_in(world.qc_liaison)
    response = client.post(f"/enrollments/{world.qc.id}/certificate")
    assert response.status_code == 302 and response.location == f"/cases/{world.qc.case_id}"
    certificate = db.session.scalars(select(Certificate)).one()
    page = client.get(f"/cases/{world.qc.case_id}").get_data(as_text=True)
    assert certificate.serial in page and f"/certificates/{certificate.id}/pdf" in page


# --- Reading and revoking ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["mtl_liaison", "mtl_admin"])
def test_an_mtl_user_gets_404_on_every_page_and_call_of_a_qc_certificate(
    client, sign_in, world, qc_certificate, who
):
    user, cert_id = getattr(world, who), qc_certificate.id
    sign_in(user)
    assert client.get(f"/certificates/{cert_id}/pdf").status_code == 404
    assert client.get(f"/certificates/{cert_id}/revoke").status_code == 404
    response = client.post(f"/certificates/{cert_id}/revoke", data=REVOKE)
    assert response.status_code == 404
    assert api(client, user, "GET", f"/certificates/{cert_id}/pdf").status_code == 404
    body = {"reason": "Wrong person."}
    assert api(client, user, "POST", f"/certificates/{cert_id}/revoke", body).status_code == 404
    assert not db.session.get(Certificate, cert_id).is_revoked
    downloads = select(func.count()).where(AuditEntry.action == "certificate.downloaded")
    assert db.session.scalar(downloads) == 0


def test_an_mtl_users_404_is_the_answer_for_an_unknown_certificate(
    client, sign_in, world, qc_certificate
):
    sign_in(world.mtl_liaison)
    pages = []
    for cert_id in (qc_certificate.id, qc_certificate.id + 1000):
        response = client.get(f"/certificates/{cert_id}/pdf")
        assert response.status_code == 404
        pages.append(response.get_data(as_text=True).replace(f"/certificates/{cert_id}/", "/…/"))
    assert pages[0] == pages[1]  # the page names its own address, nothing else differs


def test_session_staff_read_no_certificate_of_any_site(client, sign_in, world, qc_certificate):
    own = issue_certificate(world.mtl, by=world.mtl_liaison)
    db.session.commit()
    sign_in(world.mtl_staff)
    for certificate in (own, qc_certificate):
        assert client.get(f"/certificates/{certificate.id}/pdf").status_code == 403
        path = f"/certificates/{certificate.id}/pdf"
        assert api(client, world.mtl_staff, "GET", path).status_code == 403


@pytest.mark.parametrize("who", ["qc_liaison", "qc_admin", "province_admin"])
def test_qc_users_and_a_province_wide_admin_download_the_qc_certificate(
    client, sign_in, world, qc_certificate, who
):
    sign_in(getattr(world, who))
    response = client.get(f"/certificates/{qc_certificate.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = f"/certificates/{qc_certificate.id}/pdf"
    assert api(client, getattr(world, who), "GET", path).status_code == 200


def test_the_qc_admin_revokes_the_qc_certificate(client, sign_in, world, qc_certificate):
    sign_in(world.qc_admin)
    response = client.post(f"/certificates/{qc_certificate.id}/revoke", data=REVOKE)
    assert response.status_code == 302
    assert db.session.get(Certificate, qc_certificate.id).is_revoked


def test_the_holder_downloads_their_qc_certificate_and_nobody_elses(
    client, sign_in, world, qc_certificate
):
    holder, other = make_user("participant"), make_user("participant")
    link_participant(holder, world.qc.case)
    link_participant(other, world.mtl.case)
    sign_in(holder)
    assert client.get(f"/certificates/{qc_certificate.id}/pdf").status_code == 200
    assert qc_certificate.serial in client.get("/my").get_data(as_text=True)
    sign_in(other)
    assert client.get(f"/certificates/{qc_certificate.id}/pdf").status_code == 404
    assert qc_certificate.serial not in client.get("/my").get_data(as_text=True)


# --- Lists, counts and the cohort's zip --------------------------------------------------


def test_an_mtl_case_page_leaves_qc_certificates_out(client, sign_in, world, qc_certificate):
    sign_in(world.mtl_liaison)
    page = client.get(f"/cases/{world.mtl.case_id}").get_data(as_text=True)
    assert qc_certificate.serial not in page
    assert f"/certificates/{qc_certificate.id}/" not in page
    assert f"/enrollments/{world.mtl.id}/certificate" in page  # its own is still to issue


def cohort_counts(client, cohort_id) -> tuple[str, str]:
    """The enrollments and valid certificates a cohort's certificate page counts."""
    page = client.get(f"/cohorts/{cohort_id}/certificates.zip").get_data(as_text=True)
    enrollments = page.split("<dt>Enrollments</dt><dd>")[1].split("<")[0]
    certificates = page.split("<dt>Valid certificates already issued</dt><dd>")[1].split("<")[0]
    return enrollments, certificates


def test_each_cohort_page_counts_its_own_sites_certificates(client, sign_in, world, qc_certificate):
    sign_in(world.mtl_liaison)
    assert cohort_counts(client, world.mtl.cohort_id) == ("1", "0")
    sign_in(world.qc_liaison)
    assert cohort_counts(client, world.qc.cohort_id) == ("1", "1")


def test_an_mtl_user_gets_404_for_the_zip_of_a_qc_cohort(client, sign_in, world, qc_certificate):
    for who in ("mtl_liaison", "mtl_admin"):
        sign_in(getattr(world, who))
        path = f"/cohorts/{world.qc.cohort_id}/certificates.zip"
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404
    assert certificate_count() == 1


def test_the_mtl_zip_issues_and_holds_only_mtl_certificates(client, sign_in, world, qc_certificate):
    sign_in(world.mtl_liaison)
    response = client.post(f"/cohorts/{world.mtl.cohort_id}/certificates.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.get_data())).namelist()
    mtl_certificate = db.session.scalar(
        select(Certificate).where(Certificate.enrollment_id == world.mtl.id)
    )
    assert len(names) == 1 and mtl_certificate.serial in names[0]
    assert qc_certificate.serial not in names[0]


def test_the_qc_zip_holds_only_its_own_certificate(client, sign_in, world, qc_certificate):
    issue_certificate(world.mtl, by=world.mtl_liaison)
    db.session.commit()
    sign_in(world.qc_liaison)
    response = client.post(f"/cohorts/{world.qc.cohort_id}/certificates.zip")
    names = zipfile.ZipFile(io.BytesIO(response.get_data())).namelist()
    assert len(names) == 1 and qc_certificate.serial in names[0]
    assert certificate_count() == 2


# --- Verification is province-wide -------------------------------------------------------


def test_anyone_verifies_a_qc_certificate_by_its_code(client, sign_in, world, qc_certificate):
    code, serial = qc_certificate.verification_code, qc_certificate.serial
    anonymous = client.get(f"/verify/{code}")
    assert anonymous.status_code == 200 and serial in anonymous.get_data(as_text=True)
    assert client.get(f"/api/v1/verify/{code}").get_json()["serial"] == serial
    for who in ("mtl_liaison", "mtl_admin", "mtl_staff"):
        user = getattr(world, who)
        sign_in(user)
        page = client.get(f"/verify/{code}")
        assert page.status_code == 200 and serial in page.get_data(as_text=True), who
        body = api(client, user, "GET", f"/verify/{code}").get_json()
        assert (body["status"], body["serial"], body["initials"]) == ("valid", serial, "L. G.")


def test_a_visitor_at_another_site_confirms_the_full_name_of_a_qc_certificate(
    client, sign_in, world, qc_certificate
):
    sign_in(world.mtl_liaison)
    response = client.post(
        f"/verify/{qc_certificate.verification_code}", data={"name": "luc gagnon"}
    )
    assert response.status_code == 200
    assert "Luc Gagnon" in response.get_data(as_text=True)


def test_a_revoked_qc_certificate_reads_revoked_everywhere(client, world, qc_certificate):
    qc_certificate.revoked_at = qc_certificate.issued_at
    qc_certificate.revocation_reason = "Issued in error."
    db.session.commit()
    body = api(client, world.mtl_liaison, "GET", f"/verify/{qc_certificate.verification_code}")
    assert body.get_json()["status"] == "revoked"
