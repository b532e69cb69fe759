"""Builders for test data, going through the same services as the app."""

import itertools

from johnschool.auth.services import create_user
from johnschool.auth.tokens import create_api_token
from johnschool.extensions import db
from johnschool.sites.services import create_site, find_site

PASSWORD = "correct horse battery staple 42"
_numbers = itertools.count(1)


FIRST_SITE = "MTL"


def make_site(code="QC", name=None):
    """Create and commit a site (the first one, FIRST_SITE, exists in every test)."""
    site = find_site(code) or create_site(code, name or f"Site {code}")
    db.session.commit()
    return site


def make_user(role="admin", *, email=None, name=None, password=PASSWORD, language="fr", site=None):
    """Create and commit an account with a usable password.

    site: the Site, or its code; liaisons and staff default to the only site.
    """
    number = next(_numbers)
    if isinstance(site, str):
        site = find_site(site)
    user = create_user(
        email or f"{role}{number}@example.org",
        name or f"{role.title()} {number}",
        role,
        password,
        language=language,
        site=site,
    )
    db.session.commit()
    return user


def make_token(user, name="test"):
    """Create and commit an API token; return its clear text."""
    _, secret = create_api_token(user, name)
    db.session.commit()
    return secret
