"""Which cases a user reaches: the one place it is decided, for pages, the API and lists.

A liaison, or an admin of one site, reaches that site's cases; a province-wide
admin reaches every case. Another site's case is answered 404, as an unknown one,
so that its existence cannot be probed. Role checks stay on the routes.
"""

from flask import abort
from sqlalchemy import select

from ..database import lock
from ..extensions import db
from ..sites.access import in_site_scope, site_criterion, site_scope
from ..sites.models import Site
from ..sites.services import all_sites
from .models import Case


def case_criterion(user=None):
    """A WHERE clause keeping the cases user reaches (add it to every list, search and count)."""
    return site_criterion(Case.site_id, user)


def can_reach_case(case: Case, user=None) -> bool:
    """Tell whether case is within user's sites."""
    return in_site_scope(case.site_id, user)


def case_or_404(case_id: int, *, options=(), user=None) -> Case:
    """Load a case user reaches, or answer 404 (unknown, or another site's)."""
    case = db.session.get(Case, case_id, options=options)
    if case is None or not can_reach_case(case, user):
        abort(404)
    return case


def case_for_update_or_404(case_id: int, *, user=None) -> Case:
    """Load a case user reaches, locked for the change about to be made, or answer 404."""
    case = lock(Case, case_id)
    if case is None or not can_reach_case(case, user):
        abort(404)
    return case


def reachable_case_id(case_id: int | None, user=None) -> int | None:
    """The id of another case, when user reaches it; None when unknown or another site's.

    For a page or an answer that points to a second case (the one a duplicate duplicates,
    say): a user bound to one site learns neither the number nor the details of a case
    of another site.
    """
    if case_id is None:
        return None
    site_id = db.session.scalar(select(Case.site_id).where(Case.id == case_id))
    return case_id if site_id is not None and in_site_scope(site_id, user) else None


def reachable_cases(others, user=None) -> tuple:
    """Keep, among the same person's other cases (SamePersonCase), those user reaches.

    The one-chance rule looks at every site; what a user is shown of the other cases
    stops at the sites they reach.
    """
    return tuple(other for other in others if in_site_scope(other.site_id, user))


def listed_sites(user=None) -> list[Site]:
    """The sites a case list names and filters by: every site for a province-wide admin.

    Empty for a user bound to one site, and while the deployment has only one.
    """
    if site_scope(user) is not None:
        return []
    sites = all_sites()
    return sites if len(sites) > 1 else []
