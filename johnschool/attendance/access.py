"""Who may take a session's attendance: the one place it is decided, for pages and the API."""

from flask import abort
from flask_login import current_user

from ..curriculum.models import Session
from ..database import lock
from ..permissions import get_or_404, require
from .queries import runs_session


def session_to_run(session_id: int, *options, for_update: bool = False) -> Session:
    """Load a session the current user runs, or answer 404 (unknown) or 403 (someone else's).

    for_update locks the row, for a roll call being saved; options are loader options of a
    plain read (the page loads the module its title names).
    """
    session = lock(Session, session_id) if for_update else get_or_404(Session, session_id, *options)
    if session is None:
        abort(404)
    require(runs_session(current_user, session))
    return session
