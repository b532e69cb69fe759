"""Reading certificates: a client's, a case's, a cohort's, and one to serve as a PDF."""

from dataclasses import dataclass

from flask import current_app, request, url_for
from sqlalchemy import func, select

from ..attendance.completion import Missing, missing_requirements
from ..clock import program_date
from ..enrollment.models import Enrollment
from ..extensions import db
from ..referrals.models import Case
from ..referrals.settings import program_settings
from .document import CertificateDocument, render_certificate
from .models import Certificate
from .services import ISSUABLE_CASE_STATES, ISSUABLE_ENROLLMENT_STATUSES


def certificates_of_client(client_id: int, *, include_revoked: bool = False) -> list[Certificate]:
    """The certificates of one client, newest first: what the participant portal lists."""
    query = (
        select(Certificate)
        .join(Enrollment, Certificate.enrollment_id == Enrollment.id)
        .join(Case, Enrollment.case_id == Case.id)
        .where(Case.client_id == client_id)
    )
    if not include_revoked:
        query = query.where(Certificate.revoked_at.is_(None))
    return list(db.session.scalars(query.order_by(Certificate.issued_at.desc(), Certificate.id)))


@dataclass(frozen=True)
class CaseCertificates:
    """The certificate section of a case page: its certificates and what issuing needs."""

    certificates: list[Certificate]
    enrollment: Enrollment | None  # the enrollment a certificate would be issued for
    missing: list[Missing]

    @property
    def can_issue(self) -> bool:
        """Tell whether the issue button applies: complete, and no valid certificate."""
        has_valid = any(not certificate.is_revoked for certificate in self.certificates)
        return self.enrollment is not None and not self.missing and not has_valid


def case_certificates(case: Case, completion: dict | None = None) -> CaseCertificates:
    """Gather a case's certificates and its issuable enrollment, in a fixed number of queries.

    completion: the case page's completion section (case_completion), whose missing
    requirements are reused when it is about the same enrollment.
    """
    certificates = list(
        db.session.scalars(
            select(Certificate)
            .join(Enrollment, Certificate.enrollment_id == Enrollment.id)
            .where(Enrollment.case_id == case.id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )
    enrollment = None
    if case.state in ISSUABLE_CASE_STATES:
        enrollment = db.session.scalar(
            select(Enrollment)
            .where(
                Enrollment.case_id == case.id,
                Enrollment.status.in_(ISSUABLE_ENROLLMENT_STATUSES),
            )
            .order_by(Enrollment.id.desc())
            .limit(1)
        )
    if enrollment is None:
        missing = []
    elif completion is not None and completion["enrollment"].id == enrollment.id:
        missing = completion["missing"]
    else:
        missing = missing_requirements(enrollment)
    return CaseCertificates(certificates, enrollment, missing)


def cohort_summary(cohort_id: int) -> dict:
    """Count a cohort's enrollments that may hold a certificate, and its valid certificates."""
    enrollments = db.session.scalar(
        select(func.count())
        .select_from(Enrollment)
        .where(
            Enrollment.cohort_id == cohort_id,
            Enrollment.status.in_(ISSUABLE_ENROLLMENT_STATUSES),
        )
    )
    return {"enrollments": enrollments, "certificates": len(cohort_certificates(cohort_id))}


def cohort_certificates(cohort_id: int) -> list[Certificate]:
    """The valid certificates of a cohort's enrollments, in serial order."""
    return list(
        db.session.scalars(
            select(Certificate)
            .join(Enrollment, Certificate.enrollment_id == Enrollment.id)
            .where(Enrollment.cohort_id == cohort_id, Certificate.revoked_at.is_(None))
            .order_by(Certificate.year, Certificate.number)
        )
    )


def verify_url(code: str) -> str:
    """The absolute address of a certificate's verification page."""
    public_url = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    base = public_url or request.host_url.rstrip("/")
    return base + url_for("certificates.verify", code=code)


def certificate_document(certificate: Certificate) -> CertificateDocument:
    """Describe what a certificate prints, from the certificate and the program's settings."""
    settings = program_settings()
    return CertificateDocument(
        serial=certificate.serial,
        holder_name=certificate.holder_name,
        completed_on=certificate.completed_on,
        issued_on=program_date(certificate.issued_at),
        verify_url=verify_url(certificate.verification_code),
        program_name=settings.certificate_program_name or "",
        signatory=settings.certificate_signatory or "",
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    """Render a certificate's PDF."""
    return render_certificate(certificate_document(certificate))
