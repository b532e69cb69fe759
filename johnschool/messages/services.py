"""Queue email in the outbox, in the caller's transaction; `notify send` delivers it."""

from flask_babel import gettext as _
from sqlalchemy import select

from ..audit.services import record
from ..database import lock, utcnow
from ..extensions import db
from .models import MESSAGE_STATUSES, OutboxMessage


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
) -> OutboxMessage | None:
    """Write one message to the outbox; None when a message with dedupe_key was queued before."""
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
        status="pending",
    )
    db.session.add(message)
    db.session.flush()
    return message


class MessageError(Exception):
    """A change the message's status does not allow."""


def outbox_messages(status: str | None = None):
    """The query of the outbox page: messages newest first, optionally of one status."""
    query = select(OutboxMessage)
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
