"""Reminders of the sessions of the next hours, once per participant, session and channel.

Each participant is reminded by the channels they chose (email by default): email,
text message, both or none.

The wording is discreet: a "session" on a date at a place, never its topic, the
program's nature or who gives it.
"""

from datetime import datetime, timedelta

from babel.dates import format_date, format_skeleton, format_time
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from ..attendance.models import MakeUpBooking
from ..audit.services import record
from ..clock import session_zone
from ..curriculum.models import Cohort, Session
from ..enrollment.models import Enrollment
from ..extensions import db
from ..referrals.models import Case, Client
from .models import ReminderPreference
from .services import queue_message
from .sms_text import DATE_LOCALES, reminder_sms

# Cases in these states attend nothing more: their individual sessions get no reminder.
CLOSED_STATES = ("completed", "failed", "withdrawn", "returned")


def queue_reminders(now: datetime, hours: int = 48) -> int:
    """Queue a reminder for each participant of each session starting in the next hours."""
    until = now + timedelta(hours=hours)
    queued = 0
    recipients = (
        _group_recipients(now, until)
        + _make_up_recipients(now, until)
        + _individual_recipients(now, until)
    )
    for session, case_id, client, preference in recipients:
        queued += _queue_reminders(session, case_id, client, preference)
    if queued:
        record(
            "message.reminders_queued",
            f"{queued} session reminder(s) queued",
            data={"count": queued, "hours": hours},
        )
    return queued


def _upcoming(now: datetime, until: datetime):
    """Conditions of a session that is on and starts after now, by until."""
    return (
        Session.is_cancelled.is_(False),
        Session.starts_at > now,
        Session.starts_at <= until,
        or_(
            and_(Client.email.is_not(None), Client.email != ""),
            ReminderPreference.sms_phone.is_not(None),
        ),
    )


def _with_preference(query):
    """query with each client's reminder choice (None when they never chose)."""
    return query.add_columns(ReminderPreference).outerjoin(
        ReminderPreference, ReminderPreference.client_id == Client.id
    )


def _group_recipients(now: datetime, until: datetime) -> list:
    """(session, case id, client, choice) for every seat held in a cohort meeting soon."""
    query = _with_preference(
        select(Session, Enrollment.case_id, Client)
        .join(Cohort, Cohort.id == Session.cohort_id)
        .join(Enrollment, Enrollment.cohort_id == Session.cohort_id)
        .join(Case, Case.id == Enrollment.case_id)
        .join(Client, Client.id == Case.client_id)
        .where(Session.kind == "group", Enrollment.status == "enrolled")
        .where(Cohort.status != "cancelled", *_upcoming(now, until))
        .order_by(Session.starts_at, Session.id, Enrollment.case_id)
    )
    return list(db.session.execute(query))


def _make_up_recipients(now: datetime, until: datetime) -> list:
    """(session, case id, client, choice) for every make-up booked in a session meeting soon."""
    query = _with_preference(
        select(Session, Enrollment.case_id, Client)
        .join(MakeUpBooking, MakeUpBooking.session_id == Session.id)
        .join(Enrollment, Enrollment.id == MakeUpBooking.enrollment_id)
        .join(Case, Case.id == Enrollment.case_id)
        .join(Client, Client.id == Case.client_id)
        .where(MakeUpBooking.cancelled_at.is_(None), Enrollment.status == "enrolled")
        .where(*_upcoming(now, until))
        .order_by(Session.starts_at, Session.id, Enrollment.case_id)
    )
    return list(db.session.execute(query))


def _individual_recipients(now: datetime, until: datetime) -> list:
    """(session, case id, client, choice) for every individual session of an open case soon."""
    query = _with_preference(
        select(Session, Session.case_id, Client)
        .join(Case, Case.id == Session.case_id)
        .join(Client, Client.id == Case.client_id)
        .where(Session.kind == "individual", Case.state.not_in(CLOSED_STATES))
        .where(*_upcoming(now, until))
        .order_by(Session.starts_at, Session.id)
    )
    return list(db.session.execute(query))


def reminder_key(channel: str, session: Session, case_id: int) -> str:
    """The key that queues one reminder per session, case and channel (again after a move)."""
    prefix = "reminder" if channel == "email" else f"reminder-{channel}"
    key = f"{prefix}:{session.id}:{case_id}"
    return f"{key}:{session.sequence}" if session.sequence else key


def _queue_reminders(session: Session, case_id: int, client: Client, preference) -> int:
    """Queue the reminders of one participant by their channels; return how many were new."""
    wants_email = preference is None or preference.wants_email
    queued = 0
    if wants_email and (client.email or "").strip():
        queued += _queue_email(session, case_id, client) is not None
    if preference is not None and preference.wants_sms:
        queued += (
            queue_message(
                kind="reminder",
                channel="sms",
                to_address=preference.sms_phone,
                language=client.language,
                subject="",
                body=reminder_sms(session, client.language),
                dedupe_key=reminder_key("sms", session, case_id),
                case_id=case_id,
                session_id=session.id,
            )
            is not None
        )
    return queued


def _queue_email(session: Session, case_id: int, client: Client):
    """Queue one reminder email, unless this participant was reminded of this session before."""
    subject, body = reminder_text(session, client.language)
    return queue_message(
        kind="reminder",
        to_address=client.email,
        language=client.language,
        subject=subject,
        body=body,
        dedupe_key=reminder_key("email", session, case_id),
        case_id=case_id,
        session_id=session.id,
    )


def reminder_text(session: Session, language: str) -> tuple[str, str]:
    """The subject and body of a session reminder, in language, on the session's site's clock."""
    zone, locale = session_zone(session), DATE_LOCALES.get(language, language)
    local, ends = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    with force_locale(language):
        subject = _(
            "Reminder: your appointment on %(day)s",
            day=format_skeleton("MMMMd", local.date(), locale=locale),
        )
        lines = [
            _("Hello,"),
            "",
            _(
                "This is a reminder of your session on %(date)s, from %(start)s to %(end)s.",
                date=format_date(local.date(), format="full", locale=locale),
                start=format_time(local, format="short", tzinfo=zone, locale=locale),
                end=format_time(ends, format="short", tzinfo=zone, locale=locale),
            ),
            _("Place: %(place)s", place=session.place),
            "",
            _(
                "Please arrive a few minutes early. If you cannot attend, "
                "tell your contact person as soon as possible."
            ),
            "",
            _("Training program"),
        ]
    return subject, "\n".join(lines) + "\n"
