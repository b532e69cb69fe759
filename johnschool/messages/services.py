"""Queue email and texts in the outbox, in the caller's transaction; `notify send` delivers."""

from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select, update

from ..audit.services import record
from ..clock import site_zone
from ..database import lock, utcnow
from ..extensions import db
from ..referrals.models import Case
from ..sites.models import Site
from .models import MESSAGE_STATUSES, OutboxMessage
from .sms import next_sending_moment


def queue_message(
    *,
    kind: str,
    to_address: str,
    language: str,
    subject: str,
    body: str,
    attachment_name: str | None = None,
    attachment: bytes | None = None,
    dedupe_key: str | None = None,
    case_id: int | None = None,
    channel: str = "email",
    session_id: int | None = None,
) -> OutboxMessage | None:
    """Write one message to the outbox; None when a message with dedupe_key was queued before.

    A text message queued at night is held until the morning's sending hours, on the
    clock of the recipient's site (their case's).
    """
    if dedupe_key is not None:
        queued = db.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if queued is not None:
            return None
    message = OutboxMessage(
        kind=kind,
        to_address=to_address,
        language=language,
        subject=subject,
        body=body,
        attachment_name=attachment_name,
        attachment=attachment,
        dedupe_key=dedupe_key,
        case_id=case_id,
        channel=channel,
        session_id=session_id,
        status="pending",
        next_attempt_at=(
            next_sending_moment(utcnow(), recipient_zone(case_id)) if channel == "sms" else utcnow()
        ),
    )
    db.session.add(message)
    db.session.flush()
    return message


def recipient_zone(case_id: int | None) -> ZoneInfo:
    """The time zone of a recipient: their case's site's, or the program's without a case."""
    site = None
    if case_id is not None:
        site = db.session.scalar(
            select(Site).join(Case, Case.site_id == Site.id).where(Case.id == case_id)
        )
    return site_zone(site)


class MessageError(Exception):
    """A change the message's status does not allow."""


def outbox_messages(status: str | None = None, criterion=None):
    """The query of the outbox page: messages newest first, optionally of one status.

    criterion, when given, keeps the messages the reader reaches (messages/access.py).
    """
    query = select(OutboxMessage)
    if criterion is not None:
        query = query.where(criterion)
    if status in MESSAGE_STATUSES:
        query = query.where(OutboxMessage.status == status)
    return query.order_by(OutboxMessage.id.desc())


def retry_message(message_id: int, *, by) -> OutboxMessage:
    """Put a failed message back in the queue, due now, with a fresh set of attempts."""
    message = lock(OutboxMessage, message_id)
    if message is None:
        raise LookupError(message_id)
    if message.status != "failed":
        raise MessageError(_("Only a failed message can be sent again."))
    message.status, message.attempts, message.next_attempt_at = "pending", 0, utcnow()
    db.session.flush()
    record(
        "message.retry",
        f"{message.kind} message queued again by hand",
        object_type="outbox_message",
        object_id=message.id,
        actor=by,
    )
    return message


def cancel_pending_texts(phone: str) -> int:
    """Cancel every text waiting for this number (the person stopped texts); return how many."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == "sms",
            OutboxMessage.to_address == phone,
            OutboxMessage.status == "pending",
        )
        .values(status="cancelled")
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0


def cancel_pending_reminders(session_id: int) -> int:
    """Cancel the reminders of a session not yet sent (it moved or was cancelled)."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.session_id == session_id,
            OutboxMessage.kind == "reminder",
            OutboxMessage.status == "pending",
        )
        .values(status="cancelled")
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0
