"""Which outbox messages a coordinator reaches: the one place it is decided.

A message about a case or a session belongs to that case's or session's site. An admin
of one site sees only those of their site; messages tied to neither (a digest to a
colleague, say) and every other message are for a province-wide admin only.
"""

from flask import abort
from sqlalchemy import exists, or_, select, true

from ..curriculum.access import session_criterion
from ..curriculum.models import Session
from ..extensions import db
from ..referrals.access import case_criterion
from ..referrals.models import Case
from ..sites.access import site_scope
from .models import OutboxMessage


def outbox_criterion(user=None):
    """SQL: the outbox messages user reaches."""
    if site_scope(user) is None:
        return true()
    return or_(
        exists().where(Case.id == OutboxMessage.case_id, case_criterion(user)),
        exists().where(Session.id == OutboxMessage.session_id, session_criterion(user)),
    )


def message_or_404(message_id: int, user=None) -> int:
    """The id of an outbox message user reaches, or answer 404."""
    query = select(OutboxMessage.id).where(OutboxMessage.id == message_id, outbox_criterion(user))
    if db.session.scalar(query) is None:
        abort(404)
    return message_id
