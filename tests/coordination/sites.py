"""Two sites for the scoping tests: data built in MTL, then some of it moved to QC.

The builders write to the only site; once a second site exists, rows are moved to it
by hand, as a later transfer would.
"""

from sqlalchemy import update

from johnschool.curriculum.models import Session
from johnschool.extensions import db

from ..factories import make_site, make_user


def second_site(code="QC"):
    """Create the second site, with its liaison, its staff and its own admin."""
    site = make_site(code)
    return {
        "site": site,
        "liaison": make_user("liaison", site=site),
        "staff": make_user("staff", site=site),
        "admin": make_user("admin", site=site),
    }


def move_to(site, *rows):
    """Move cases, cohorts (with their sessions), sessions or users to site; commit."""
    owner = {"cohort": Session.cohort_id, "case_file": Session.case_id}
    for row in rows:
        row.site_id = site.id
        if row.__tablename__ in owner:
            column = owner[row.__tablename__]
            db.session.execute(update(Session).where(column == row.id).values(site_id=site.id))
    db.session.commit()
