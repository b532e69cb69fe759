"""Issue and revoke certificates: serials without gaps, random codes, the case completed.

Every change locks what it depends on (the case's row, the year's counter), writes the
audit log in the caller's transaction and flushes; the caller commits.
"""

import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..attendance.completion import Missing, completion_date, missing_requirements
from ..attendance.services import refresh_completion
from ..audit.services import record
from ..clock import program_today
from ..database import utcnow
from ..enrollment.models import Enrollment
from ..extensions import db
from ..referrals.errors import CaseStateError
from .models import Certificate, CertificateCounter

CODE_BYTES = 15  # 120 random bits, 20 URL-safe characters
ISSUABLE_CASE_STATES = frozenset({"enrolled", "completed"})
ISSUABLE_ENROLLMENT_STATUSES = frozenset({"enrolled", "ended"})


class IncompleteError(CaseStateError):
    """The enrollment still lacks something: no certificate (HTTP 409, with the list)."""

    def __init__(self, missing: list[Missing]):
        super().__init__(_l("The program is not complete: a certificate cannot be issued yet."))
        self.missing = missing


@dataclass(frozen=True)
class Serial:
    """A certificate's place in its year's sequence."""

    year: int
    number: int

    @property
    def text(self) -> str:
        """The serial as printed: JS-YYYY-NNNNN."""
        return f"JS-{self.year}-{self.number:05d}"


def next_serial(year: int) -> Serial:
    """Take the year's next number, holding its counter row locked until the commit."""
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    # Two first issuances of a year at once: one creates the row, the other finds it.
    db.session.execute(
        insert(CertificateCounter)
        .values(year=year, last_number=0)
        .on_conflict_do_nothing(index_elements=["year"])
    )
    # The UPDATE takes the row's lock: a concurrent issuance waits here until the commit.
    number = db.session.execute(
        update(CertificateCounter)
        .where(CertificateCounter.year == year)
        .values(last_number=CertificateCounter.last_number + 1)
        .returning(CertificateCounter.last_number)
    ).scalar_one()
    return Serial(year, number)


def new_verification_code() -> str:
    """Return a random, URL-safe verification code."""
    return secrets.token_urlsafe(CODE_BYTES)


def valid_certificate(enrollment: Enrollment) -> Certificate | None:
    """The enrollment's certificate that is not revoked, if any."""
    return db.session.scalar(
        select(Certificate).where(
            Certificate.enrollment_id == enrollment.id, Certificate.revoked_at.is_(None)
        )
    )


def check_issuable(enrollment: Enrollment) -> None:
    """Refuse unless the enrollment is complete and holds no valid certificate yet."""
    case = enrollment.case
    # Lock the case: two issuances for one enrollment take turns, the second sees the first.
    db.session.refresh(case, ["state"], with_for_update=True)
    if (
        case.state not in ISSUABLE_CASE_STATES
        or enrollment.status not in ISSUABLE_ENROLLMENT_STATUSES
    ):
        raise CaseStateError(_l("Only an enrolled or completed case receives a certificate."))
    if valid_certificate(enrollment) is not None:
        raise CaseStateError(
            _l("A valid certificate exists already: revoke it before issuing another.")
        )
    missing = missing_requirements(enrollment)
    if missing:
        raise IncompleteError(missing)


def issue_certificate(enrollment: Enrollment, *, by) -> Certificate:
    """Issue a certificate for a completed enrollment, and mark its case completed."""
    check_issuable(enrollment)
    serial = next_serial(program_today().year)
    certificate = Certificate(
        enrollment=enrollment,
        year=serial.year,
        number=serial.number,
        serial=serial.text,
        verification_code=new_verification_code(),
        holder_name=enrollment.case.client.full_name,
        completed_on=completion_date(enrollment) or program_today(),
        issued_at=utcnow(),
        issued_by_id=by.id if by else None,
    )
    db.session.add(certificate)
    db.session.flush()
    record(
        "certificate.issued",
        f"certificate issued: {serial.text}",
        object_type="certificate",
        object_id=certificate.id,
        data={"case_id": enrollment.case_id, "enrollment_id": enrollment.id},
        actor=by,
    )
    # Completion holds (checked above): a case still enrolled is completed, its seat ended.
    refresh_completion(enrollment, by=by)
    return certificate


def revoke_certificate(certificate: Certificate, reason: str, *, by) -> Certificate:
    """Revoke a valid certificate with a written reason."""
    db.session.refresh(certificate, with_for_update=True)
    if certificate.is_revoked:
        raise CaseStateError(_l("This certificate was already revoked."))
    if not (reason or "").strip():
        raise ValueError(_l("Write the reason for the revocation."))
    certificate.revoked_at, certificate.revoked_by_id = utcnow(), by.id
    certificate.revocation_reason = reason.strip()
    record(
        "certificate.revoked",
        f"certificate revoked: {certificate.serial}",
        object_type="certificate",
        object_id=certificate.id,
        data={"case_id": certificate.enrollment.case_id},
        actor=by,
    )
    db.session.flush()
    return certificate


def issue_for_cohort(cohort_id: int, *, by) -> list[Certificate]:
    """Issue a certificate to every complete enrollment of a cohort that has none yet."""
    issued = []
    enrollments = db.session.scalars(
        select(Enrollment)
        .where(
            Enrollment.cohort_id == cohort_id,
            Enrollment.status.in_(ISSUABLE_ENROLLMENT_STATUSES),
        )
        .order_by(Enrollment.id)
    )
    for enrollment in enrollments.all():
        try:
            issued.append(issue_certificate(enrollment, by=by))
        except CaseStateError:  # incomplete, or holds a valid certificate: nothing written
            continue
    return issued


def record_download(certificate: Certificate) -> None:
    """Log that a certificate's PDF was produced for the current user."""
    record(
        "certificate.downloaded",
        "certificate PDF produced",
        object_type="certificate",
        object_id=certificate.id,
    )
