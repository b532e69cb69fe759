"""Who may see a case's notes, documents and deadline alerts: the one place to decide it.

A liaison or an admin of one site reaches that site's cases only; a province-wide
admin reaches every case. Another site's case is answered 404, as an unknown one.
"""

from flask import abort
from sqlalchemy import and_

from ..permissions import Role
from ..referrals.access import can_reach_case, case_criterion, case_or_404
from ..referrals.models import Case

CASE_ROLES = (Role.LIAISON, Role.ADMIN)


def can_see_case(user, case) -> bool:
    """Tell whether user may read the case's notes and documents."""
    return user.is_authenticated and user.role in CASE_ROLES and can_reach_case(case, user)


def case_to_see(case_id: int, user) -> Case:
    """Load a case whose notes and documents user may see, or answer 404."""
    case = case_or_404(case_id, user=user)
    if not can_see_case(user, case):
        abort(404)
    return case


def alert_criterion(user):
    """SQL: the cases user's deadline alerts cover.

    A liaison's own cases of their site; every case of an admin's site, or of every
    site for a province-wide admin.
    """
    reach = case_criterion(user)
    if user.role == Role.LIAISON:
        return and_(reach, Case.created_by_id == user.id)
    return reach
