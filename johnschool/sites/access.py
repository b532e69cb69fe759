"""Which site's rows a user reaches: the rule every domain's access module builds on.

Liaisons and session staff belong to one site; an admin belongs to one site or
to the whole province (no site). Researchers work on de-identified records of
every site, and participants reach only their own case, whatever its site.
"""

from flask import abort
from flask_login import current_user
from sqlalchemy import select, true

from ..extensions import db
from ..permissions import Role
from .models import Site, SiteNotGiven
from .services import all_sites, site_count, sole_site

PROVINCE_WIDE_ROLES = (Role.RESEARCHER, Role.PARTICIPANT)


def site_scope(user=None) -> int | None:
    """The one site user works in, or None when they reach every site."""
    user = current_user if user is None else user
    if user.role in PROVINCE_WIDE_ROLES:
        return None
    return user.site_id


def site_criterion(column, user=None):
    """A WHERE clause keeping the rows of column's site that user reaches."""
    site_id = site_scope(user)
    return true() if site_id is None else column == site_id


def in_site_scope(site_id: int | None, user=None) -> bool:
    """Tell whether a row of site_id is within user's reach."""
    scope = site_scope(user)
    return scope is None or scope == site_id


def needs_site_choice(user=None) -> bool:
    """Tell whether a form must ask user which site a new row goes to.

    Only a province-wide admin of a deployment with several sites chooses; everyone
    else writes to their own site, or to the only one.
    """
    return site_scope(user) is None and site_count() > 1


def site_choices(language: str = "fr") -> list[tuple[int, str]]:
    """The (id, name) pairs of a site select, by code."""
    return [(site.id, site.name(language)) for site in all_sites()]


def site_for_new_row(chosen_site_id: int | None = None, user=None) -> int:
    """The site a row user creates belongs to: theirs, the one chosen, or the only one.

    Raises SiteNotGiven when a province-wide admin of several sites named none.
    """
    own = site_scope(user)
    if own is not None:
        return own
    if chosen_site_id is not None and db.session.get(Site, chosen_site_id) is not None:
        return chosen_site_id
    site = sole_site()
    if site is None:
        raise SiteNotGiven("choose the site")
    return site.id


def visible_sites(user=None) -> list[Site]:
    """The sites user may see on the sites pages: theirs, or every one."""
    query = select(Site).where(site_criterion(Site.id, user)).order_by(Site.code)
    return list(db.session.scalars(query))


def get_site_or_404(site_id: int, user=None) -> Site:
    """Load a site user may see and change, or answer 404."""
    site = db.session.get(Site, site_id)
    if site is None or not in_site_scope(site.id, user):
        abort(404)
    return site


def is_province_wide(user=None) -> bool:
    """Tell whether user reaches every site (may create sites, province-wide admins)."""
    return site_scope(user) is None
