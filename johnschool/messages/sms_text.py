"""The words of text messages: short, neutral, in the participant's language.

A text is often read by someone else first (on a lock screen, a shared phone): it
says "appointment", a day, a time and a place, never what the appointment is about.
"""

from babel.dates import format_skeleton, format_time
from flask_babel import force_locale
from flask_babel import gettext as _

from ..clock import session_zone

# Dates and times are written the Quebec way: "09 h 00", "9:00 a.m.".
DATE_LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def when(session, language: str) -> str:
    """A session's day and starting time on its site's clock: "jeudi 3 décembre, 09 h 00"."""
    zone, locale = session_zone(session), DATE_LOCALES.get(language, "fr_CA")
    local = session.starts_at.astimezone(zone)
    day = format_skeleton("MMMMEEEEd", local.date(), locale=locale)
    return f"{day}, {format_time(local, format='short', tzinfo=zone, locale=locale)}"


def _with_stop(text: str) -> str:
    """Add how to stop texts, as every text must say."""
    stop = _("Reply STOP to stop these texts.")
    return f"{text} {stop}"


def reminder_sms(session, language: str) -> str:
    """The text reminding of a session."""
    with force_locale(language):
        text = _(
            "Reminder: appointment on %(when)s, %(place)s.",
            when=when(session, language),
            place=session.place,
        )
        return _with_stop(text)


def change_sms(session, language: str) -> str:
    """The text telling that a session moved: its new day, time and place."""
    with force_locale(language):
        text = _(
            "Your appointment has changed: it is now on %(when)s, %(place)s.",
            when=when(session, language),
            place=session.place,
        )
        return _with_stop(text)


def cancellation_sms(session, language: str) -> str:
    """The text telling that a session is cancelled."""
    with force_locale(language):
        text = _("Your appointment on %(when)s is cancelled.", when=when(session, language))
        return _with_stop(text)
