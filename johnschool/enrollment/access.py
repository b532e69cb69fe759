"""Which enrollments a user reaches: those of the cases they reach, the one place it is decided.

An enrollment belongs to its case's site (its cohort is always of the same site). Another
site's enrollment is answered 404, as an unknown one. Role checks stay on the routes.
"""

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..database import lock
from ..extensions import db
from ..referrals.access import can_reach_case, case_criterion
from ..referrals.models import Case
from .models import Enrollment


def enrollment_criterion(user=None):
    """A WHERE clause keeping the enrollments of the cases user reaches."""
    return Enrollment.case_id.in_(select(Case.id).where(case_criterion(user)))


def enrollment_or_404(enrollment_id: int, *, user=None) -> Enrollment:
    """Load an enrollment, with its case, of a case user reaches, or answer 404."""
    enrollment = db.session.get(Enrollment, enrollment_id, options=[joinedload(Enrollment.case)])
    if enrollment is None or not can_reach_case(enrollment.case, user):
        abort(404)
    return enrollment


def locked_case_or_404(case_id: int, *, user=None) -> Case:
    """Load a case user reaches, locked to change it, or answer 404."""
    case = lock(Case, case_id)
    if case is None or not can_reach_case(case, user):
        abort(404)
    return case
