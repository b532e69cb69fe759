"""iCalendar (RFC 5545) text for a participant's sessions: neutral titles, times in UTC.

Entries never name the topic, the module or the professional: a calendar is often
seen by others (a shared phone, a family calendar).
"""

import hashlib
from datetime import UTC, datetime

from flask import current_app
from flask_babel import force_locale, gettext

from ..curriculum.models import Session
from ..database import utcnow

LINE_LIMIT = 75  # octets per line, CRLF excluded (RFC 5545, 3.1)
CRLF = "\r\n"


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, never inside a character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > LINE_LIMIT:
            parts.append(current)
            current, size = " ", 1  # a continuation line starts with one space
        current += char
        size += width
    parts.append(current)
    return CRLF.join(parts)


def utc_stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC form: 20261114T140000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


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


def event_lines(session: Session, language: str, stamp: datetime) -> list[str]:
    """The content lines of one session's VEVENT."""
    return [
        "BEGIN:VEVENT",
        f"UID:{session_uid(session)}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(session.starts_at)}",
        f"DTEND:{utc_stamp(session.ends_at)}",
        f"SUMMARY:{escape_text(neutral_title(language))}",
        f"LOCATION:{escape_text(session.place)}",
        "STATUS:" + ("CANCELLED" if session.is_cancelled else "CONFIRMED"),
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def render_calendar(sessions: list[Session], language: str, *, stamp=None) -> bytes:
    """Build an iCalendar object (METHOD:PUBLISH) of sessions, as UTF-8 bytes."""
    stamp = stamp or utcnow()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Program portal//Calendar 1.0//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name(language))}",
    ]
    for session in sessions:
        lines.extend(event_lines(session, language, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines).encode()


def calendar_filename(language: str) -> str:
    """A neutral file name for a calendar download or attachment."""
    return "rendez-vous.ics" if language == "fr" else "appointments.ics"
