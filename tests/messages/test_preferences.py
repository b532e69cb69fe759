"""Reminder channels: the participant's choice, the liaison's with consent, STOP and START."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.messages.models import OutboxMessage, ReminderPreference
from johnschool.messages.preferences import keyword, set_reminder_channels
from johnschool.messages.reminders import queue_reminders
from johnschool.messages.services import queue_message

from ..factories import make_user
from ..portal.builders import make_module, make_participant

TOKEN = "twilio-auth-token"
REPLIES = "http://localhost/sms/replies"


@pytest.fixture
def participant(liaison):
    """A participant (user, case) with a seat in a cohort of one session, in 10 days."""
    return make_participant(liaison, email="p@example.org", modules=[make_module()])


def preference_of(case):
    """The client's recorded reminder choice."""
    db.session.expire_all()
    return db.session.scalar(
        select(ReminderPreference).where(ReminderPreference.client_id == case.client_id)
    )


def actions():
    """The audit actions recorded so far, oldest first."""
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_participant_chooses_texts_and_the_number_is_stored_in_e164(participant, client, sign_in):
    user, case = participant
    sign_in(user)
    page = client.get("/my/reminders")
    assert page.status_code == 200 and 'value="both"' in page.get_data(as_text=True)
    response = client.post("/my/reminders", data={"channels": "both", "phone": "514 872-1234"})
    assert response.status_code == 302
    preference = preference_of(case)
    assert (preference.channels, preference.sms_phone) == ("both", "+15148721234")
    assert preference.consent_recorded_by_id is None
    assert "reminders.channels_set" in actions()


@pytest.mark.parametrize(
    ("phone", "error"),
    [
        ("514 000", "This is not a valid phone number"),
        ("", "Write a mobile number to receive text messages."),
    ],
)
def test_a_bad_or_missing_number_is_a_clear_form_error(participant, client, sign_in, phone, error):
    user, case = participant
    user.language = "en"
    db.session.commit()
    sign_in(user)
    response = client.post("/my/reminders", data={"channels": "sms", "phone": phone})
    assert response.status_code == 422
    assert error in response.get_data(as_text=True)
    assert preference_of(case) is None


def test_the_liaison_chooses_for_the_participant_only_with_consent(
    participant, client, sign_in, liaison
):
    _, case = participant
    sign_in(liaison)
    form = {"channels": "sms", "phone": "438 872-1234"}
    refused = client.post(f"/cases/{case.id}/reminders", data=form)
    assert refused.status_code == 422 and preference_of(case) is None
    done = client.post(f"/cases/{case.id}/reminders", data={**form, "consent": "y"})
    assert done.status_code == 302
    preference = preference_of(case)
    assert preference.sms_phone == "+14388721234"
    assert preference.consent_recorded_by_id == liaison.id


def test_the_case_reminders_page_is_logged_and_unknown_cases_are_not_found(
    participant, client, sign_in, liaison
):
    _, case = participant
    sign_in(liaison)
    assert client.get(f"/cases/{case.id}/reminders").status_code == 200
    assert "case.reminders_viewed" in actions()
    assert client.get(f"/cases/{case.id + 999}/reminders").status_code == 404


def texts_to(phone):
    """The texts queued for phone, by status."""
    db.session.expire_all()
    rows = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.channel == "sms", OutboxMessage.to_address == phone
        )
    )
    return [row.status for row in rows]


def queue_text(phone="+15148721234"):
    """A text waiting for phone."""
    queue_message(
        kind="reminder", channel="sms", to_address=phone, language="fr", subject="", body="B"
    )


def test_the_portal_switch_stops_texts_at_once_and_start_resumes(participant, client, sign_in):
    user, case = participant
    set_reminder_channels(case.client, "sms", "514 872-1234", by=user)
    queue_text()
    db.session.commit()
    sign_in(user)
    assert client.post("/my/reminders/texts/stop").status_code == 302
    assert preference_of(case).sms_stopped_at is not None
    assert texts_to("+15148721234") == ["cancelled"]
    assert "reminders.texts_stopped" in actions()
    client.post("/my/reminders/texts/start")
    assert preference_of(case).sms_stopped_at is None
    assert "reminders.texts_resumed" in actions()


def signed_reply(client, body, sender="+15148721234", token=TOKEN):
    """Post a reply as Twilio would, signed with token."""
    form = {"From": sender, "Body": body, "MessageSid": "SM" + "1" * 32}
    signature = RequestValidator(token).compute_signature(REPLIES, form)
    return client.post("/sms/replies", data=form, headers={"X-Twilio-Signature": signature})


@pytest.fixture
def texting(participant, app):
    """The participant chose texts; Twilio's token is configured."""
    app.config["TWILIO_AUTH_TOKEN"] = TOKEN
    user, case = participant
    set_reminder_channels(case.client, "both", "514 872-1234", by=user)
    db.session.commit()
    return case


