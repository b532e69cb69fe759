"""Text messages: numbers in E.164, the hours they may be sent, and the providers.

A provider sends one text and raises on failure: the file provider writes it under
instance/outbox/ (development and tests), the Twilio provider calls Twilio's API
through its official package. SMS_PROVIDER chooses.
"""

import os
import secrets
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client as TwilioClient

from ..clock import program_zone

# Texts go out between 8:00 and 20:00 on the recipient's clock (their site's), never at night.
SENDING_STARTS, SENDING_ENDS = time(8, 0), time(20, 0)
TWILIO_SETTINGS = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM")


class InvalidPhone(ValueError):
    """A phone number that cannot be read or cannot exist."""


def normalize_phone(text: str, region: str = "CA") -> str:
    """The number in E.164 form (+15145550123); raise InvalidPhone for a bad one."""
    try:
        number = phonenumbers.parse((text or "").strip(), region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(text) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_sending_hour(moment: datetime, zone: ZoneInfo | None = None) -> bool:
    """Tell whether a text may be sent at moment (8:00 to 20:00 in zone, the program's if none)."""
    local = moment.astimezone(zone or program_zone()).time()
    return SENDING_STARTS <= local < SENDING_ENDS


def next_sending_moment(moment: datetime, zone: ZoneInfo | None = None) -> datetime:
    """moment itself during sending hours, else the next 8:00 in zone (the program's), in UTC."""
    zone = zone or program_zone()
    if is_sending_hour(moment, zone):
        return moment
    local = moment.astimezone(zone)
    day = local.date() if local.time() < SENDING_STARTS else local.date() + timedelta(days=1)
    return datetime.combine(day, SENDING_STARTS, tzinfo=zone).astimezone(UTC)


class FileSmsProvider:
    """Write each text to instance/outbox/<id>-<random>.sms.txt (development, tests)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, to: str, body: str, message_id: int) -> None:
        """Write the text to a file of its own, readable by its owner only."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{message_id}-{secrets.token_hex(4)}.sms.txt"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(f"To: {to}\n\n{body}")


class TwilioSmsProvider:
    """Send through Twilio's Messages API."""

    def __init__(self, account_sid: str, auth_token: str, sender: str, *, http_client=None):
        self.sender = sender
        self.client = TwilioClient(
            account_sid, auth_token, http_client=http_client or TwilioHttpClient(timeout=10)
        )

    def send(self, to: str, body: str, message_id: int) -> None:
        """Hand the text to Twilio, or raise TwilioException or OSError."""
        self.client.messages.create(to=to, from_=self.sender, body=body)


class SmsConfigurationError(RuntimeError):
    """SMS_PROVIDER names Twilio but a setting it needs is missing, or names no provider."""


def check_sms_settings(config) -> None:
    """Refuse a configuration with which no text could be sent."""
    provider = config.get("SMS_PROVIDER", "file")
    if provider not in ("file", "twilio"):
        raise SmsConfigurationError(f"SMS_PROVIDER must be 'file' or 'twilio', not {provider!r}")
    missing = [name for name in TWILIO_SETTINGS if provider == "twilio" and not config.get(name)]
    if missing:
        raise SmsConfigurationError(
            "SMS_PROVIDER is 'twilio' but these are unset: " + ", ".join(missing)
        )


def sms_provider_for(app):
    """The provider SMS_PROVIDER names: Twilio, or files in the instance folder."""
    check_sms_settings(app.config)
    if app.config["SMS_PROVIDER"] == "twilio":
        return TwilioSmsProvider(*(app.config[name] for name in TWILIO_SETTINGS))
    return FileSmsProvider(Path(app.instance_path) / "outbox")


def describe_sms_error(error: Exception) -> str | None:
    """Name a provider's error by HTTP status and Twilio code: never the number or the text."""
    if isinstance(error, TwilioRestException):
        return f"Twilio {error.status}/{error.code or '-'} ({type(error).__name__})"
    return None


def is_permanent_sms_error(error: Exception) -> bool:
    """Tell whether Twilio refused this one message for good (a bad or unsubscribed number)."""
    return isinstance(error, TwilioRestException) and (
        400 <= error.status < 500 and error.status not in (401, 403, 429)
    )


def is_provider_unusable(error: Exception) -> bool:
    """Tell whether the error concerns the provider (down, refused credentials), not one text."""
    if isinstance(error, TwilioRestException):
        return error.status in (401, 403) or error.status >= 500
    return isinstance(error, TwilioException | SmsConfigurationError)
