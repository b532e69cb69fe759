"""The printable roster and sign-in sheet of a session: everyone expected, a line to sign each.

It lists the people the roll call expects (the cohort's enrolled and the make-up bookings, or
the case of an individual session) in the order of the list read at the door, in the reader's
language. Its title and file name name the day only, never the program nor a person.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _

from ..attendance.queries import roster
from ..clock import session_local
from ..curriculum.models import Session
from ..pdf import neutral_filename, render_flowables
from . import layout

SIGNATURE_ROW_HEIGHT = 26  # room for a signature by hand


@dataclass(frozen=True)
class RosterSheet:
    """What a session's sign-in sheet prints; the same sheet always gives the same bytes."""

    day: date
    starts: str  # HH:MM on the clock of the session's site
    ends: str
    title: str
    place: str
    cohort_code: str | None
    people: tuple[tuple[str, bool], ...]  # ("Family, Given", is a make-up booking)


def roster_sheet(session: Session) -> RosterSheet:
    """The sign-in sheet of a session, from its roster (one query) and its module."""
    starts = session_local(session.starts_at, session)
    ends = session_local(session.ends_at, session)
    if session.module is not None:
        title = session.module.title(get_locale().language)
    else:
        title = _("Individual session")
    return RosterSheet(
        day=starts.date(),
        starts=f"{starts:%H:%M}",
        ends=f"{ends:%H:%M}",
        title=title,
        place=session.place or "",
        cohort_code=session.cohort.code if session.cohort_id else None,
        people=tuple((line.name, line.is_make_up) for line in roster(session)),
    )


def roster_filename(sheet: RosterSheet) -> str:
    """Return the discreet file name of a sign-in sheet: its day and start time."""
    return neutral_filename("roster", f"{sheet.day.isoformat()}-{sheet.starts.replace(':', '')}")


def render_roster_sheet(sheet: RosterSheet) -> bytes:
    """Render the sign-in sheet to PDF bytes, in the reader's language."""
    return render_flowables(_flowables(sheet), title=f"Document {sheet.day.isoformat()}")


def _flowables(sheet: RosterSheet) -> list:
    """Lay out the heading, the session's facts, then the table to sign."""
    facts = [
        (_("Session"), sheet.title),
        (_("Date"), sheet.day.isoformat()),
        (_("Time"), f"{sheet.starts} – {sheet.ends}"),
        (_("Place"), sheet.place),
    ]
    if sheet.cohort_code:
        facts.append((_("Cohort"), sheet.cohort_code))
    facts.append((_("Expected"), str(len(sheet.people))))
    return [
        layout.title(_("Attendance sheet")),
        layout.gap(),
        layout.facts(facts),
        layout.gap(),
        _table(sheet),
    ]


def _table(sheet: RosterSheet):
    """The numbered names with a column for the arrival time and one for the signature."""
    if not sheet.people:
        return layout.text(_("Nobody is expected at this session."))
    make_up = _("make-up")
    rows = [
        (str(number), f"{name} ({make_up})" if is_make_up else name, "", "")
        for number, (name, is_make_up) in enumerate(sheet.people, start=1)
    ]
    headers = (_("No."), _("Name"), _("Arrival time"), _("Signature"))
    widths = (34, 200, 84, layout.TEXT_WIDTH - 318)
    return layout.ruled_table(headers, rows, widths, row_height=SIGNATURE_ROW_HEIGHT)
