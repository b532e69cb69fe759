"""Who may take a session's attendance: the one place it is decided, for pages and the API."""

from functools import cache

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from ..curriculum.models import Session
from ..extensions import db
from ..permissions import Role, require
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
    """Load a session the current user runs, or answer 404 (unknown) or 403 (someone else's).

    An admin runs every session; session staff the ones they teach or back up.
    with_module loads the module its title names (a page); for_update locks the row,
    for a roll call being saved.
    """
    ids = {"session_id": session_id, "user_id": current_user.id}
    row = db.session.execute(_session_query(with_module, for_update), ids).first()
    if row is None:
        abort(404)
    session, runs_it = row
    require(current_user.role == Role.ADMIN or (current_user.role == Role.STAFF and runs_it))
    return session
