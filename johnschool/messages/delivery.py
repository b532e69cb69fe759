"""Deliver the outbox: due messages one at a time, retried with backoff, never sent twice.

Email goes over SMTP, text messages through the SMS provider. A channel whose server
is down is left alone for the rest of the run, and text messages wait outside the
sending hours (8:00 to 20:00 on the recipient's site's clock), so that nobody's phone
buzzes at night: a text claimed at night is put off to its recipient's morning.

A sender first claims a message (a short transaction that moves its next attempt
past a lease), then sends it with no transaction open, then records the outcome.
So a slow or dead mail server never holds a database lock that pages wait on, and
two senders never take the same message: PostgreSQL skips rows another sender has
locked, SQLite's write lock lets one claim at a time, and the lease keeps a claimed
message out of every other sender's query until it is settled.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from ..audit.services import record
from ..database import lock, utcnow
from ..extensions import db
from .mail import Envelope, build_email, sender_for, transport_for
from .models import OutboxMessage
from .services import recipient_zone
from .sms import (
    describe_sms_error,
    is_permanent_sms_error,
    is_provider_unusable,
    is_sending_hour,
    next_sending_moment,
    sms_provider_for,
)

logger = logging.getLogger(__name__)

# Longer than any one send can take (a few network operations of MAIL_TIMEOUT each);
# a sender that dies mid-send leaves its message due again when the lease ends.
CLAIM_LEASE = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=6)
PUT_OFF = object()  # what claiming answers for a text held until its recipient's morning
# SMTP replies about one message: the next message may well go through.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


@dataclass
class DeliverySummary:
    """How many messages one run sent, put back for a retry, and gave up on."""

    sent: int = 0
    retried: int = 0
    failed: int = 0

    def add(self, outcome: str) -> None:
        """Count one message's outcome (sent, retried or failed)."""
        setattr(self, outcome, getattr(self, outcome) + 1)


def backoff(attempts: int) -> timedelta:
    """The wait after the attempts-th failure: 1, 2, 4, 8… minutes, at most 6 hours."""
    return min(timedelta(minutes=2 ** min(max(attempts - 1, 0), 16)), MAX_BACKOFF)


class Outlets:
    """The SMTP transport and the SMS provider, each made when first needed."""

    def __init__(self, app):
        self.app = app
        self.made = {}

    def send(self, envelope: Envelope) -> None:
        """Send one message by its channel, or raise."""
        if envelope.channel == "sms":
            provider = self._outlet("sms", sms_provider_for)
            provider.send(envelope.to_address, envelope.body, envelope.id)
            return
        sender = sender_for(self.app.config, envelope.language)
        self._outlet("email", transport_for).send(build_email(envelope, sender), envelope.id)

    def _outlet(self, channel: str, make):
        """The outlet of channel, made once."""
        if channel not in self.made:
            self.made[channel] = make(self.app)
        return self.made[channel]


def send_pending(*, now: datetime | None = None, limit: int = 100) -> DeliverySummary:
    """Deliver up to limit due messages, committing after each; return the counts."""
    outlets = Outlets(current_app._get_current_object())
    summary, closed, tried = DeliverySummary(), set(), 0
    while tried < limit:
        envelope = _claim_next(now or utcnow(), closed)
        if envelope is None:
            break
        if envelope is PUT_OFF:
            continue  # a night-time text, now due in its recipient's morning
        tried += 1
        error = _try_send(outlets, envelope)
        outcome = _settle(envelope.id, error, now or utcnow())
        db.session.commit()
        if outcome:
            summary.add(outcome)
        if error is not None and _server_unusable(error):
            closed.add(envelope.channel)  # its other messages stay due for the next run
    return summary


def _claim_next(now: datetime, closed: set[str]):
    """Lease the next due message of an open channel and commit; None when none is due.

    A text due outside its recipient's sending hours is put off to their next morning
    instead (PUT_OFF): it then leaves the due messages of this run.
    """
    message = db.session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .where(OutboxMessage.channel.not_in(closed))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if message is None:
        db.session.rollback()
        return None
    if message.channel == "sms":
        zone = recipient_zone(message.case_id)
        if not is_sending_hour(now, zone):
            message.next_attempt_at = next_sending_moment(now, zone)
            db.session.commit()
            return PUT_OFF
    message.next_attempt_at = now + CLAIM_LEASE
    envelope = Envelope.of(message)
    db.session.commit()
    return envelope


def _try_send(outlets: Outlets, envelope: Envelope) -> Exception | None:
    """Send one message; return the error instead of raising it."""
    try:
        outlets.send(envelope)
    except Exception as error:  # one bad message must not stop the others
        return error
    return None


def _settle(message_id: int, error: Exception | None, now: datetime) -> str | None:
    """Record a message's outcome (sent, retried or failed) with its audit entry."""
    message = lock(OutboxMessage, message_id)
    if message is None or message.status != "pending":
        return None
    message.attempts += 1
    if error is None:
        message.status, message.sent_at, message.last_error = "sent", now, None
        _audit(message, "message.sent", "delivered")
        logger.info("outbox message %d sent", message.id)
        return "sent"
    message.last_error = describe_error(error)
    logger.warning("outbox message %d not delivered: %s", message.id, message.last_error)
    if message.attempts >= current_app.config["NOTIFY_MAX_ATTEMPTS"] or _is_permanent(error):
        message.status = "failed"
        _audit(message, "message.failed", "given up")
        return "failed"
    message.next_attempt_at = now + backoff(message.attempts)
    return "retried"


def _audit(message: OutboxMessage, action: str, verb: str) -> None:
    """Write the audit entry of a delivery outcome (no address, no content)."""
    record(
        action,
        f"{message.kind} message {verb} after {message.attempts} attempt(s)",
        object_type="outbox_message",
        object_id=message.id,
        data={"kind": message.kind, "attempts": message.attempts, "error": message.last_error},
    )


def describe_error(error: Exception) -> str:
    """Name an error by SMTP or Twilio code, or exception class: never the address or body."""
    name = type(error).__name__
    if (sms := describe_sms_error(error)) is not None:
        return sms
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _ in error.recipients.values()})
        return f"SMTP {'/'.join(codes)} ({name})"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"SMTP {error.smtp_code} ({name})"
    return name


def _is_permanent(error: Exception) -> bool:
    """Tell whether the server refused the recipient for good (5xx): retrying cannot help."""
    if is_permanent_sms_error(error):
        return True
    if not isinstance(error, smtplib.SMTPRecipientsRefused):
        return False
    return all(500 <= code < 600 for code, _ in error.recipients.values())


def _server_unusable(error: Exception) -> bool:
    """Tell whether the error concerns the server (down, refused login), not one message."""
    if is_provider_unusable(error):
        return True
    return isinstance(error, OSError) and not isinstance(error, MESSAGE_ERRORS)
