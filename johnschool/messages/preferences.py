"""The channels a participant is reminded by, and the stop and start of text messages.

A participant chooses for themselves on the portal; a liaison may choose for them only
with their consent, which is recorded. A STOP reply or the portal switch stops texts at
once (pending texts are cancelled); START, or the switch again, resumes them.
"""

import unicodedata

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.services import record
from ..database import utcnow
from ..extensions import db
from ..permissions import Role
from ..referrals.models import Client
from .models import REMINDER_CHANNELS, ReminderPreference
from .services import cancel_pending_texts
from .sms import InvalidPhone, normalize_phone

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET"}
START_WORDS = {"START", "UNSTOP", "YES"}


class PreferenceError(ValueError):
    """A choice of channels that cannot be recorded; fields maps an input to why."""

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.fields = dict(fields or {})


def reminder_preference(client_id: int) -> ReminderPreference | None:
    """The client's recorded choice, if any (none recorded means email)."""
    return db.session.scalar(
        select(ReminderPreference).where(ReminderPreference.client_id == client_id)
    )


def preference_or_default(client: Client) -> ReminderPreference:
    """The client's recorded choice, or the default (email), not added to the session."""
    found = reminder_preference(client.id)
    return found or ReminderPreference(client_id=client.id, channels="email")


def _checked_phone(channels: str, phone: str | None) -> str | None:
    """The number in E.164, or None; refuse a bad one, or none when texts are chosen."""
    if not (phone or "").strip():
        if channels in ("sms", "both"):
            raise PreferenceError(
                _l("Some fields are invalid."),
                {"phone": _l("Write a mobile number to receive text messages.")},
            )
        return None
    try:
        return normalize_phone(phone, current_app.config["SMS_DEFAULT_REGION"])
    except InvalidPhone:
        raise PreferenceError(
            _l("Some fields are invalid."),
            {"phone": _l("This is not a valid phone number, e.g. 514 555-0123.")},
        ) from None


def set_reminder_channels(
    client: Client, channels: str, phone: str | None, *, by, consent: bool = False
) -> ReminderPreference:
    """Record how the client is reminded; someone choosing for them needs their consent."""
    if channels not in REMINDER_CHANNELS:
        raise PreferenceError(_l("Some fields are invalid."), {"channels": _l("Choose one.")})
    for_themselves = by is not None and by.role == Role.PARTICIPANT
    if not for_themselves and not consent:
        raise PreferenceError(
            _l("Some fields are invalid."),
            {"consent": _l("Record the participant's consent to these reminders.")},
        )
    e164 = _checked_phone(channels, phone)
    preference = reminder_preference(client.id)
    if preference is None:
        preference = ReminderPreference(client_id=client.id)
        db.session.add(preference)
    old_phone = preference.sms_phone
    preference.channels, preference.sms_phone, preference.updated_at = channels, e164, utcnow()
    if channels in ("sms", "both"):
        preference.sms_stopped_at = None  # choosing texts again is a new consent
    if old_phone and (old_phone != e164 or not preference.wants_sms):
        cancel_pending_texts(old_phone)  # texts stop at once, as with STOP
    if not for_themselves:
        preference.consent_recorded_by_id, preference.consent_recorded_at = by.id, utcnow()
    db.session.flush()
    who = "the participant" if for_themselves else "staff, with the participant's consent"
    record(
        "reminders.channels_set",
        f"reminder channels set to {channels} by {who}",
        object_type="client",
        object_id=client.id,
        data={"channels": channels, "has_phone": e164 is not None},
        actor=by,
    )
    return preference


def stop_texts(preference: ReminderPreference, *, how: str, by=None) -> bool:
    """Stop text messages at once and cancel those waiting; tell whether anything changed."""
    if preference.sms_stopped_at is not None:
        return False
    preference.sms_stopped_at = utcnow()
    cancelled = cancel_pending_texts(preference.sms_phone) if preference.sms_phone else 0
    db.session.flush()
    record(
        "reminders.texts_stopped",
        f"text messages stopped by {how}",
        object_type="client",
        object_id=preference.client_id,
        data={"how": how, "cancelled": cancelled},
        actor=by,
    )
    return True


def resume_texts(preference: ReminderPreference, *, how: str, by=None) -> bool:
    """Let text messages go out again; tell whether anything changed."""
    if preference.sms_stopped_at is None:
        return False
    preference.sms_stopped_at = None
    db.session.flush()
    record(
        "reminders.texts_resumed",
        f"text messages resumed by {how}",
        object_type="client",
        object_id=preference.client_id,
        data={"how": how},
        actor=by,
    )
    return True


def keyword(body: str) -> str:
    """The first word of a reply, in capitals, without accents: "Arrêt." gives ARRET."""
    words = (body or "").strip().split()
    first = words[0] if words else ""
    plain = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode()
    return "".join(char for char in plain if char.isalnum()).upper()


def handle_reply(from_number: str, body: str) -> int:
    """Apply a STOP or START reply to every participant with this number; return how many."""
    word = keyword(body)
    if word not in STOP_WORDS | START_WORDS:
        return 0
    try:
        phone = normalize_phone(from_number, current_app.config["SMS_DEFAULT_REGION"])
    except InvalidPhone:
        return 0
    preferences = db.session.scalars(
        select(ReminderPreference).where(ReminderPreference.sms_phone == phone)
    ).all()
    change = stop_texts if word in STOP_WORDS else resume_texts
    changed = sum(change(preference, how="reply") for preference in preferences)
    if word in STOP_WORDS:
        cancel_pending_texts(phone)
    return changed
