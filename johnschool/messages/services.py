"""Queue email in the outbox, in the caller's transaction; `notify send` delivers it."""

from sqlalchemy import select

from ..extensions import db
from .models import OutboxMessage


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
