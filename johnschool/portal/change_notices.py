"""What participants are told when a session moves or is cancelled.

The curriculum services call announce_session_change after a session's time or place
changed, and announce_session_cancelled when it is cancelled. The session's SEQUENCE
rises, its reminders not yet sent are cancelled (they would give the old time), and
every participant expected at it gets a neutral email with an updated .ics (same UID),
plus a text when they chose texts. All in the caller's transaction.
"""

from datetime import timedelta

from flask_babel import force_locale, gettext
from sqlalchemy import select

from ..attendance.models import MakeUpBooking
from ..audit.services import record
from ..database import utcnow
from ..enrollment.models import Enrollment
from ..extensions import db
from ..messages.models import ReminderPreference
from ..messages.reminders import CLOSED_STATES
from ..messages.services import cancel_pending_reminders, queue_message
from ..messages.sms_text import cancellation_sms, change_sms
from ..referrals.models import Case, Client
from .calendar import calendar_filename, render_calendar
from .notices import session_line


def _recipients(session) -> list:
    """(case id, client, reminder choice) of everyone expected at session."""
    query = (
        select(Case.id, Client, ReminderPreference)
        .join(Client, Client.id == Case.client_id)
        .outerjoin(ReminderPreference, ReminderPreference.client_id == Client.id)
        .order_by(Case.id)
    )
    if session.kind == "individual":
        query = query.where(Case.id == session.case_id, Case.state.not_in(CLOSED_STATES))
    else:
        seated = select(Enrollment.case_id).where(
            Enrollment.cohort_id == session.cohort_id, Enrollment.status == "enrolled"
        )
        visiting = (
            select(Enrollment.case_id)
            .join(MakeUpBooking, MakeUpBooking.enrollment_id == Enrollment.id)
            .where(MakeUpBooking.session_id == session.id, MakeUpBooking.cancelled_at.is_(None))
            .where(Enrollment.status == "enrolled")
        )
        query = query.where(Case.id.in_(seated.union(visiting)))
    return list(db.session.execute(query))


def _language(client: Client) -> str:
    """The client's language, French unless English."""
    return "en" if client.language == "en" else "fr"


def _email_text(session, client: Client, cancelled: bool) -> tuple[str, str]:
    """The subject and body of a change or cancellation notice, in the forced language."""
    language = _language(client)
    if cancelled:
        subject = gettext("Appointment cancelled")
        news = gettext("This session is cancelled:")
        calendar = gettext("The attached calendar file removes it from your calendar.")
    else:
        subject = gettext("Change to your appointment")
        news = gettext("The date, time or place of a session has changed. It is now:")
        calendar = gettext("The attached calendar file updates your calendar.")
    lines = [gettext("Hello %(name)s,", name=client.given_name), "", news, ""]
    lines += [session_line(session, language), "", calendar, ""]
    lines.append(gettext("This message was sent automatically; please do not reply to it."))
    return subject, "\n".join(lines) + "\n"


def _notify(session, case_id: int, client: Client, preference, cancelled: bool) -> int:
    """Queue one participant's email and text; return how many messages were queued."""
    kind, language = ("cancellation" if cancelled else "change"), _language(client)
    key = f"{session.id}:{session.sequence}:{case_id}"
    queued = 0
    if (client.email or "").strip():
        with force_locale(language):
            subject, body = _email_text(session, client, cancelled)
        queued += bool(
            queue_message(
                kind=kind,
                to_address=client.email.strip(),
                language=language,
                subject=subject,
                body=body,
                attachment_name=calendar_filename(language),
                attachment=render_calendar([session], language),
                dedupe_key=f"{kind}:{key}",
                case_id=case_id,
                session_id=session.id,
            )
        )
    if preference is not None and preference.wants_sms:
        text = cancellation_sms if cancelled else change_sms
        queued += bool(
            queue_message(
                kind=kind,
                channel="sms",
                to_address=preference.sms_phone,
                language=language,
                subject="",
                body=text(session, language),
                dedupe_key=f"{kind}-sms:{key}",
                case_id=case_id,
                session_id=session.id,
            )
        )
    return queued


def _announce(session, cancelled: bool, by) -> int:
    """Raise the SEQUENCE, cancel stale reminders and tell the participants of a future session."""
    session.sequence = (session.sequence or 0) + 1
    cancel_pending_reminders(session.id)
    db.session.flush()
    # A session long over concerns nobody any more; one under way still does.
    if session.ends_at + timedelta(hours=1) < utcnow():
        return 0
    queued = sum(_notify(session, *row, cancelled) for row in _recipients(session))
    if queued:
        what = "cancellation" if cancelled else "change"
        record(
            "message.session_notices_queued",
            f"{queued} session {what} notice(s) queued",
            object_type="session",
            object_id=session.id,
            data={"count": queued, "sequence": session.sequence},
            actor=by,
        )
    return queued


def announce_session_change(session, *, by=None) -> int:
    """Tell everyone expected at session its new time or place; return the messages queued."""
    return _announce(session, False, by)


def announce_session_cancelled(session, *, by=None) -> int:
    """Tell everyone expected at session that it is cancelled; return the messages queued."""
    return _announce(session, True, by)
