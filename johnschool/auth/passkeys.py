"""Passkeys (WebAuthn) as a second factor: registration and sign-in ceremonies."""

import json
from urllib.parse import urlsplit

from flask import current_app, request, session
from sqlalchemy import select
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url, parse_authentication_credential_json
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from ..audit.services import record
from ..database import utcnow
from ..extensions import db
from .mfa_models import Passkey
from .models import User

CHALLENGE_KEY = "webauthn_challenge"


class PasskeyError(ValueError):
    """A passkey ceremony that failed; the browser is told only that it failed."""


def relying_party() -> tuple[str, str]:
    """The site's WebAuthn identifier (its domain) and origin."""
    config = current_app.config
    public = urlsplit(config["PUBLIC_URL"] or request.host_url)
    origin = config["WEBAUTHN_ORIGIN"] or f"{public.scheme}://{public.netloc}"
    return config["WEBAUTHN_RP_ID"] or public.hostname, origin


def user_passkeys(user: User) -> list[Passkey]:
    """The passkeys of user, oldest first."""
    query = select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)
    return list(db.session.scalars(query))


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    """The user's credentials as WebAuthn descriptors."""
    return [PublicKeyCredentialDescriptor(id=key.credential_id) for key in user_passkeys(user)]


def registration_options(user: User) -> str:
    """Begin registering a passkey: options as JSON, the challenge kept in the session."""
    rp_id, _origin = relying_party()
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=current_app.config["MFA_ISSUER"],
        user_id=str(user.id).encode(),
        user_name=user.email,
        user_display_name=user.name,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    session[CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def _take_challenge() -> bytes:
    """The challenge of the ceremony under way, usable once."""
    challenge = session.pop(CHALLENGE_KEY, None)
    if not challenge:
        raise PasskeyError("no ceremony under way")
    return base64url_to_bytes(challenge)


def register_passkey(user: User, credential: dict, name: str) -> Passkey:
    """Check the browser's answer to the registration options and keep the passkey."""
    rp_id, origin = relying_party()
    try:
        verified = verify_registration_response(
            credential=json.dumps(credential),
            expected_challenge=_take_challenge(),
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (WebAuthnException, TypeError, ValueError) as error:
        raise PasskeyError("registration refused") from error
    passkey = Passkey(
        user_id=user.id,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=(name or "").strip()[:100] or "Passkey",
    )
    db.session.add(passkey)
    db.session.flush()
    record(
        "auth.mfa_enrolled",
        "second factor enrolled: passkey",
        object_type="user",
        object_id=user.id,
        data={"method": "passkey", "passkey_id": passkey.id},
    )
    return passkey


def authentication_options(user: User) -> str:
    """Begin signing in with one of user's passkeys: options as JSON."""
    rp_id, _origin = relying_party()
    options = generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    session[CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def check_passkey(user: User, credential: dict) -> bool:
    """Check the browser's signature with one of user's passkeys; note its use."""
    rp_id, origin = relying_party()
    try:
        challenge = _take_challenge()
        raw_id = parse_authentication_credential_json(json.dumps(credential)).raw_id
    except (PasskeyError, WebAuthnException, TypeError, ValueError):
        return False
    passkey = db.session.scalar(
        select(Passkey).where(Passkey.user_id == user.id, Passkey.credential_id == raw_id)
    )
    if passkey is None:
        return False
    try:
        verified = verify_authentication_response(
            credential=json.dumps(credential),
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
        )
    except WebAuthnException:
        return False
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    return True


def remove_passkey(passkey: Passkey) -> None:
    """Forget a passkey."""
    record(
        "auth.passkey_removed",
        "passkey removed",
        object_type="user",
        object_id=passkey.user_id,
        data={"passkey_id": passkey.id},
    )
    db.session.delete(passkey)
    db.session.flush()
