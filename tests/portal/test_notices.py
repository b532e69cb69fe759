"""The enrollment email: neutral subject, sessions, an .ics, the invitation link."""

import re

import pytest
from sqlalchemy import select

from johnschool.auth.services import set_password
from johnschool.extensions import db
from johnschool.messages.models import OutboxMessage
from johnschool.portal.notices import notify_enrollment
from johnschool.portal.services import participant_user

from ..factories import PASSWORD, make_user
from .builders import SOON, enroll, make_case, make_cohort, make_module, make_professional

FORBIDDEN = ("prostitution", "sexual", "sexuel", "john", "crime", "court", "tribunal", "286")


@pytest.fixture
def liaison(app):
    return make_user("liaison")


def seat(liaison, language="fr", email="client@example.org", status="enrolled"):
    """A case with a seat in a cohort of two modules taught by a named professional."""
    modules = [
        make_module(title_fr="Exploitation sexuelle", title_en="Sexual exploitation"),
        make_module(title_fr="Conséquences", title_en="Consequences"),
    ]
    cohort = make_cohort(modules, professional=make_professional("Dr Alice Martin"))
    return enroll(make_case(liaison, email=email, language=language), cohort, status)


def queued():
    """The messages in the outbox, oldest first."""
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def assert_discreet(text, enrollment):
    """Nothing in text says what the program is about, nor names the module or speaker."""
    lowered = text.lower()
    for word in FORBIDDEN:
        assert word not in lowered, word
    for session in enrollment.cohort.sessions:
        assert session.module.title_fr.lower() not in lowered
        assert session.module.title_en.lower() not in lowered
    assert "alice martin" not in lowered


@pytest.mark.parametrize(
    "language, attachment", [("fr", "rendez-vous.ics"), ("en", "appointments.ics")]
)
def test_the_email_is_neutral_in_the_clients_language(liaison, language, attachment):
    enrollment = seat(liaison, language)
    notice = notify_enrollment(enrollment, by=liaison)
    (message,) = queued()
    assert notice.is_queued
    assert message.language == language and message.to_address == "client@example.org"
    assert message.attachment_name == attachment
    assert message.case_id == enrollment.case_id and message.kind == "enrollment"
    for text in (message.subject, message.body, message.attachment_name):
        assert_discreet(text, enrollment)
    assert_discreet(message.attachment.decode(), enrollment)
    assert "Salle 3, 1 rue Principale" in message.body


def test_the_email_dates_are_written_in_the_clients_language(liaison):
    french = notify_enrollment(seat(liaison, "fr", "a@example.org"), by=liaison)
    english = notify_enrollment(seat(liaison, "en", "b@example.org"), by=liaison)
    assert french.is_queued and english.is_queued
    fr_body, en_body = (message.body for message in queued())
    fr_months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre")  # fmt: skip
    assert any(month in fr_body for month in fr_months)
    assert SOON.strftime("%B") in en_body


def test_the_email_carries_a_working_invitation_link(liaison, client):
    notify_enrollment(seat(liaison), by=liaison)
    db.session.commit()
    (message,) = queued()
    link = re.search(r"https?://\S+/welcome/\S+", message.body).group(0)
    assert link.startswith("http://localhost/welcome/")
    path = link.removeprefix("http://localhost")
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("app_config", [{"PUBLIC_URL": "https://portal.example.net/app"}])
def test_the_link_is_built_on_the_public_url_when_set(liaison):
    notify_enrollment(seat(liaison), by=liaison)
    (message,) = queued()
    assert "https://portal.example.net/app/welcome/" in message.body


def test_no_link_once_the_participant_has_a_password(liaison):
    enrollment = seat(liaison)
    user = participant_user(enrollment.case.client, by=liaison)
    set_password(user, PASSWORD)
    notify_enrollment(enrollment, by=liaison)
    (message,) = queued()
    assert "/welcome/" not in message.body


def test_the_attachment_lists_every_session_of_the_cohort(liaison):
    enrollment = seat(liaison)
    notify_enrollment(enrollment, by=liaison)
    (message,) = queued()
    ics = message.attachment.decode()
    assert ics.count("BEGIN:VEVENT") == 2
    assert "METHOD:PUBLISH" in ics


def test_no_email_on_file_queues_nothing_and_says_so(liaison):
    notice = notify_enrollment(seat(liaison, email=None), by=liaison)
    assert not notice.is_queued and str(notice.message)
    assert queued() == []


def test_a_second_call_sends_nothing_and_keeps_the_first_link_valid(liaison, client):
    enrollment = seat(liaison)
    notify_enrollment(enrollment, by=liaison)
    db.session.commit()
    notify_enrollment(enrollment, by=liaison)
    db.session.commit()
    (message,) = queued()
    path = re.search(r"/welcome/\S+", message.body).group(0)
    assert client.get(path).status_code == 200


def test_a_promotion_from_the_waitlist_gets_its_own_subject(liaison):
    enrollment = seat(liaison, status="waitlisted")
    notify_enrollment(enrollment, by=liaison)
    enrollment.status = "enrolled"
    notify_enrollment(enrollment, promoted=True, by=liaison)
    waiting, promoted = queued()
    assert waiting.attachment is None and promoted.attachment_name == "rendez-vous.ics"
    assert promoted.kind == "promotion" and promoted.subject != waiting.subject
    assert_discreet(waiting.subject + waiting.body, enrollment)
    assert_discreet(promoted.subject + promoted.body, enrollment)
