"""Check a referral sent to the API: every bad field named, nothing half-saved."""

import re
from datetime import date

from flask_babel import gettext as _

from .models import SOURCES

POSTAL_CODE = re.compile(r"^([A-Za-z]\d[A-Za-z])\s?(\d[A-Za-z]\d)$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_PRIORS = 50


class InvalidReferral(ValueError):
    """The body has invalid fields: {"client.birth_date": "why", ...}."""

    def __init__(self, fields):
        super().__init__(_("Some fields are invalid."))
        self.fields = fields


class _Checker:
    """Collects cleaned values and the problems of one body."""

    def __init__(self, today: date):
        self.today, self.problems = today, {}

    def text(self, data, key, path, *, required=True, limit=200):
        """A trimmed string, required or optional, at most limit characters."""
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems[path] = _("This field is required.")
            return None
        if not isinstance(value, str) or len(value.strip()) > limit:
            self.problems[path] = _("Expected text of at most %(limit)d characters.", limit=limit)
            return None
        return value.strip()

    def day(self, data, key, path, *, required=True):
        """A YYYY-MM-DD date not in the future."""
        value = self.text(data, key, path, required=required, limit=10)
        if value is None:
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.problems[path] = _("Expected a date as YYYY-MM-DD.")
            return None
        if parsed > self.today:
            self.problems[path] = _("The date cannot be in the future.")
            return None
        return parsed

    def choice(self, data, key, path, choices, default=None):
        """One of choices (or the default when absent)."""
        value = data.get(key, default)
        if value not in choices:
            self.problems[path] = _("Expected one of: %(choices)s.", choices=", ".join(choices))
            return None
        return value

    def flag(self, data, key, path):
        """A boolean, false when absent."""
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problems[path] = _("Expected true or false.")
            return False
        return value


def _section(body, key):
    """A JSON object inside the body, or an empty one."""
    value = body.get(key)
    return value if isinstance(value, dict) else {}


def _client(check: _Checker, data: dict) -> dict:
    """Clean the client part."""
    client = {
        "family_name": check.text(data, "family_name", "client.family_name", limit=120),
        "given_name": check.text(data, "given_name", "client.given_name", limit=120),
        "birth_date": check.day(data, "birth_date", "client.birth_date", required=False),
        "language": check.choice(data, "language", "client.language", ("fr", "en"), "fr"),
        "email": check.text(data, "email", "client.email", required=False, limit=254),
        "phone": check.text(data, "phone", "client.phone", required=False, limit=40),
        "postal_code": _postal_code(check, data),
    }
    if client["email"] and not EMAIL.match(client["email"]):
        check.problems["client.email"] = _("Expected an email address.")
    if client["birth_date"] and client["birth_date"].year < 1900:
        check.problems["client.birth_date"] = _("The birth date is not plausible.")
    return client


def _postal_code(check: _Checker, data: dict) -> str | None:
    """A Canadian postal code written A1A 1A1."""
    value = check.text(data, "postal_code", "client.postal_code", required=False, limit=7)
    if value is None:
        return None
    match = POSTAL_CODE.match(value)
    if not match:
        check.problems["client.postal_code"] = _("Expected a Canadian postal code (A1A 1A1).")
        return None
    return f"{match.group(1)} {match.group(2)}".upper()


def _referral(check: _Checker, data: dict) -> dict:
    """Clean the referral part."""
    return {
        "source": check.choice(data, "source", "referral.source", SOURCES),
        "offence_code": check.text(data, "offence_code", "referral.offence_code", limit=40),
        "offence_date": check.day(data, "offence_date", "referral.offence_date"),
        "court_file": check.text(data, "court_file", "referral.court_file", limit=60),
        "involves_minor": check.flag(data, "involves_minor", "referral.involves_minor"),
        "received_on": check.day(data, "received_on", "referral.received_on", required=False),
    }


def _priors(check: _Checker, value) -> list[dict]:
    """Clean the list of prior convictions."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_PRIORS:
        check.problems["prior_convictions"] = _(
            "Expected a list of at most %(count)d.", count=MAX_PRIORS
        )
        return []
    priors = []
    for index, item in enumerate(value):
        item = item if isinstance(item, dict) else {}
        path = f"prior_convictions.{index}"
        priors.append(
            {
                "offence_code": check.text(item, "offence_code", f"{path}.offence_code", limit=40),
                "conviction_date": check.day(
                    item, "conviction_date", f"{path}.conviction_date", required=False
                ),
                "jurisdiction": check.text(
                    item, "jurisdiction", f"{path}.jurisdiction", required=False, limit=100
                ),
                "note": check.text(item, "note", f"{path}.note", required=False, limit=500),
            }
        )
    return priors


def clean_referral(body, today: date) -> tuple[dict, dict, list[dict]]:
    """Return (client, referral, priors) cleaned, or raise InvalidReferral naming each field."""
    body = body if isinstance(body, dict) else {}
    check = _Checker(today)
    client = _client(check, _section(body, "client"))
    referral = _referral(check, _section(body, "referral"))
    priors = _priors(check, body.get("prior_convictions"))
    birth, offence = client["birth_date"], referral["offence_date"]
    if birth and offence and offence <= birth:
        check.problems["referral.offence_date"] = _("The offence date must follow the birth date.")
    if check.problems:
        raise InvalidReferral(check.problems)
    if referral["received_on"] is None:
        referral.pop("received_on")
    return client, referral, priors
