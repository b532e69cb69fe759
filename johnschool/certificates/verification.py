"""Public verification: find a certificate by its code, show little, log every look-up.

An unknown code and a malformed one are answered alike, and the code never reaches the
audit log, so that codes cannot be probed or read back from the log.
"""

import re

from sqlalchemy import select

from ..audit.services import record
from ..clock import program_date
from ..extensions import db
from ..referrals.names import normalize_name
from .models import Certificate

CODE_FORMAT = re.compile(r"[A-Za-z0-9_-]{16,40}")


def find_by_code(code: str) -> Certificate | None:
    """The certificate a verification code belongs to, or None for any other code."""
    if not CODE_FORMAT.fullmatch(code or ""):
        return None
    return db.session.scalar(select(Certificate).where(Certificate.verification_code == code))


def initials(name: str) -> str:
    """Return the initials of a name: "Jean-François Tremblay" gives "J.-F. T."."""
    words = []
    for word in name.split():
        parts = [part for part in word.split("-") if part]
        letters = [next((char for char in part if char.isalpha()), "") for part in parts]
        words.append("-".join(f"{letter.upper()}." for letter in letters if letter))
    return " ".join(word for word in words if word)


def names_match(typed: str, holder_name: str) -> bool:
    """Tell whether a typed name is the holder's, ignoring case, accents and punctuation."""
    typed_key = normalize_name(typed or "")
    return bool(typed_key) and typed_key == normalize_name(holder_name)


def status_json(certificate: Certificate) -> dict:
    """What anyone may learn of a certificate: status, serial, issue date, initials."""
    return {
        "status": "revoked" if certificate.is_revoked else "valid",
        "serial": certificate.serial,
        "issued_on": program_date(certificate.issued_at).isoformat(),
        "initials": initials(certificate.holder_name),
    }


def record_lookup(certificate: Certificate | None, *, name_typed: bool = False, matched=False):
    """Log one verification look-up, without the code or any name."""
    if certificate is None:
        return record("certificate.verify", "certificate look-up: unknown code", outcome="failure")
    status = "revoked" if certificate.is_revoked else "valid"
    data = {"name_checked": name_typed, "name_matched": matched} if name_typed else {}
    return record(
        "certificate.verify",
        f"certificate look-up: {status}",
        object_type="certificate",
        object_id=certificate.id,
        data=data,
    )
