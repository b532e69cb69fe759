"""The calendar: RFC 5545 text with neutral entries, and the revocable private feed."""

import re
from datetime import timedelta

import icalendar
import pytest
import recurring_ical_events

from johnschool.extensions import db
from johnschool.portal.calendar import render_calendar
from johnschool.portal.queries import participant_schedule
from johnschool.portal.services import create_calendar_feed

from ..factories import make_user
from .builders import make_module, make_participant, make_professional


@pytest.fixture
def liaison(app):
    return make_user("liaison")


@pytest.fixture
def participant(liaison):
    """A participant with a seat in a cohort of two sessions; returns (user, case)."""
    modules = [make_module(title_fr="Exploitation sexuelle"), make_module()]
    return make_participant(
        liaison,
        email="p1@example.org",
        modules=modules,
        professional=make_professional("Dr Alice Martin"),
    )


def unfold(text):
    """Undo line folding (RFC 5545, 3.1)."""
    return text.replace("\r\n ", "")


def test_long_lines_fold_at_75_octets_without_splitting_a_character(participant):
    session = participant_schedule(participant[0]).sessions[0]
    session.place = "Salle Éloïse-Côté, 1234 boul. Saint-Jean-Baptiste, " * 4
    text = render_calendar([session], "fr")
    for part in text.split(b"\r\n"):
        assert len(part) <= 75
        part.decode()  # every part is whole UTF-8
    assert "Salle Éloïse-Côté\\, 1234 boul." in unfold(text.decode())


def test_text_values_are_escaped(participant):
    session = participant_schedule(participant[0]).sessions[0]
    session.place = "a,b;c\\d\ne"
    assert "LOCATION:a\\,b\\;c\\\\d\\ne\r\n" in render_calendar([session], "fr").decode()


def test_calendar_uses_crlf_zoned_times_and_neutral_titles(participant):
    schedule = participant_schedule(participant[0])
    text = render_calendar(schedule.sessions, "en").decode()
    assert "\n" not in text.replace("\r\n", "")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "METHOD:PUBLISH" in text and "VERSION:2.0" in text
    assert text.count("SUMMARY:Training session\r\n") == 2
    # Times are in the program's zone, which the calendar describes in a VTIMEZONE.
    assert re.findall(r"DTSTART;TZID=America/Toronto:\d{8}T\d{6}\r\n", text)
    assert re.findall(r"DTSTAMP:\d{8}T\d{6}Z", text)
    assert text.count("BEGIN:VTIMEZONE") == 1 and "TZID:America/Toronto" in text
    assert "LOCATION:Salle 3\\, 1 rue Principale" in unfold(text)
    assert "sexuel" not in text.lower() and "Alice" not in text


def test_a_session_keeps_its_uid_from_one_calendar_to_the_next(participant):
    sessions = participant_schedule(participant[0]).sessions
    uids = [re.findall(r"UID:(\S+)", render_calendar(sessions, "fr").decode()) for _ in range(2)]
    assert uids[0] == uids[1] and len(set(uids[0])) == 2


def test_the_feed_page_shows_the_address_once_and_it_serves_the_sessions(
    participant, client, sign_in
):
    sign_in(participant[0])
    page = client.post("/my/calendar/new").get_data(as_text=True)
    url = re.search(r'value="(http://localhost/calendar/[^"]+\.ics)"', page).group(1)
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert secret not in client.get("/my/calendar").get_data(as_text=True)
    client.post("/logout")
    feed = client.get(url.removeprefix("http://localhost"))
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert feed.headers["Cache-Control"] == "no-store"
    assert feed.headers["Content-Disposition"] == 'attachment; filename="rendez-vous.ics"'
    assert feed.get_data(as_text=True).count("BEGIN:VEVENT") == 2


def test_a_second_create_asks_to_confirm_a_reset(participant, client, sign_in):
    sign_in(participant[0])
    client.post("/my/calendar/new")
    response = client.post("/my/calendar/new")
    assert response.status_code == 302 and response.location == "/my/calendar/reset"


def test_resetting_the_feed_kills_the_old_address(participant, client, sign_in):
    user, _ = participant
    old = create_calendar_feed(user)
    db.session.commit()
    sign_in(user)
    assert client.post("/my/calendar/reset", data={}).status_code == 200  # not confirmed
    assert client.get(f"/calendar/{old}.ics").status_code == 200
    page = client.post("/my/calendar/reset", data={"confirm": "y"}).get_data(as_text=True)
    new = re.search(r"/calendar/([^\"]+)\.ics", page).group(1)
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_revoking_the_feed_needs_confirmation_then_answers_404(participant, client, sign_in):
    user, _ = participant
    secret = create_calendar_feed(user)
    db.session.commit()
    sign_in(user)
    client.post("/my/calendar/revoke", data={})
    assert client.get(f"/calendar/{secret}.ics").status_code == 200
    assert client.post("/my/calendar/revoke", data={"confirm": "y"}).status_code == 302
    assert client.get(f"/calendar/{secret}.ics").status_code == 404


def test_an_unknown_feed_address_answers_404(client, app):
    assert client.get("/calendar/made-up.ics").status_code == 404


def test_a_deactivated_participants_feed_stops(participant, client):
    user, _ = participant
    secret = create_calendar_feed(user)
    user.is_active = False
    db.session.commit()
    assert client.get(f"/calendar/{secret}.ics").status_code == 404


def test_the_feed_parses_with_icalendar_at_the_sessions_times(participant, client):
    user, _ = participant
    secret = create_calendar_feed(user)
    db.session.commit()
    body = client.get(f"/calendar/{secret}.ics").get_data()
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    sessions = participant_schedule(user).sessions
    assert [event.decoded("dtstart") for event in events] == [s.starts_at for s in sessions]
    assert events[0].decoded("dtstart").tzinfo.key == "America/Toronto"
    assert {str(event["summary"]) for event in events} == {"Séance de formation"}


def test_the_feed_expands_with_recurring_ical_events(participant, client):
    user, _ = participant
    secret = create_calendar_feed(user)
    db.session.commit()
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{secret}.ics").get_data())
    first = participant_schedule(user).sessions[0].starts_at
    found = recurring_ical_events.of(calendar).between(
        first - timedelta(days=1), first + timedelta(days=1)
    )
    assert sorted(event.decoded("dtstart") for event in found)[0] == first
    assert len(found) == 2


def test_a_cancelled_session_stays_in_the_feed_as_cancelled_with_a_higher_sequence(participant):
    user, _ = participant
    session = participant_schedule(user).sessions[0]
    uid_before = icalendar.Calendar.from_ical(render_calendar([session], "fr")).walk("VEVENT")[0][
        "uid"
    ]
    session.is_cancelled, session.sequence = True, 1
    event = icalendar.Calendar.from_ical(render_calendar([session], "fr")).walk("VEVENT")[0]
    assert event["status"] == "CANCELLED" and event["sequence"] == 1
    assert event["uid"] == uid_before
