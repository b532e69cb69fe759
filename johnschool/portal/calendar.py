"""iCalendar (RFC 5545) of a participant's sessions, built with the icalendar package.

Entries never name the topic, the module or the professional: a calendar is often
seen by others (a shared phone, a family calendar). Each session's times are on its
site's clock, with that zone's TZID and VTIMEZONE; each session keeps one UID across
feeds and emails, and its SEQUENCE rises each time it moves or is cancelled, so
calendars update it.
"""

import hashlib
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, gettext
from icalendar import Calendar, Event, Timezone

from ..clock import program_zone, session_zone
from ..curriculum.models import Session
from ..database import utcnow

PRODID = "-//Program portal//Calendar 1.0//EN"


def session_uid(session: Session) -> str:
    """A UID that stays the same for a session across feeds and emails, and says nothing."""
    key = current_app.config["SECRET_KEY"] or ""
    token = hashlib.sha256(f"{key}:session:{session.id}".encode()).hexdigest()[:24]
    return f"{token}@calendar"


def neutral_title(language: str) -> str:
    """The title every entry gets, in language."""
    with force_locale(language):
        return gettext("Training session")


def calendar_name(language: str) -> str:
    """The calendar's own name, in language."""
    with force_locale(language):
        return gettext("Training program")


def session_event(session: Session, language: str, stamp) -> Event:
    """The VEVENT of one session, on its site's clock."""
    zone = session_zone(session)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("sequence", session.sequence or 0)
    event.add("summary", neutral_title(language))
    event.add("location", session.place)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def zones_of(sessions: list[Session]) -> dict[ZoneInfo, list[Session]]:
    """The sessions by time zone, the zone of the first session first; the program's if none."""
    zones = {}
    for session in sessions:
        zones.setdefault(session_zone(session), []).append(session)
    return zones or {program_zone(): []}


def vtimezone(zone: ZoneInfo, sessions: list[Session]) -> Timezone:
    """The VTIMEZONE of zone, with the transitions around its sessions."""
    days = [s.starts_at.astimezone(zone).date() for s in sessions] or [utcnow().date()]
    first, last = min(days) - timedelta(days=366), max(days) + timedelta(days=366)
    return Timezone.from_tzinfo(zone, first_date=first, last_date=last)


def render_calendar(sessions: list[Session], language: str, *, stamp=None) -> bytes:
    """Build an iCalendar object (METHOD:PUBLISH) of sessions, as UTF-8 bytes."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name(language))
    zones = zones_of(sessions)
    calendar.add("x-wr-timezone", next(iter(zones)).key)
    for zone, its_sessions in zones.items():
        calendar.add_component(vtimezone(zone, its_sessions))
    for session in sessions:
        calendar.add_component(session_event(session, language, stamp or utcnow()))
    return calendar.to_ical()


def calendar_filename(language: str) -> str:
    """A neutral file name for a calendar download or attachment."""
    return "rendez-vous.ics" if language == "fr" else "appointments.ics"
