"""What a participant is told when they get a seat: their sessions, an .ics, an invitation.

The enrollment services call notify_enrollment after a case is enrolled or promoted
from the waitlist. The email is written to the outbox in the caller's transaction, in
the client's language, and never says what the program is about: neutral subject,
"training session" for every session, a neutral attachment name.
"""

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from babel.dates import format_date, format_time
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..clock import session_local
from ..extensions import db
from ..messages.models import OutboxMessage
from ..messages.services import queue_message
from .calendar import calendar_filename, render_calendar
from .services import has_password, invite_participant, participant_user

log = logging.getLogger(__name__)


@dataclass
class EnrollmentNotice:
    """Whether the participant was written to, and a sentence the caller can show."""

    is_queued: bool
    message: str


def external_url(endpoint: str, **values) -> str:
    """An absolute URL for email: on PUBLIC_URL when set, else the request's or SERVER_NAME."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        parts = urlsplit(public)
        adapter = current_app.url_map.bind(
            parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
        )
        return adapter.build(endpoint, values, force_external=True)
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for(endpoint, _external=True, **values)
    if not current_app.extensions.get("johnschool.public_url_warned"):
        current_app.extensions["johnschool.public_url_warned"] = True
        log.warning("PUBLIC_URL is not set: links in email point to localhost")
    return current_app.url_map.bind("localhost").build(endpoint, values, force_external=True)


def session_line(session, language: str) -> str:
    """One session as a line of the email: day, times (its site's clock), place; never the topic."""
    starts = session_local(session.starts_at, session)
    ends = session_local(session.ends_at, session)
    day = format_date(starts.date(), format="full", locale=language)
    times = gettext(
        "%(start)s to %(end)s",
        start=format_time(starts.time(), format="short", locale=language),
        end=format_time(ends.time(), format="short", locale=language),
    )
    return f"- {day}, {times}: {session.place}"


def email_subject(enrollment, promoted: bool) -> str:
    """The neutral subject, in the current (forced) language."""
    if enrollment.status == "waitlisted":
        return gettext("Your registration")
    if promoted:
        return gettext("A place is available: your appointments")
    return gettext("Your training appointments")


def email_body(enrollment, sessions, link: str | None, language: str) -> str:
    """The plain-text body, in the current (forced) language."""
    client = enrollment.case.client
    lines = [gettext("Hello %(name)s,", name=client.given_name), ""]
    if enrollment.status == "waitlisted":
        lines.append(
            gettext(
                "You are on the waiting list of a training group. "
                "We will write when a place is available."
            )
        )
    else:
        lines.append(gettext("You have a place in a training group. Your sessions:"))
        lines += [""] + [session_line(session, language) for session in sessions]
        lines += ["", gettext("The attached calendar file adds these sessions to your calendar.")]
    if link:
        lines += [
            "",
            gettext(
                "To see your schedule online, choose a password with this link. "
                "It can be used once, within 7 days:"
            ),
            link,
        ]
    lines += ["", gettext("This message was sent automatically; please do not reply to it.")]
    return "\n".join(lines) + "\n"


def invitation_link(enrollment, by) -> str | None:
    """A fresh invitation link while the participant has not chosen a password, else None."""
    user = participant_user(enrollment.case.client, by=by)
    if user is None or has_password(user):
        return None
    secret = invite_participant(enrollment.case, by=by)
    return external_url("portal.welcome", secret=secret) if secret else None


def _is_queued(dedupe_key: str) -> bool:
    """Tell whether this very message was queued before (a second call sends nothing)."""
    found = select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    return db.session.scalar(found) is not None


def notify_enrollment(enrollment, *, promoted: bool = False, by=None) -> EnrollmentNotice:
    """Queue the participant's email (sessions, .ics, invitation); say what was done."""
    client = enrollment.case.client
    if not (client.email or "").strip():
        return EnrollmentNotice(
            False,
            _l("No email address on file: tell the participant of the sessions by other means."),
        )
    kind = "promotion" if promoted else "enrollment"
    dedupe_key = f"{kind}:{enrollment.id}:{enrollment.status}"
    if _is_queued(dedupe_key):
        return EnrollmentNotice(True, _l("The participant was already sent this email."))
    language = client.language if client.language in ("fr", "en") else "fr"
    sessions = [s for s in enrollment.cohort.sessions if not s.is_cancelled]
    link = invitation_link(enrollment, by)
    with force_locale(language):
        subject = email_subject(enrollment, promoted)
        body = email_body(enrollment, sessions, link, language)
    seated = enrollment.status != "waitlisted"
    queue_message(
        kind=kind,
        to_address=client.email.strip(),
        language=language,
        subject=subject,
        body=body,
        attachment_name=calendar_filename(language) if seated else None,
        attachment=render_calendar(sessions, language) if seated else None,
        dedupe_key=dedupe_key,
        case_id=enrollment.case_id,
    )
    return EnrollmentNotice(True, _l("The participant was sent an email with the sessions."))
