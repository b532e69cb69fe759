"""Delivery of the outbox: SMTP with retries and backoff, .eml files, never twice."""

import logging
import socket
import threading
from datetime import timedelta
from email import message_from_bytes, policy

from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.database import utcnow
from johnschool.extensions import db
from johnschool.messages.delivery import backoff, send_pending
from johnschool.messages.models import OutboxMessage
from johnschool.messages.services import queue_message

ADDRESS = "paul.roy@example.com"
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def queue(address=ADDRESS, **fields):
    """Queue one message and commit it, as the change that caused it would."""
    values = {
        "kind": "invitation",
        "to_address": address,
        "language": "fr",
        "subject": "Votre rendez-vous du 3 décembre",
        "body": "Bonjour,\nVotre séance a lieu le 3 décembre à 9 h.\n",
        "attachment_name": "rendez-vous.ics",
        "attachment": ICS,
        **fields,
    }
    message = queue_message(**values)
    db.session.commit()
    return message.id


def reload(message_id):
    """The message as the database holds it now."""
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def free_port():
    """A port of 127.0.0.1 on which nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_backoff_doubles_from_one_minute_and_stops_at_six_hours():
    waits = [backoff(attempts) for attempts in (1, 2, 3, 4, 9, 10, 50)]
    assert waits[:4] == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    assert waits[4] == timedelta(minutes=256)
    assert waits[5:] == [timedelta(hours=6)] * 2


def test_a_refused_message_is_retried_with_backoff_then_delivered_once(app, smtp, mailbox):
    mailbox.refuse_first = 2
    message_id = queue()
    start = utcnow()

    first = send_pending(now=start)
    assert (first.sent, first.retried, first.failed) == (0, 1, 0)
    message = reload(message_id)
    assert message.status == "pending" and message.attempts == 1
    assert message.next_attempt_at == start + timedelta(minutes=1)
    assert message.last_error == "SMTP 451 (SMTPRecipientsRefused)"

    # Not due yet: nothing is tried before the backoff has passed.
    assert send_pending(now=start + timedelta(seconds=30)).retried == 0
    assert mailbox.refusals == 1

    send_pending(now=start + timedelta(minutes=1))
    assert reload(message_id).next_attempt_at == start + timedelta(minutes=1 + 2)
    third = send_pending(now=start + timedelta(minutes=3))
    assert (third.sent, third.retried, third.failed) == (1, 0, 0)
    message = reload(message_id)
    assert message.status == "sent" and message.attempts == 3 and message.last_error is None
    assert message.sent_at == start + timedelta(minutes=3)
    assert send_pending(now=start + timedelta(days=1)).sent == 0
    assert len(mailbox.received) == 1


def test_the_delivered_email_has_a_neutral_sender_its_subject_and_its_calendar(app, smtp, mailbox):
    queue()
    send_pending()
    [(envelope_from, recipients, email)] = mailbox.received
    assert envelope_from == "no-reply@localhost" and recipients == [ADDRESS]
    assert email["From"] == "Programme de formation <no-reply@localhost>"
    assert email["To"] == ADDRESS
    assert email["Subject"] == "Votre rendez-vous du 3 décembre"
    assert "séance a lieu le 3 décembre" in email.get_body(("plain",)).get_content()
    [attachment] = email.iter_attachments()
    assert attachment.get_filename() == "rendez-vous.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_content().encode() == ICS


def test_an_english_message_comes_from_the_english_sender_when_one_is_set(app, smtp, mailbox):
    app.config["MAIL_SENDER_EN"] = "Training program <no-reply@example.org>"
    queue(language="en")
    queue(language="fr")
    send_pending()
    senders = sorted(email["From"] for _, _, email in mailbox.received)
    assert senders == [
        "Programme de formation <no-reply@localhost>",
        "Training program <no-reply@example.org>",
    ]


def test_an_attachment_other_than_a_calendar_is_sent_as_bytes(app, smtp, mailbox):
    queue(attachment_name="document.pdf", attachment=b"%PDF-1.4")
    send_pending()
    [attachment] = mailbox.received[0][2].iter_attachments()
    assert attachment.get_content_type() == "application/octet-stream"
    assert attachment.get_filename() == "document.pdf"


def test_a_message_is_marked_failed_after_the_last_attempt(app, smtp, mailbox):
    app.config["NOTIFY_MAX_ATTEMPTS"] = 3
    mailbox.refuse_first = 10
    message_id = queue()
    moment = utcnow()
    outcomes = []
    for _ in range(4):
        summary = send_pending(now=moment)
        outcomes.append((summary.retried, summary.failed))
        moment += timedelta(hours=7)
    assert outcomes == [(1, 0), (1, 0), (0, 1), (0, 0)]
    message = reload(message_id)
    assert message.status == "failed" and message.attempts == 3
    assert mailbox.received == []
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "message.failed"))
    assert [entry.object_id for entry in audit] == [message_id]


def test_a_recipient_refused_for_good_is_not_retried(app, smtp, mailbox):
    mailbox.refuse_first, mailbox.refusal_code = 1, 550
    message_id = queue()
    assert send_pending().failed == 1
    message = reload(message_id)
    assert message.status == "failed" and message.last_error == "SMTP 550 (SMTPRecipientsRefused)"


def test_one_refused_message_does_not_hold_back_the_next(app, smtp, mailbox):
    mailbox.refuse_first = 1
    refused, accepted = queue("a@example.com"), queue("b@example.com")
    summary = send_pending()
    assert (summary.sent, summary.retried) == (1, 1)
    assert reload(refused).status == "pending" and reload(accepted).status == "sent"


def test_a_mail_server_that_is_down_loses_nothing(app, caplog):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)
    ids = [queue(f"person{number}@example.com") for number in range(3)]
    with caplog.at_level(logging.DEBUG):
        summary = send_pending()
    assert (summary.sent, summary.retried, summary.failed) == (0, 1, 0)
    messages = [reload(message_id) for message_id in ids]
    assert [message.status for message in messages] == ["pending"] * 3
    assert messages[0].last_error == "ConnectionRefusedError"
    # The run stopped at the first refusal: the others keep their attempts for later.
    assert [message.attempts for message in messages] == [1, 0, 0]
    assert "@example.com" not in caplog.text


def test_without_a_mail_server_each_message_becomes_an_eml_file(app, tmp_path):
    app.instance_path = str(tmp_path)
    message_id = queue()
    assert send_pending().sent == 1
    [path] = (tmp_path / "outbox").glob("*.eml")
    assert path.name.startswith(f"{message_id}-") and path.suffix == ".eml"
    assert path.stat().st_mode & 0o077 == 0
    email = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert email["To"] == ADDRESS and email["Subject"] == "Votre rendez-vous du 3 décembre"
    assert reload(message_id).status == "sent"


def test_last_error_and_logs_never_hold_the_address_or_the_body(app, smtp, mailbox, caplog):
    mailbox.refuse_first = 1
    message_id = queue()
    with caplog.at_level(logging.DEBUG):
        send_pending()
    error = reload(message_id).last_error
    assert ADDRESS not in error and "Bonjour" not in error
    assert ADDRESS not in caplog.text and "Bonjour" not in caplog.text


def test_a_second_run_does_not_send_a_sent_message_again(app, smtp, mailbox):
    ids = [queue(f"person{number}@example.com") for number in range(3)]
    assert send_pending().sent == 3
    assert send_pending().sent == 0
    assert sorted(recipients[0] for _, recipients, _ in mailbox.received) == sorted(
        f"person{number}@example.com" for number in range(3)
    )
    assert {reload(message_id).status for message_id in ids} == {"sent"}


def test_two_senders_at_once_never_send_one_message_twice(app, smtp, mailbox):
    mailbox.delay = 0.02
    ids = [queue(f"person{number}@example.com") for number in range(12)]
    db.session.commit()  # hold no transaction (and no SQLite lock) while the senders run
    summaries, errors = [], []

    def sender():
        try:
            with app.app_context():
                summaries.append(send_pending())
                db.session.remove()
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    recipients = [recipients[0] for _, recipients, _ in mailbox.received]
    assert sorted(recipients) == sorted(f"person{number}@example.com" for number in range(12))
    assert sum(summary.sent for summary in summaries) == 12
    assert {reload(message_id).status for message_id in ids} == {"sent"}


def test_a_delivery_writes_an_audit_entry_without_the_address(app, smtp):
    message_id = queue()
    send_pending()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "message.sent"))
    assert entry.object_type == "outbox_message" and entry.object_id == message_id
    assert ADDRESS not in entry.summary and ADDRESS not in entry.data
