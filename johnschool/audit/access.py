"""Who reads the audit log: the one place it is decided.

The log is the province's: sign-ins, accounts and settings beside every site's cases,
and its entries name no site. A province-wide admin reads it; an admin of one site is
refused (403) rather than shown the other sites' entries.
"""

from flask import abort
from flask_login import current_user

from ..permissions import Role


def reads_audit_log(user=None) -> bool:
    """Tell whether user may browse the audit log: a province-wide admin.

    An admin without a site is province-wide (sites.access.site_scope), read here from
    the account itself: the sites package records in this log, and imports it.
    """
    user = current_user if user is None else user
    return user.is_authenticated and user.role == Role.ADMIN and user.site_id is None


def require_audit_reader(user=None) -> None:
    """Answer 403 unless user may browse the audit log."""
    if not reads_audit_log(user):
        abort(403)
