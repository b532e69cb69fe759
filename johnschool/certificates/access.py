"""Who may reach a certificate: the one place its access is decided, for pages and the API.

A certificate and an enrollment belong to their case's site: staff of another site get
404, as for an unknown one. Verification by code is not decided here: it is public and
province-wide (verification.py).
"""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..enrollment.models import Enrollment
from ..extensions import db
from ..permissions import Role, get_or_404, get_own_or_404
from ..portal.models import ParticipantAccount
from ..referrals.access import case_or_404
from ..referrals.models import Case
from .models import Certificate

STAFF_ROLES = (Role.LIAISON, Role.ADMIN)
# Who may download a certificate's PDF: the staff roles, and the participant it belongs to.
READER_ROLES = (*STAFF_ROLES, Role.PARTICIPANT)


def client_of(user) -> int | None:
    """The client a participant's account is tied to, if any."""
    return db.session.scalar(
        select(ParticipantAccount.client_id).where(ParticipantAccount.user_id == user.id)
    )


def is_holders(certificate: Certificate, user) -> bool:
    """Tell whether a valid certificate belongs to the participant user."""
    client_id = db.session.scalar(
        select(Case.client_id)
        .join(Enrollment, Enrollment.case_id == Case.id)
        .where(Enrollment.id == certificate.enrollment_id)
    )
    return not certificate.is_revoked and client_id is not None and client_id == client_of(user)


def certificate_for_reader(certificate_id: int) -> Certificate:
    """Load a certificate the current user may read: 404 for anyone else's (participants)."""
    if current_user.role == Role.PARTICIPANT:
        return get_own_or_404(
            Certificate, certificate_id, lambda cert: is_holders(cert, current_user)
        )
    if current_user.role not in STAFF_ROLES:
        abort(403)
    return certificate_or_404(certificate_id)


def enrollment_or_404(enrollment_id: int) -> Enrollment:
    """Load an enrollment of a case the current user reaches, or answer 404."""
    enrollment = get_or_404(Enrollment, enrollment_id)
    case_or_404(enrollment.case_id)
    return enrollment


def certificate_or_404(certificate_id: int) -> Certificate:
    """Load a certificate of a case the current (staff) user reaches, or answer 404."""
    certificate = get_or_404(Certificate, certificate_id)
    enrollment_or_404(certificate.enrollment_id)
    return certificate
