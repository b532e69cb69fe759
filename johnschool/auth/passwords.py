"""Password hashing (argon2id) and the password policy."""

import gzip
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_DUMMY_HASH = _hasher.hash("a password nobody has, used to even out timings")


def use_hasher(hasher: PasswordHasher) -> None:
    """Replace the hasher (tests use cheaper argon2id parameters to run fast)."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("a password nobody has, used to even out timings")


FORBIDDEN_WORDS = ("johnschool", "password", "motdepasse")
KEYBOARD_RUNS = (
    "qwertyuiopasdfghjklzxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1234567890" * 3,
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "abcdefghijklmnopqrstuvwxyz",
)


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against its hash; an account without a hash never matches."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Tell whether the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


@cache
def common_passwords() -> frozenset[str]:
    """Load the list of common passwords shipped with the app."""
    data = resources.files("johnschool").joinpath("data/common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode().split())


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """List why a password is refused: length, common passwords, obvious words.

    No composition rules: a long passphrase is what we want people to choose.
    """
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    problems = []
    if len(password) < minimum:
        problems.append(_l("At least %(n)d characters.", n=minimum))
    lowered = password.lower()
    squeezed = "".join(lowered.split())
    if _is_common(lowered) or _is_common(squeezed):
        problems.append(_l("This password is too common."))
    elif len(set(squeezed)) <= 2 or _is_keyboard_run(squeezed):
        problems.append(_l("This password is too easy to guess."))
    elif any(word in squeezed for word in FORBIDDEN_WORDS):
        problems.append(_l("This password contains a word that is too easy to guess."))
    elif email and squeezed == email.lower():
        problems.append(_l("The password cannot be your email address."))
    elif name and squeezed == "".join(name.lower().split()):
        problems.append(_l("The password cannot be your name."))
    return problems


def _is_common(candidate: str) -> bool:
    """Tell whether candidate, or its core without digits and symbols around it, is common."""
    core = candidate.strip("0123456789!?.,;:-_*#@$%&+=/ ")
    return candidate in common_passwords() or (len(core) >= 6 and core in common_passwords())


def _is_keyboard_run(candidate: str) -> bool:
    """Tell whether candidate is a run of keys or characters, forwards or backwards."""
    return any(candidate in run or candidate[::-1] in run for run in KEYBOARD_RUNS)
