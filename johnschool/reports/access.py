"""Which payments and sessions a reader's reports reach: the one place it is decided.

A receipt belongs to its case's site and a sign-in sheet to its session's: another
site's is answered 404, as an unknown one. Role checks stay on the routes.
"""

from flask import abort

from ..attendance.access import session_to_run
from ..curriculum.access import session_or_404
from ..extensions import db
from ..referrals.access import case_or_404
from ..referrals.models import Payment


def payment_or_404(payment_id: int) -> Payment:
    """Load a payment of a case the current user reaches, or answer 404."""
    payment = db.session.get(Payment, payment_id)
    if payment is None:
        abort(404)
    case_or_404(payment.case_id)
    return payment


def session_for_sheet(session_id: int):
    """Load a session of the user's site that they run, with its module: 404, then 403."""
    session_or_404(session_id)
    return session_to_run(session_id, with_module=True)
