"""Which cases' questionnaires a user reaches: the one place it is decided.

Staff reach their site's cases (a province-wide admin every case); a participant only
their own case. Any other case is answered 404, as an unknown one.
"""

from flask import abort
from flask_login import current_user

from ..database import lock
from ..extensions import db
from ..permissions import Role
from ..portal.services import participant_client_and_case
from ..referrals.access import can_reach_case
from ..referrals.models import Case


def case_for_profile(case_id: int, *, for_update: bool = False) -> Case:
    """Load a case whose questionnaires the current user may see or answer, or answer 404.

    for_update locks the row, so that two people cannot both answer the same moment.
    """
    case = lock(Case, case_id) if for_update else db.session.get(Case, case_id)
    if case is None or not can_reach_case(case):
        abort(404)
    if current_user.role == Role.PARTICIPANT:
        own = participant_client_and_case(current_user)[1]
        if own is None or own.id != case.id:
            abort(404)
    return case
