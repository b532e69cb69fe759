"""A cohort's attendance as CSV: one line per person and session, with status and minutes late.

The people are those who held a seat in the cohort (enrolled, ended, or withdrawn after being
seated), on every session of the cohort, and the participants of other cohorts on the sessions
they were booked into or recorded at. Cells are defused as the research export's are.
"""

import csv
import io
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, union

from ..attendance.models import Attendance, MakeUpBooking
from ..clock import session_zone
from ..curriculum.models import Cohort, Module, Session
from ..enrollment.models import SEATED_STATUSES, Enrollment
from ..extensions import db
from ..referrals.models import Case, Client
from ..research.export import defused

COLUMNS = (
    "session_date",
    "session_start",
    "module",
    "family_name",
    "given_name",
    "court_file",
    "make_up",
    "enrollment_status",
    "attendance_status",
    "minutes_late",
)


@dataclass(frozen=True)
class Person:
    """Someone on the cohort's attendance: who, and whether they hold a seat in it."""

    enrollment_id: int
    family_name: str
    given_name: str
    court_file: str
    status: str
    is_member: bool


def attendance_filename(cohort: Cohort) -> str:
    """Return the discreet file name of a cohort's attendance."""
    return f"attendance-{cohort.id}.csv"


def _sessions(cohort: Cohort) -> list[tuple[Session, str | None]]:
    """The cohort's group sessions not cancelled, in order, with their module's code."""
    rows = db.session.execute(
        select(Session, Module.code)
        .outerjoin(Module, Module.id == Session.module_id)
        .where(
            Session.cohort_id == cohort.id,
            Session.kind == "group",
            Session.is_cancelled.is_(False),
        )
        .order_by(Session.starts_at, Session.id)
    )
    return [tuple(row) for row in rows]


def _people(cohort: Cohort, session_ids: list[int]) -> list[Person]:
    """Everyone on the cohort's attendance, by name: members, then visitors mixed in."""
    seated = and_(
        Enrollment.cohort_id == cohort.id,
        or_(
            Enrollment.status.in_(SEATED_STATUSES),
            and_(Enrollment.status == "withdrawn", Enrollment.enrolled_at.is_not(None)),
        ),
    )
    booked = select(MakeUpBooking.enrollment_id).where(
        MakeUpBooking.session_id.in_(session_ids), MakeUpBooking.cancelled_at.is_(None)
    )
    recorded = select(Attendance.enrollment_id).where(Attendance.session_id.in_(session_ids))
    rows = db.session.execute(
        select(
            Enrollment.id,
            Client.family_name,
            Client.given_name,
            Case.court_file,
            Enrollment.status,
            seated,
        )
        .join(Case, Case.id == Enrollment.case_id)
        .join(Client, Client.id == Case.client_id)
        # One IN over a UNION of indexed lookups, where an OR would scan every enrollment.
        .where(Enrollment.id.in_(union(select(Enrollment.id).where(seated), booked, recorded)))
        .order_by(Client.search_name, Enrollment.id)
    )
    return [Person(*row[:5], is_member=bool(row[5])) for row in rows]


def _visits(session_ids: list[int]) -> set[tuple[int, int]]:
    """The (session, enrollment) pairs of make-up bookings at the sessions."""
    rows = db.session.execute(
        select(MakeUpBooking.session_id, MakeUpBooking.enrollment_id).where(
            MakeUpBooking.session_id.in_(session_ids), MakeUpBooking.cancelled_at.is_(None)
        )
    )
    return {tuple(row) for row in rows}


def _records(session_ids: list[int]) -> dict[tuple[int, int], tuple[str, int | None]]:
    """The attendance recorded at the sessions, by (session, enrollment)."""
    rows = db.session.execute(
        select(
            Attendance.session_id,
            Attendance.enrollment_id,
            Attendance.status,
            Attendance.minutes_late,
        ).where(Attendance.session_id.in_(session_ids))
    )
    return {(row[0], row[1]): (row[2], row[3]) for row in rows}


def attendance_rows(cohort: Cohort) -> list[list]:
    """The lines of the cohort's attendance, session by session, people by name (4 queries)."""
    sessions = _sessions(cohort)
    ids = [session.id for session, _code in sessions]
    people = _people(cohort, ids)
    visits, records = _visits(ids), _records(ids)
    lines, zone = [], session_zone(cohort)  # the cohort's sessions are all at its site
    for session, code in sessions:
        local = session.starts_at.astimezone(zone)
        for person in people:
            key = (session.id, person.enrollment_id)
            if not (person.is_member or key in visits or key in records):
                continue
            status, minutes = records.get(key, ("", None))
            lines.append(
                [
                    local.date().isoformat(),
                    f"{local:%H:%M}",
                    code or session.discipline,
                    person.family_name,
                    person.given_name,
                    person.court_file,
                    "no" if person.is_member else "yes",
                    person.status,
                    status,
                    "" if minutes is None else minutes,
                ]
            )
    return lines


def attendance_csv(cohort: Cohort) -> str:
    """Write the cohort's attendance as CSV, its first line naming the columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in attendance_rows(cohort):
        writer.writerow([defused(cell) for cell in line])
    return out.getvalue()
