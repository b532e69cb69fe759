"""Which accounts an admin manages: every one, or those of their own site.

A site admin manages the accounts of their site only; the accounts of another
site, province-wide admins, researchers and participants are not found (404).
"""

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from ..permissions import Role
from ..sites.access import site_criterion, site_scope
from ..sites.models import Site
from ..sites.services import all_sites
from .models import User

SITELESS_ROLES = (Role.RESEARCHER, Role.PARTICIPANT)


def account_criterion(by=None):
    """A WHERE clause keeping the accounts that by manages."""
    return site_criterion(User.site_id, by)


def get_account_or_404(user_id: int, by=None) -> User:
    """Load an account that by manages, or answer 404."""
    account = db.session.get(User, user_id)
    scope = site_scope(by)
    if account is None or (scope is not None and account.site_id != scope):
        abort(404)
    return account


def account_site_choices(language: str, by=None) -> list[tuple[str, str]]:
    """The Site select of the account forms: the whole province (or none), then the sites.

    A site admin is offered their own site only.
    """
    scope = site_scope(by)
    if scope is not None:
        site = db.session.get(Site, scope)
        return [(str(site.id), site.name(language))]
    province = ("", _l("Whole province (admins) — none for researchers and participants"))
    return [province] + [(str(site.id), site.name(language)) for site in all_sites()]


def chosen_account_site(role: str, site_value: str, by=None) -> Site | None:
    """The site an account of role gets from the select: none for researchers and participants."""
    if role in SITELESS_ROLES or not site_value:
        return None
    return db.session.get(Site, int(site_value))


def account_refusal(role: str, site: Site | None, by=None) -> str | None:
    """Why by may not give an account this role and site, or None when they may."""
    scope = site_scope(by if by is not None else current_user)
    if scope is None:
        return None
    if role in SITELESS_ROLES:
        return _l("Only a province-wide admin manages researcher and participant accounts.")
    if site is None or site.id != scope:
        return _l("You manage the accounts of your own site only.")
    return None
