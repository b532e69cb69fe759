"""Two-step sign-in: TOTP enrolment and checks (RFC 6238), recovery codes, reset."""

import hmac
import secrets
import time

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, select

from ..audit.services import record
from ..database import utcnow
from ..extensions import db
from .mfa_crypto import decrypt_secret, encrypt_secret, recovery_code_hash
from .mfa_models import Passkey, RecoveryCode
from .models import User
from .services import end_all_sessions

TOTP_INTERVAL = 30  # seconds per time step
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_GROUPS, RECOVERY_GROUP_LENGTH = 3, 4


def current_step(now: float | None = None) -> int:
    """The TOTP time step at now (seconds since the epoch)."""
    return int((time.time() if now is None else now) // TOTP_INTERVAL)


def totp_secret(user: User) -> str | None:
    """The clear TOTP secret of user, enrolled or being enrolled."""
    return decrypt_secret(user.totp_secret) if user.totp_secret else None


def pending_secret(user: User, *, fresh: bool = False) -> str:
    """The secret being enrolled for a user without a factor: the one shown, or a new one."""
    secret = None if fresh else totp_secret(user)
    if secret is None:
        secret = pyotp.random_base32()
        user.totp_secret = encrypt_secret(secret)
        db.session.flush()
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address authenticator apps read, under the neutral issuer name."""
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL)
    return totp.provisioning_uri(name=user.email, issuer_name=current_app.config["MFA_ISSUER"])


def qr_code_data_uri(uri: str) -> str:
    """The address as a QR code, an SVG data: URI for an <img> (the CSP allows data: images)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def check_totp(user: User, code: str, now: float | None = None) -> bool:
    """Accept a code of the previous, current or next step, once: later codes only."""
    secret = totp_secret(user)
    code = "".join(code.split())
    if secret is None or not code.isdigit():
        return False
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL)
    last = user.totp_last_step if user.totp_last_step is not None else -1
    step = current_step(now)
    for candidate in (step - 1, step, step + 1):
        if candidate > last and hmac.compare_digest(totp.generate_otp(candidate), code):
            user.totp_last_step = candidate
            return True
    return False


def confirm_enrolment(user: User, code: str, *, method: str = "page") -> list[str] | None:
    """Put the pending secret in effect when code is valid; return new recovery codes."""
    if user.has_second_factor or not check_totp(user, code):
        return None
    user.mfa_enrolled_at = utcnow()
    record(
        "auth.mfa_enrolled",
        "second factor enrolled: authenticator app",
        object_type="user",
        object_id=user.id,
        actor=user,
        data={"method": method},
    )
    return replace_recovery_codes(user)


def enrol_without_confirmation(user: User) -> str:
    """Enrol a new secret at once (command line) and return its otpauth:// address."""
    secret = pending_secret(user, fresh=True)
    user.mfa_enrolled_at = utcnow()
    user.totp_last_step = None
    record(
        "auth.mfa_enrolled",
        "second factor enrolled from the command line",
        object_type="user",
        object_id=user.id,
        data={"method": "cli"},
    )
    return provisioning_uri(user, secret)


def new_recovery_code() -> str:
    """A random recovery code such as 'k7pq-2mzx-9hwe' (about 59 bits)."""
    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_LENGTH))
        for _ in range(RECOVERY_GROUPS)
    )
    return "-".join(groups)


def normalize_recovery_code(code: str) -> str:
    """Compare recovery codes without case, spaces or hyphens."""
    return "".join(ch for ch in code.lower() if ch in RECOVERY_ALPHABET)


def replace_recovery_codes(user: User) -> list[str]:
    """Create ten new recovery codes for user; the old ones stop working."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        digest = recovery_code_hash(normalize_recovery_code(code))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=digest))
    db.session.flush()
    record(
        "auth.recovery_codes_created",
        "recovery codes created; earlier ones invalidated",
        object_type="user",
        object_id=user.id,
    )
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Accept an unused recovery code of user, once."""
    digest = recovery_code_hash(normalize_recovery_code(code))
    row = db.session.scalar(
        select(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == digest)
        .with_for_update()
    )
    if row is None or row.used_at is not None:
        return False
    row.used_at = utcnow()
    return True


def unused_recovery_codes(user: User) -> int:
    """How many recovery codes user has left."""
    query = select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return len(db.session.scalars(query).all())


def check_second_factor(user: User, code: str) -> str | None:
    """Check a code typed at sign-in: 'totp' or 'recovery_code' when accepted, else None."""
    typed = "".join(code.split())
    if typed.isdigit() and len(typed) == 6:
        return "totp" if user.has_second_factor and check_totp(user, code) else None
    if user.has_second_factor and use_recovery_code(user, code):
        return "recovery_code"
    return None


def is_required(user: User) -> bool:
    """Tell whether the user's role must sign in with a second factor."""
    return user.role in current_app.config["MFA_REQUIRED_ROLES"]


def remove_second_factors(user: User) -> None:
    """Forget the secret, the recovery codes and the passkeys of user."""
    user.totp_secret = None
    user.totp_last_step = None
    user.mfa_enrolled_at = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(Passkey).where(Passkey.user_id == user.id))


def turn_off_second_factor(user: User) -> None:
    """Remove every second factor of user at their own request; audited."""
    remove_second_factors(user)
    record(
        "auth.mfa_removed",
        "second factor turned off by its owner",
        object_type="user",
        object_id=user.id,
        actor=user,
    )


def reset_second_factor(user: User, *, reason: str = "reset by an administrator") -> None:
    """Remove every second factor of user and end their sessions; they enrol again."""
    remove_second_factors(user)
    end_all_sessions(user, reason="second factor reset")
    record(
        "auth.mfa_reset",
        f"second factor removed: {reason}",
        object_type="user",
        object_id=user.id,
    )
