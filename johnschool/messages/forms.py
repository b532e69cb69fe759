"""Forms of the reminder choices: the participant's own, and the liaison's for them."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, Length

from ..i18n import N_, TranslatedLabels
from .models import REMINDER_CHANNELS

CHANNEL_LABELS = TranslatedLabels(
    {
        "email": N_("By email"),
        "sms": N_("By text message"),
        "both": N_("By email and text message"),
        "none": N_("No reminders"),
    }
)


def strip(value):
    """Drop the spaces around a typed value."""
    return value.strip() if isinstance(value, str) else value


def show_errors(form, fields: dict) -> None:
    """Put a service's refusals next to the inputs they name (on the form when unknown)."""
    for name, message in fields.items():
        target = form[name] if name in form else None
        (target.errors if target is not None else form.form_errors).append(str(message))


class ReminderChannelsForm(FlaskForm):
    """How to be reminded of sessions, and the mobile number for texts."""

    channels = RadioField(_l("Reminders of sessions"), validators=[InputRequired()])
    phone = StringField(
        _l("Mobile number"),
        filters=[strip],
        validators=[Length(max=40)],
        description=_l("Needed for text messages. A Canadian number needs no country code."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.channels.choices = [
            SelectChoice(name, CHANNEL_LABELS.lazy(name)) for name in REMINDER_CHANNELS
        ]


class ConsentedChannelsForm(ReminderChannelsForm):
    """The liaison's choice for a participant, which needs the participant's consent."""

    consent = BooleanField(_l("The participant agreed to be reminded this way"))
