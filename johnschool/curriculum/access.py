"""Which cohorts, sessions and professionals a user reaches: the one place it is decided.

Each belongs to one site. Staff, liaisons and site admins reach their site's;
a province-wide admin reaches every site's. Another site's row is answered 404.
Role checks stay on the routes.
"""

from flask import abort

from ..extensions import db
from ..sites.access import in_site_scope, site_criterion
from .models import Cohort, Professional, Session


def cohort_criterion(user=None):
    """A WHERE clause keeping the cohorts user reaches."""
    return site_criterion(Cohort.site_id, user)


def session_criterion(user=None):
    """A WHERE clause keeping the sessions user reaches."""
    return site_criterion(Session.site_id, user)


def professional_criterion(user=None):
    """A WHERE clause keeping the professionals user reaches."""
    return site_criterion(Professional.site_id, user)


def _reachable_or_404(model, ident, options, user, for_update=False):
    row = db.session.get(model, ident, options=options, with_for_update=for_update or None)
    if row is None or not in_site_scope(row.site_id, user):
        abort(404)
    return row


def cohort_or_404(cohort_id: int, *, options=(), user=None, for_update=False) -> Cohort:
    """Load a cohort user reaches, locked when for_update, or answer 404."""
    return _reachable_or_404(Cohort, cohort_id, options, user, for_update)


def session_or_404(session_id: int, *, options=(), user=None, for_update=False) -> Session:
    """Load a session user reaches, locked when for_update, or answer 404."""
    return _reachable_or_404(Session, session_id, options, user, for_update)


def professional_or_404(
    professional_id: int, *, options=(), user=None, for_update=False
) -> Professional:
    """Load a professional user reaches, locked when for_update, or answer 404."""
    return _reachable_or_404(Professional, professional_id, options, user, for_update)


def reachable_or_none(model, ident, user=None):
    """A cohort, session or professional user reaches, or None (unknown or another site's).

    For an id read from a request body, which an endpoint answers 422 rather than 404.
    """
    if isinstance(ident, bool) or not isinstance(ident, int):
        return None
    row = db.session.get(model, ident)
    return row if row is not None and in_site_scope(row.site_id, user) else None
