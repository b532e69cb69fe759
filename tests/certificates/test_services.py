"""Issuing and revoking: completion first, consecutive serials, random codes, the case completed."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.certificates.models import Certificate, CertificateCounter
from johnschool.certificates.queries import case_certificates, certificates_of_client
from johnschool.certificates.services import (
    IncompleteError,
    issue_certificate,
    issue_for_cohort,
    next_serial,
    revoke_certificate,
)
from johnschool.extensions import db
from johnschool.referrals.errors import CaseStateError

from ..factories import make_user
from .helpers import complete_enrollment, enroll, enrolled_case, make_cohort


@pytest.fixture
def liaison(app):
    return make_user("liaison")


def actions():
    """The audit actions written so far, in order."""
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_issuing_gives_a_serial_of_the_year_and_a_long_random_code(liaison):
    certificate = issue_certificate(complete_enrollment(liaison), by=liaison)
    year = date.today().year
    assert certificate.serial == f"JS-{year}-00001"
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", certificate.verification_code)
    assert len(certificate.verification_code) * 6 >= 80


def test_serials_are_consecutive_within_the_year(liaison):
    cohort = make_cohort()
    serials = [
        issue_certificate(complete_enrollment(liaison, cohort), by=liaison).serial for _ in range(3)
    ]
    assert [serial[-5:] for serial in serials] == ["00001", "00002", "00003"]


def test_counter_row_is_created_for_a_new_year_and_continues_an_existing_one(app):
    assert next_serial(2031).number == 1
    assert next_serial(2031).number == 2
    assert next_serial(2032).number == 1
    assert db.session.get(CertificateCounter, 2031).last_number == 2


def test_issuing_prints_the_name_as_written_and_completes_the_case(liaison):
    enrollment = complete_enrollment(liaison, family_name="Nguyễn", given_name="Łukasz")
    certificate = issue_certificate(enrollment, by=liaison)
    db.session.commit()
    assert certificate.holder_name == "Łukasz Nguyễn"
    assert enrollment.case.state == "completed"
    assert actions()[-2:] == ["certificate.issued", "case.completed"]


def test_incomplete_enrollment_is_refused_with_what_is_missing(liaison):
    case = enrolled_case(liaison)
    enrollment = enroll(case, make_cohort(), attended=False, settled=False)
    with pytest.raises(IncompleteError) as refused:
        issue_certificate(enrollment, by=liaison)
    kinds = [item.kind for item in refused.value.missing]
    assert kinds == ["module", "fee"]
    db.session.rollback()
    assert db.session.scalar(select(Certificate)) is None


def test_second_certificate_is_refused_while_the_first_is_valid(liaison):
    enrollment = complete_enrollment(liaison)
    issue_certificate(enrollment, by=liaison)
    db.session.commit()
    with pytest.raises(CaseStateError):
        issue_certificate(enrollment, by=liaison)


def test_after_revocation_a_new_certificate_gets_a_new_serial_and_code(liaison):
    enrollment = complete_enrollment(liaison)
    first = issue_certificate(enrollment, by=liaison)
    db.session.commit()
    revoke_certificate(first, "Issued by mistake", by=liaison)
    db.session.commit()
    second = issue_certificate(enrollment, by=liaison)
    db.session.commit()
    assert first.is_revoked and first.revocation_reason == "Issued by mistake"
    assert second.serial != first.serial and second.verification_code != first.verification_code
    assert "certificate.revoked" in actions()


def test_revocation_needs_a_reason_and_happens_once(liaison):
    certificate = issue_certificate(complete_enrollment(liaison), by=liaison)
    db.session.commit()
    with pytest.raises(ValueError):
        revoke_certificate(certificate, "  ", by=liaison)
    revoke_certificate(certificate, "Fraud", by=liaison)
    with pytest.raises(CaseStateError):
        revoke_certificate(certificate, "Again", by=liaison)


def test_cohort_issuance_skips_incomplete_and_already_certified_enrollments(liaison):
    cohort = make_cohort()
    done = complete_enrollment(liaison, cohort)
    issue_certificate(done, by=liaison)
    fresh = complete_enrollment(liaison, cohort, given_name="Marc")
    enroll(enrolled_case(liaison, given_name="Luc"), cohort, attended=False)
    issued = issue_for_cohort(cohort.id, by=liaison)
    assert [certificate.enrollment_id for certificate in issued] == [fresh.id]


def test_client_certificates_leave_out_revoked_ones_and_other_clients(liaison):
    mine = issue_certificate(complete_enrollment(liaison), by=liaison)
    issue_certificate(complete_enrollment(liaison, given_name="Autre"), by=liaison)
    client_id = mine.enrollment.case.client_id
    assert certificates_of_client(client_id) == [mine]
    revoke_certificate(mine, "Mistake", by=liaison)
    assert certificates_of_client(client_id) == []
    assert certificates_of_client(client_id, include_revoked=True) == [mine]


def test_case_section_offers_issuing_only_when_complete_and_not_yet_certified(liaison):
    enrollment = complete_enrollment(liaison)
    assert case_certificates(enrollment.case).can_issue
    issue_certificate(enrollment, by=liaison)
    section = case_certificates(enrollment.case)
    assert not section.can_issue and len(section.certificates) == 1
