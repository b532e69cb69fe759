"""Reading attendance: who runs a session, its roster, the sessions a staff member sees."""

from datetime import date, datetime, time
from functools import cache
from typing import NamedTuple

from sqlalchemy import ColumnElement, Select, bindparam, func, or_, select, union
from sqlalchemy.orm import aliased

from ..clock import program_zone
from ..curriculum.access import session_criterion
from ..curriculum.models import Cohort, Module, Professional, Session
from ..enrollment.models import Enrollment
from ..extensions import db
from ..pagination import paginate_rows
from ..permissions import Role
from ..referrals.models import Case, Client
from .models import Attendance, MakeUpBooking

PER_PAGE = 25


def run_by(user_id) -> ColumnElement[bool]:
    """A column of a select of sessions: whether user_id is the session's main or backup."""
    return (
        select(Professional.id)
        .where(
            Professional.user_id == user_id,
            Professional.id.in_((Session.professional_id, Session.backup_id)),
        )
        .exists()
    )


def _sessions_query(user):
    """The sessions of user's sites that user runs (all of them for an admin), newest first."""
    main, backup = aliased(Professional), aliased(Professional)
    query = (
        select(Session, Module.title_fr, Module.title_en, Cohort.code)
        .outerjoin(Module, Module.id == Session.module_id)
        .outerjoin(Cohort, Cohort.id == Session.cohort_id)
        .where(Session.is_cancelled.is_(False), session_criterion(user))
    )
    if user.role != Role.ADMIN:
        query = (
            query.outerjoin(main, main.id == Session.professional_id)
            .outerjoin(backup, backup.id == Session.backup_id)
            .where(or_(main.user_id == user.id, backup.user_id == user.id))
        )
    return query


def session_page(user, page: int):
    """One page of the sessions user runs, the latest first."""
    query = _sessions_query(user)
    count = select(func.count()).select_from(query.subquery())
    ordered = query.order_by(Session.starts_at.desc(), Session.id.desc())
    return paginate_rows(ordered, lambda: db.session.scalar(count), page, PER_PAGE)


class RosterLine(NamedTuple):
    """One person expected at a session, with what was recorded so far."""

    enrollment_id: int
    given_name: str
    family_name: str
    is_make_up: bool
    status: str | None
    minutes_late: int | None
    note: str | None

    @property
    def name(self) -> str:
        """Family name, then given name: the order of a list read at the door."""
        return f"{self.family_name}, {self.given_name}"

    def to_json(self) -> dict:
        """The line as the API shows it."""
        return {
            "enrollment_id": self.enrollment_id,
            "family_name": self.family_name,
            "given_name": self.given_name,
            "make_up": self.is_make_up,
            "status": self.status,
            "minutes_late": self.minutes_late,
            "note": self.note,
        }


def _expected(kind: str):
    """Who a session of kind expects: its cohort's enrolled, its make-ups, or the case's.

    One IN over a UNION of three indexed lookups: an OR of the three would make the
    database scan every enrollment of the province.
    """
    session_id = bindparam("session_id")
    if kind == "individual":
        own = (Enrollment.case_id == bindparam("case_id")) & (Enrollment.status == "enrolled")
    else:
        own = (Enrollment.cohort_id == bindparam("cohort_id")) & (Enrollment.status == "enrolled")
    booked = select(MakeUpBooking.enrollment_id).where(
        MakeUpBooking.session_id == session_id, MakeUpBooking.cancelled_at.is_(None)
    )
    # Someone recorded already stays on the roster, so the record can be corrected.
    recorded = select(Attendance.enrollment_id).where(Attendance.session_id == session_id)
    expected = union(select(Enrollment.id).where(own), booked, recorded)
    return Enrollment.id.in_(expected)


@cache
def _roster_query(kind: str) -> Select:
    """The roster's select for a kind of session, built once; the session's ids are bound."""
    return (
        select(
            Enrollment.id,
            Client.given_name,
            Client.family_name,
            Enrollment.cohort_id,
            Attendance.status,
            Attendance.minutes_late,
            Attendance.note,
        )
        .join(Case, Case.id == Enrollment.case_id)
        .join(Client, Client.id == Case.client_id)
        .outerjoin(
            Attendance,
            (Attendance.enrollment_id == Enrollment.id)
            & (Attendance.session_id == bindparam("session_id")),
        )
        .where(_expected(kind))
        .order_by(Client.search_name, Enrollment.id)
    )


def roster(session: Session) -> list[RosterLine]:
    """The people a session expects, by name, with their attendance so far (one query)."""
    ids = {"session_id": session.id, "cohort_id": session.cohort_id, "case_id": session.case_id}
    rows = db.session.execute(_roster_query(session.kind), ids)
    is_group = session.kind == "group"
    return [
        RosterLine(row[0], row[1], row[2], is_group and row[3] != session.cohort_id, *row[4:])
        for row in rows
    ]


def unmarked_count(lines: list[RosterLine]) -> int:
    """How many people on the roster have no attendance recorded yet."""
    return sum(1 for line in lines if line.status is None)


def session_title(session: Session, language: str) -> str:
    """The session's module title in language, or its discipline for an individual session."""
    if session.module is not None:
        return session.module.title(language)
    return session.discipline


def booked_make_up_modules(enrollment_id: int, today: date, zone=None) -> set[int]:
    """The modules of the enrollment's make-ups booked from today on and not cancelled.

    Today starts at midnight in zone (a site's), or the program's when none is given.
    """
    start = datetime.combine(today, time(), zone or program_zone())
    query = (
        select(Session.module_id)
        .join(MakeUpBooking, MakeUpBooking.session_id == Session.id)
        .where(
            MakeUpBooking.enrollment_id == enrollment_id,
            MakeUpBooking.cancelled_at.is_(None),
            Session.is_cancelled.is_(False),
            Session.starts_at >= start,
        )
    )
    return set(db.session.scalars(query))
