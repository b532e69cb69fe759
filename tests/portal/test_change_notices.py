"""A session moved or cancelled: every participant expected at it is told, with a new .ics."""

from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select

from johnschool.attendance.models import MakeUpBooking
from johnschool.clock import program_zone
from johnschool.curriculum.services import cancel_session
from johnschool.extensions import db
from johnschool.messages.models import OutboxMessage
from johnschool.messages.preferences import set_reminder_channels
from johnschool.messages.reminders import queue_reminders
from johnschool.portal.calendar import render_calendar
from johnschool.portal.queries import participant_schedule

from ..factories import make_user
from .builders import SOON, enroll, make_case, make_cohort, make_module, make_participant

FORBIDDEN = ("module", "sexuel", "sexual", "prostitution", "john", "tribunal", "court")


@pytest.fixture
def liaison(app):
    return make_user("liaison")


@pytest.fixture
def coordinator(app, sign_in, client):
    """The coordinator, signed in."""
    user = make_user("admin")
    sign_in(user)
    return user


START = SOON.replace(second=0)


@pytest.fixture
def participant(liaison):
    """A participant (user, case) with a seat in a cohort of one session, at START."""
    user, case = make_participant(liaison, email="p1@example.org", modules=[make_module()])
    session = participant_schedule(user).sessions[0]
    session.starts_at, session.ends_at = START, START + timedelta(hours=1)
    db.session.commit()
    return user, case


def notices(kind):
    """The queued messages of kind, oldest first."""
    db.session.expire_all()
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    ).all()


def move_form(session, hours=2, place=None):
    """The session form moving session by hours, in the program's time zone."""
    starts = (session.starts_at + timedelta(hours=hours)).astimezone(program_zone())
    ends = (session.ends_at + timedelta(hours=hours)).astimezone(program_zone())
    return {
        "day": starts.date().isoformat(),
        "starts_at": starts.strftime("%H:%M"),
        "ends_at": ends.strftime("%H:%M"),
        "place": place or session.place,
    }


def only_event(attachment):
    """The one VEVENT of an .ics attachment."""
    (event,) = icalendar.Calendar.from_ical(attachment).walk("VEVENT")
    return event


def test_moving_a_session_tells_each_seated_participant_with_the_same_uid(
    participant, liaison, coordinator, client
):
    user, case = participant
    session = participant_schedule(user).sessions[0]
    waiting = make_case(liaison, email="waiting@example.org")
    enroll(waiting, session.cohort, status="waitlisted")
    db.session.commit()
    before = only_event(render_calendar([session], "fr"))

    response = client.post(f"/admin/sessions/{session.id}/edit", data=move_form(session))
    assert response.status_code == 302
    (notice,) = notices("change")
    assert notice.to_address == "p1@example.org" and notice.case_id == case.id
    assert notice.subject == "Changement à votre rendez-vous"
    event = only_event(notice.attachment)
    assert event["uid"] == before["uid"] and event["sequence"] == 1
    assert event.decoded("dtstart") == START + timedelta(hours=2)
    assert notice.attachment_name == "rendez-vous.ics"
    for word in FORBIDDEN:
        assert word not in (notice.subject + notice.body).lower()


def test_the_feed_shows_the_new_time_and_a_higher_sequence_after_a_move(
    participant, coordinator, client
):
    user, _ = participant
    session = participant_schedule(user).sessions[0]
    client.post(f"/admin/sessions/{session.id}/edit", data=move_form(session, place="Salle 9"))
    db.session.expire_all()
    event = only_event(render_calendar(participant_schedule(user).sessions, "fr"))
    assert event["sequence"] == 1 and str(event["location"]) == "Salle 9"
    assert event.decoded("dtstart") == START + timedelta(hours=2)


def test_saving_a_session_unchanged_tells_nobody(participant, coordinator, client):
    session = participant_schedule(participant[0]).sessions[0]
    client.post(f"/admin/sessions/{session.id}/edit", data=move_form(session, hours=0))
    assert notices("change") == []
    db.session.expire_all()
    assert db.session.get(type(session), session.id).sequence == 0


def test_a_move_cancels_the_stale_reminder_and_the_next_run_reminds_of_the_new_time(
    participant, coordinator, client
):
    user, _ = participant
    session = participant_schedule(user).sessions[0]
    queue_reminders(SOON - timedelta(hours=20))
    db.session.commit()
    client.post(f"/admin/sessions/{session.id}/edit", data=move_form(session))
    (stale,) = notices("reminder")
    assert stale.status == "cancelled"
    assert queue_reminders(SOON - timedelta(hours=19)) == 1
    fresh = notices("reminder")[-1]
    assert fresh.status == "pending" and fresh.dedupe_key.endswith(":1")


def test_a_participant_who_chose_texts_also_gets_a_text_of_the_change(
    participant, coordinator, client
):
    user, case = participant
    set_reminder_channels(case.client, "both", "514 872-1234", by=user)
    db.session.commit()
    session = participant_schedule(user).sessions[0]
    client.post(f"/admin/sessions/{session.id}/edit", data=move_form(session))
    channels = sorted(message.channel for message in notices("change"))
    assert channels == ["email", "sms"]
    text = next(message for message in notices("change") if message.channel == "sms")
    assert text.to_address == "+15148721234" and text.body.startswith("Votre rendez-vous a changé")


def test_cancelling_a_session_sends_a_cancellation_with_status_cancelled(
    participant, coordinator, client
):
    user, _ = participant
    session = participant_schedule(user).sessions[0]
    client.post(f"/admin/sessions/{session.id}/cancel", data={})  # not confirmed
    assert notices("cancellation") == []
    response = client.post(f"/admin/sessions/{session.id}/cancel", data={"confirm": "y"})
    assert response.status_code == 302
    (notice,) = notices("cancellation")
    assert notice.subject == "Rendez-vous annulé"
    event = only_event(notice.attachment)
    assert event["status"] == "CANCELLED" and event["sequence"] == 1


def test_a_make_up_visitor_is_told_of_a_cancellation_too(participant, liaison, coordinator):
    user, _ = participant
    session = participant_schedule(user).sessions[0]
    visitor = make_case(liaison, email="visitor@example.org")
    seat = enroll(visitor, make_cohort([make_module()]))
    db.session.add(MakeUpBooking(enrollment_id=seat.id, session_id=session.id))
    db.session.flush()
    cancel_session(session, by=coordinator)
    addresses = sorted(message.to_address for message in notices("cancellation"))
    assert addresses == ["p1@example.org", "visitor@example.org"]


def test_a_session_long_over_tells_nobody(participant, coordinator):
    session = participant_schedule(participant[0]).sessions[0]
    session.starts_at -= timedelta(days=30)
    session.ends_at -= timedelta(days=30)
    cancel_session(session, by=coordinator)
    assert notices("cancellation") == [] and session.sequence == 1
