"""Who may take a session's attendance and manage make-ups: the one place it is decided.

A session belongs to its site: another site's session is 404, before the 403 of a
session of one's site that someone else runs. A make-up booking belongs to its
participant's site (the session booked may be another site's, when both allow it).
"""

from functools import cache

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from ..curriculum.models import Session
from ..enrollment.access import enrollment_or_404
from ..extensions import db
from ..permissions import Role, require
from ..sites.access import in_site_scope
from .models import MakeUpBooking
from .queries import run_by


@cache
def _session_query(with_module: bool, for_update: bool) -> Select:
    """The session and whether the user runs it, in one select built once; the ids are bound."""
    query = select(Session, run_by(bindparam("user_id"))).where(
        Session.id == bindparam("session_id")
    )
    if with_module:
        query = query.options(joinedload(Session.module))
    if for_update:
        # FOR UPDATE on PostgreSQL; a POST already holds SQLite's write lock.
        query = query.with_for_update(of=Session).execution_options(populate_existing=True)
    return query


def session_to_run(session_id: int, *, with_module: bool = False, for_update: bool = False):
    """Load a session the current user runs, or answer 404 (unknown, another site's) or 403.

    An admin runs every session of their sites; session staff the ones of their site
    they teach or back up (403 for another session of their site).
    with_module loads the module its title names (a page); for_update locks the row,
    for a roll call being saved.
    """
    ids = {"session_id": session_id, "user_id": current_user.id}
    row = db.session.execute(_session_query(with_module, for_update), ids).first()
    if row is None or not in_site_scope(row[0].site_id):
        abort(404)
    session, runs_it = row
    require(current_user.role == Role.ADMIN or (current_user.role == Role.STAFF and runs_it))
    return session


def booking_or_404(booking_id: int) -> MakeUpBooking:
    """Load a make-up booking of a participant of the current user's sites, or answer 404."""
    booking = db.session.get(MakeUpBooking, booking_id)
    if booking is None:
        abort(404)
    enrollment_or_404(booking.enrollment_id)
    return booking
