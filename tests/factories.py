"""Builders for test data, going through the same services as the app."""

import itertools

from johnschool.auth.services import create_user
from johnschool.auth.tokens import create_api_token
from johnschool.extensions import db

PASSWORD = "correct horse battery staple 42"
_numbers = itertools.count(1)


def make_user(role="admin", *, email=None, name=None, password=PASSWORD, language="fr"):
    """Create and commit an account with a usable password."""
    number = next(_numbers)
    user = create_user(
        email or f"{role}{number}@example.org",
        name or f"{role.title()} {number}",
        role,
        password,
        language=language,
    )
    db.session.commit()
    return user


def make_token(user, name="test"):
    """Create and commit an API token; return its clear text."""
    _, secret = create_api_token(user, name)
    db.session.commit()
    return secret