@pytest.mark.parametrize("word", ["STOP", "stop", "Arrêt", "ARRET please"])
def test_a_stop_reply_stops_texts_and_is_audited(texting, client, word):
    queue_text()
    db.session.commit()
    response = signed_reply(client, word)
    assert response.status_code == 200 and response.mimetype == "text/xml"
    assert "<Response" in response.get_data(as_text=True)
    assert preference_of(texting).sms_stopped_at is not None
    assert texts_to("+15148721234") == ["cancelled"]
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "reminders.texts_stopped")
    )
    assert entry.summary == "text messages stopped by reply" and "514" not in entry.data


def test_start_resumes_texts_after_a_stop(texting, client):
    signed_reply(client, "STOP")
    signed_reply(client, "START")
    assert preference_of(texting).sms_stopped_at is None


def test_a_reply_with_a_bad_signature_or_none_is_refused(texting, client):
    assert signed_reply(client, "STOP", token="not-the-token").status_code == 403
    unsigned = client.post("/sms/replies", data={"From": "+15148721234", "Body": "STOP"})
    assert unsigned.status_code == 403
    assert preference_of(texting).sms_stopped_at is None


def test_a_reply_from_an_unknown_number_or_another_word_changes_nothing(texting, client):
    assert signed_reply(client, "STOP", sender="+14388720000").status_code == 200
    assert signed_reply(client, "Merci").status_code == 200
    assert preference_of(texting).sms_stopped_at is None


def test_keywords_ignore_case_accents_and_punctuation():
    assert [keyword(text) for text in ("Arrêt.", " stop ", "", "Start!")] == [
        "ARRET",
        "STOP",
        "",
        "START",
    ]


NOW = datetime.now(UTC).replace(microsecond=0) + timedelta(days=9)


@pytest.mark.parametrize(
    ("channels", "expected"),
    [("email", ["email"]), ("sms", ["sms"]), ("both", ["email", "sms"]), ("none", [])],
)
def test_reminders_go_by_the_chosen_channels_once_each(participant, channels, expected):
    user, case = participant
    set_reminder_channels(case.client, channels, "514 872-1234", by=user)
    assert queue_reminders(NOW) == len(expected)
    assert queue_reminders(NOW) == 0
    queued = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == "reminder")
        .order_by(OutboxMessage.channel)
    ).all()
    assert [message.channel for message in queued] == expected
    for message in queued:
        assert message.case_id == case.id and message.session_id is not None


def test_a_text_reminder_is_short_neutral_and_in_the_participants_language(participant):
    user, case = participant
    case.client.language = "en"
    set_reminder_channels(case.client, "sms", "514 872-1234", by=user)
    queue_reminders(NOW)
    text = db.session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "sms"))
    assert text.to_address == "+15148721234" and text.language == "en"
    assert text.body.startswith("Reminder: appointment on ")
    assert "Salle 3, 1 rue Principale" in text.body and "Reply STOP" in text.body
    assert len(text.body) <= 160
    for word in ("module", "training", "program", "sexual", "court", "john"):
        assert word not in text.body.lower()


def test_no_text_reminder_after_a_stop(participant):
    user, case = participant
    preference = set_reminder_channels(case.client, "both", "514 872-1234", by=user)
    preference.sms_stopped_at = datetime.now(UTC)
    assert queue_reminders(NOW) == 1  # the email only


def test_staff_without_consent_cannot_set_channels_through_the_service(participant):
    _, case = participant
    with pytest.raises(ValueError):
        set_reminder_channels(case.client, "sms", "514 872-1234", by=make_user("admin"))


@pytest.mark.parametrize(
    ("channels", "phone", "expected"),
    [("email", "514 872-1234", ["cancelled"]), ("sms", "438 872-1234", ["cancelled"])],
    ids=["texts-dropped", "number-changed"],
)
def test_choosing_no_texts_or_another_number_cancels_the_waiting_texts(
    participant, channels, phone, expected
):
    user, case = participant
    set_reminder_channels(case.client, "sms", "514 872-1234", by=user)
    queue_text()
    set_reminder_channels(case.client, channels, phone, by=user)
    assert texts_to("+15148721234") == expected


def test_choosing_the_same_texts_again_keeps_the_waiting_ones(participant):
    user, case = participant
    set_reminder_channels(case.client, "sms", "514 872-1234", by=user)
    queue_text()
    set_reminder_channels(case.client, "both", "(514) 872-1234", by=user)
    assert texts_to("+15148721234") == ["pending"]


def test_behind_a_proxy_the_signature_is_checked_on_the_public_address(texting, app, client):
    app.config["PUBLIC_URL"] = "https://portal.example.org"
    form = {"From": "+15148721234", "Body": "STOP"}
    signature = RequestValidator(TOKEN).compute_signature(
        "https://portal.example.org/sms/replies", form
    )
    response = client.post("/sms/replies", data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
    assert preference_of(texting).sms_stopped_at is not None
    assert signed_reply(client, "START").status_code == 403  # signed for localhost
