"""Text messages: E.164 numbers, sending hours, the file and Twilio providers, retries."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from twilio.http.response import Response

from johnschool.audit.models import AuditEntry
from johnschool.cli import notify_cli
from johnschool.extensions import db
from johnschool.messages import services as message_services
from johnschool.messages import sms
from johnschool.messages.delivery import send_pending
from johnschool.messages.models import OutboxMessage
from johnschool.messages.services import queue_message
from johnschool.messages.sms import InvalidPhone, next_sending_moment, normalize_phone

PHONE = "+15148721234"
# 22:00 in Quebec on December 2 (UTC-5), then 8:00 and 12:00 on December 3.
NIGHT = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
MORNING = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
NOON = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("514 872-1234", "+15148721234"),
        ("(438) 872-1234", "+14388721234"),
        ("1-514-872-1234", "+15148721234"),
        ("+33 1 23 45 67 89", "+33123456789"),
    ],
)
def test_numbers_are_stored_in_e164_canadian_by_default(app, typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["123", "abc", "", "514 000-0000"])
def test_a_number_that_cannot_exist_is_refused(app, typed):
    with pytest.raises(InvalidPhone):
        normalize_phone(typed)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (NIGHT, MORNING),  # 22:00 waits for 8:00 the next day
        (datetime(2026, 12, 3, 10, 0, tzinfo=UTC), MORNING),  # 5:00 waits for 8:00 that day
        (NOON, NOON),
        (datetime(2026, 12, 3, 1, 0, tzinfo=UTC), MORNING),  # 20:00 sharp is too late
        # In summer Quebec is UTC-4: 7:59 waits one minute.
        (datetime(2026, 7, 1, 11, 59, tzinfo=UTC), datetime(2026, 7, 1, 12, 0, tzinfo=UTC)),
    ],
)
def test_texts_go_out_between_8_and_20_in_the_programs_zone(app, moment, expected):
    assert next_sending_moment(moment) == expected


def queue_text(body="Rappel : rendez-vous.", **fields):
    """Queue one text and commit it."""
    message = queue_message(
        kind="reminder",
        channel="sms",
        to_address=PHONE,
        language="fr",
        subject="",
        body=body,
        **fields,
    )
    db.session.commit()
    return message.id


def reload(message_id):
    """The message as the database holds it now."""
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def sms_files(app):
    """The texts the file provider wrote."""
    return sorted((Path(app.instance_path) / "outbox").glob("*.sms.txt"))


@pytest.fixture
def clean_outbox(app):
    """An empty instance/outbox folder before and after the test."""
    for path in sms_files(app):
        path.unlink()
    yield
    for path in sms_files(app):
        path.unlink()


def test_a_text_queued_at_night_waits_for_the_morning(app, monkeypatch, clean_outbox):
    monkeypatch.setattr(message_services, "utcnow", lambda: NIGHT)
    message_id = queue_text()
    assert reload(message_id).next_attempt_at == MORNING

    assert send_pending(now=NIGHT).sent == 0
    assert send_pending(now=MORNING.replace(hour=12)).sent == 0  # 7:00
    assert sms_files(app) == []
    assert send_pending(now=MORNING).sent == 1
    (written,) = sms_files(app)
    assert written.read_text() == f"To: {PHONE}\n\nRappel : rendez-vous."
    assert reload(message_id).status == "sent"


def test_a_text_due_by_day_still_waits_when_the_sender_runs_at_night(
    app, monkeypatch, clean_outbox
):
    monkeypatch.setattr(message_services, "utcnow", lambda: NOON)
    text = queue_text()
    email = queue_message(
        kind="reminder", to_address="p@example.org", language="fr", subject="S", body="B"
    )
    db.session.commit()
    summary = send_pending(now=NIGHT.replace(day=4))
    assert summary.sent == 1
    assert reload(email.id).status == "sent" and reload(text).status == "pending"


class FakeTwilioHttp:
    """Stands for Twilio's HTTP client: records requests, answers what it is told."""

    requests: list = []
    answers: list = []

    def __init__(self, *args, **kwargs):
        self.last_response = None

    def request(self, method, uri, params=None, data=None, headers=None, auth=None, **kwargs):
        """Record the request and answer the next canned response."""
        FakeTwilioHttp.requests.append({"method": method, "uri": uri, "data": data, "auth": auth})
        status, body = FakeTwilioHttp.answers.pop(0)
        self.last_response = Response(status, json.dumps(body))
        return self.last_response


@pytest.fixture
def twilio(app, monkeypatch):
    """Twilio configured, with the fake HTTP client instead of the network."""
    app.config.update(
        SMS_PROVIDER="twilio",
        TWILIO_ACCOUNT_SID="AC" + "1" * 32,
        TWILIO_AUTH_TOKEN="secret-token",
        TWILIO_FROM="+15145550100",
    )
    FakeTwilioHttp.requests, FakeTwilioHttp.answers = [], []
    # Texts are queued at the noon the tests send at, whatever today's date.
    monkeypatch.setattr(message_services, "utcnow", lambda: NOON)
    monkeypatch.setattr(sms, "TwilioHttpClient", FakeTwilioHttp)
    return FakeTwilioHttp


def accepted():
    """What Twilio answers to a message it accepted."""
    return 201, {"sid": "SM" + "0" * 32, "status": "queued"}


def test_twilio_is_called_with_the_number_the_sender_and_the_text(app, twilio):
    twilio.answers = [accepted()]
    message_id = queue_text("Rappel.")
    assert send_pending(now=NOON).sent == 1
    (request,) = twilio.requests
    assert request["method"] == "POST"
    assert request["uri"].endswith(f"/Accounts/AC{'1' * 32}/Messages.json")
    assert request["data"] == {"To": PHONE, "From": "+15145550100", "Body": "Rappel."}
    assert request["auth"] == ("AC" + "1" * 32, "secret-token")
    assert reload(message_id).status == "sent"


def test_twilio_down_retries_with_backoff_and_leaves_other_texts_but_not_email(app, twilio):
    twilio.answers = [(503, {"code": 20503, "message": "Service unavailable"})]
    first, second = queue_text(), queue_text()
    email = queue_message(
        kind="reminder", to_address="p@example.org", language="fr", subject="S", body="B"
    )
    db.session.commit()
    summary = send_pending(now=NOON)
    assert (summary.sent, summary.retried) == (1, 1)  # the email went, one text was tried
    tried, untouched = reload(first), reload(second)
    assert tried.status == "pending" and tried.attempts == 1
    assert tried.last_error == "Twilio 503/20503 (TwilioRestException)"
    assert untouched.attempts == 0
    assert reload(email.id).status == "sent"


def test_a_number_twilio_refuses_fails_at_once_and_the_error_names_no_number(app, twilio):
    twilio.answers = [(400, {"code": 21211, "message": f"The 'To' number {PHONE} is not valid"})]
    message_id = queue_text()
    assert send_pending(now=NOON).failed == 1
    message = reload(message_id)
    assert message.status == "failed" and message.attempts == 1
    assert message.last_error == "Twilio 400/21211 (TwilioRestException)"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "message.failed"))
    assert PHONE not in entry.data and PHONE not in entry.summary


def test_twilio_without_its_settings_is_refused_by_the_send_command(app):
    app.config.update(SMS_PROVIDER="twilio", TWILIO_ACCOUNT_SID=None)
    result = app.test_cli_runner().invoke(notify_cli, ["send"])
    assert result.exit_code != 0
    assert "TWILIO_ACCOUNT_SID" in result.output
