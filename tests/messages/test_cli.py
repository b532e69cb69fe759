"""The notify commands: counts only, never an address."""

from datetime import timedelta

from sqlalchemy import select

from johnschool.cli import notify_cli
from johnschool.database import utcnow
from johnschool.extensions import db
from johnschool.messages.models import OutboxMessage
from johnschool.messages.services import queue_message

from .conftest import enroll


def queue(address):
    """Queue and commit one message."""
    queue_message(
        kind="invitation", to_address=address, language="en", subject="Hello", body="Hello\n"
    )
    db.session.commit()


def test_notify_send_prints_the_counts_and_no_address(app, smtp, mailbox):
    queue("ana@example.com")
    queue("ben@example.com")
    mailbox.refuse_first = 1
    result = app.test_cli_runner().invoke(notify_cli, ["send"])
    assert result.exit_code == 0, result.output
    assert result.output == "sent 1, retried 1, failed 0\n"
    assert len(mailbox.received) == 1


def test_notify_send_with_nothing_due_says_so(app):
    result = app.test_cli_runner().invoke(notify_cli, ["send"])
    assert result.output == "sent 0, retried 0, failed 0\n"


def test_notify_reminders_queues_and_prints_the_number_only(app, make_case, make_cohort):
    cohort, _ = make_cohort(utcnow() + timedelta(hours=30))
    enroll(make_case(email="paul.roy@example.com"), cohort)
    far, _ = make_cohort(utcnow() + timedelta(hours=60))
    enroll(make_case(email="later@example.com"), far)
    db.session.commit()
    runner = app.test_cli_runner()

    result = runner.invoke(notify_cli, ["reminders"])
    assert result.exit_code == 0, result.output
    assert result.output == "1 reminder(s) queued\n"
    assert runner.invoke(notify_cli, ["reminders"]).output == "0 reminder(s) queued\n"
    assert runner.invoke(notify_cli, ["reminders", "--hours", "72"]).output == (
        "1 reminder(s) queued\n"
    )
    db.session.expire_all()
    addresses = db.session.scalars(select(OutboxMessage.to_address)).all()
    assert sorted(addresses) == ["later@example.com", "paul.roy@example.com"]


def test_notify_send_loop_keeps_sending_until_interrupted(app, smtp, mailbox, monkeypatch):
    queue("ana@example.com")
    pauses = []

    def interrupt(seconds):
        pauses.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr("johnschool.cli.time.sleep", interrupt)
    result = app.test_cli_runner().invoke(notify_cli, ["send", "--loop", "--interval", "5"])
    assert result.exit_code == 0, result.output
    assert result.output == "sent 1, retried 0, failed 0\n"
    assert pauses == [5]
