"""Who may reach a certificate: the one place its access is decided, for pages and the API."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..enrollment.models import Enrollment
from ..extensions import db
from ..permissions import Role, get_or_404, get_own_or_404
from ..portal.models import ParticipantAccount
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
    return get_or_404(Certificate, certificate_id)
