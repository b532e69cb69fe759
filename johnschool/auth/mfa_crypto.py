"""Keys derived from SECRET_KEY: the TOTP secrets are encrypted, recovery codes keyed-hashed.

A database dump alone then gives away neither; changing SECRET_KEY means every
account enrols its authenticator again (flask users mfa-reset).
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


@cache
def _derive(secret_key: str, purpose: bytes) -> bytes:
    """A 32-byte key for purpose, derived from the application's secret key."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"johnschool " + purpose)
    return hkdf.derive(secret_key.encode())


def _key(purpose: bytes) -> bytes:
    """The key for purpose under the current application's secret key."""
    return _derive(current_app.config["SECRET_KEY"], purpose)


def encrypt_secret(secret: str) -> str:
    """Encrypt a TOTP secret for storage."""
    fernet = Fernet(base64.urlsafe_b64encode(_key(b"totp secret")))
    return fernet.encrypt(secret.encode()).decode()


def decrypt_secret(stored: str) -> str | None:
    """Decrypt a stored TOTP secret; None when another key encrypted it."""
    fernet = Fernet(base64.urlsafe_b64encode(_key(b"totp secret")))
    try:
        return fernet.decrypt(stored.encode()).decode()
    except InvalidToken:
        return None


def recovery_code_hash(code: str) -> str:
    """The keyed hash under which a recovery code is stored and looked up."""
    return hmac.new(_key(b"recovery code"), code.encode(), hashlib.sha256).hexdigest()
