"""Roll calls, make-up bookings and completion: the only place attendance changes.

Every change flushes and writes the audit log in the caller's transaction; the caller commits.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select, update

from ..audit.services import record
from ..clock import session_day, session_zone, site_of, site_today
from ..curriculum.models import Cohort, Session
from ..database import lock, utcnow
from ..enrollment.models import Enrollment
from ..extensions import db
from ..referrals.errors import CaseStateError
from ..referrals.models import Case
from ..sites.models import Site
from .completion import missing_for, progress_of
from .models import ATTENDANCE_STATUSES, Attendance, MakeUpBooking
from .queries import booked_make_up_modules, roster

MAX_MINUTES_LATE = 600
MAX_NOTE = 500


class AttendanceStateError(CaseStateError):
    """A change the session's or booking's state does not allow (409)."""


class InvalidRollCall(ValueError):
    """Marks that cannot be saved, with a message for each offending field."""

    def __init__(self, message, fields: dict[str, str]):
        super().__init__(message)
        self.fields = fields


@dataclass(frozen=True)
class Mark:
    """How one person attended, as typed or sent: still unchecked."""

    enrollment_id: object
    status: object
    minutes_late: object = None
    note: object = None


def mark_errors(mark: Mark, expected: set[int]) -> dict[str, str]:
    """What is wrong with one mark, keyed by field name."""
    errors = {}
    enrollment_id = mark.enrollment_id
    if isinstance(enrollment_id, bool) or not isinstance(enrollment_id, int):
        errors["enrollment_id"] = _l("Expected the number of an enrollment.")
    elif enrollment_id not in expected:
        errors["enrollment_id"] = _l("This person is not on the roster of this session.")
    if mark.status not in ATTENDANCE_STATUSES:
        errors["status"] = _l("Choose present, late, absent or excused.")
    elif mark.status == "late":
        minutes = mark.minutes_late
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            errors["minutes_late"] = _l("Write how many minutes late.")
        elif not 1 <= minutes <= MAX_MINUTES_LATE:
            errors["minutes_late"] = _l(
                "Write a number of minutes from 1 to %(max)d.", max=MAX_MINUTES_LATE
            )
    if mark.note is not None and (not isinstance(mark.note, str) or len(mark.note) > MAX_NOTE):
        errors["note"] = _l("A note has at most %(max)d characters.", max=MAX_NOTE)
    return errors


def check_marks(session: Session, marks: list[Mark]) -> None:
    """Refuse the whole roll call when any mark is wrong, naming each offending field."""
    expected = {line.enrollment_id for line in roster(session)}
    fields, seen = {}, set()
    for index, mark in enumerate(marks):
        for name, message in mark_errors(mark, expected).items():
            fields[f"records[{index}].{name}"] = str(message)
        if isinstance(mark.enrollment_id, int) and mark.enrollment_id in seen:
            fields[f"records[{index}].enrollment_id"] = str(_l("This person is marked twice."))
        if isinstance(mark.enrollment_id, int):
            seen.add(mark.enrollment_id)
    if fields:
        raise InvalidRollCall(_l("Some records are invalid; nothing was saved."), fields)


def session_today(session: Session) -> date:
    """Today's date on the clock of the session's site."""
    return site_today(site_of(session))


def day_is_over(session: Session, today: date | None = None) -> bool:
    """Tell whether the session's day has passed: a change then is a late correction."""
    return (today or session_today(session)) > session_day(session)


def _changes(row: Attendance, mark: Mark) -> bool:
    """Tell whether a mark changes what was recorded."""
    note = (mark.note or "").strip() or None
    minutes = mark.minutes_late if mark.status == "late" else None
    return (row.status, row.minutes_late, row.note) != (mark.status, minutes, note)


def _values(mark: Mark, *, by, now) -> dict:
    """The columns a mark writes on its attendance row."""
    return {
        "status": mark.status,
        "minutes_late": mark.minutes_late if mark.status == "late" else None,
        "note": (mark.note or "").strip() or None,
        "recorded_by_id": by.id,
        "updated_at": now,
    }


def _write(session: Session, added, corrected, existing, *, by, reason) -> None:
    """Insert the new rows and update the corrected ones, one statement each whatever the count."""
    now = utcnow()
    if added:
        db.session.execute(
            insert(Attendance),
            [
                {"session_id": session.id, "enrollment_id": m.enrollment_id, "recorded_at": now}
                | _values(m, by=by, now=now)
                for m in added
            ],
        )
    if corrected:
        db.session.execute(
            update(Attendance),
            [
                {"id": existing[m.enrollment_id].id, "correction_reason": reason}
                | _values(m, by=by, now=now)
                for m in corrected
            ],
        )
        for mark in corrected:
            db.session.expire(existing[mark.enrollment_id])


def save_roll_call(
    session: Session, marks: list[Mark], *, by, reason: str = "", today: date | None = None
) -> dict:
    """Record or correct a session's attendance in one go; return what changed.

    Saving again corrects, never duplicates. Nothing is recorded before the session's
    day; a correction after it needs a reason and is audited as such.
    """
    today = today or session_today(session)
    if session.is_cancelled or session_day(session) > today:
        raise AttendanceStateError(_l("Attendance is taken from the session's day onwards."))
    check_marks(session, marks)
    existing = {
        row.enrollment_id: row
        for row in db.session.scalars(select(Attendance).where(Attendance.session_id == session.id))
    }
    corrected = [
        m for m in marks if m.enrollment_id in existing and _changes(existing[m.enrollment_id], m)
    ]
    is_late_correction = bool(corrected) and day_is_over(session, today)
    reason = (reason or "").strip()
    if is_late_correction and not reason:
        raise InvalidRollCall(
            _l("A correction after the session's day needs a reason."),
            {"reason": str(_l("Write the reason for the correction."))},
        )
    added = [m for m in marks if m.enrollment_id not in existing]
    kept_reason = reason if is_late_correction else None
    _write(session, added, corrected, existing, by=by, reason=kept_reason)
    result = {"added": len(added), "corrected": len(corrected)}
    if added or corrected:
        _record_roll_call(session, result, is_late_correction, by)
    return result


def _record_roll_call(session: Session, result: dict, is_late_correction: bool, by) -> None:
    """Write the roll call's audit entry: counts only, never who."""
    if is_late_correction:
        action, summary = "attendance.corrected", "attendance corrected after the session's day"
    else:
        action, summary = "attendance.recorded", "attendance recorded"
    record(action, summary, object_type="session", object_id=session.id, data=result, actor=by)


# --- Completion ------------------------------------------------------------------------


def _complete(case: Case, enrollment: Enrollment, *, by) -> None:
    """Move an enrolled case to completed and end its enrollment."""
    case.state, case.updated_at = "completed", utcnow()
    enrollment.status, enrollment.ended_at = "ended", utcnow()
    enrollment.end_reason = "completed"
    record(
        "case.completed",
        "every requirement met: case completed",
        object_type="case",
        object_id=case.id,
        data={"enrollment_id": enrollment.id},
        actor=by,
    )


def refresh_completions(enrollments: list[Enrollment], *, by, today: date | None = None) -> list:
    """Complete the cases of the enrollments whose requirements are all met; return their ids."""
    enrolled = [e for e in enrollments if e.status == "enrolled"]
    done = [key for key, missing in missing_for(enrolled, today).items() if not missing]
    if not done:
        return []
    by_id = {e.id: e for e in enrolled}
    cases = db.session.scalars(
        select(Case)
        .where(Case.id.in_({by_id[key].case_id for key in done}))
        .order_by(Case.id)
        .with_for_update()
    ).all()
    states = {case.id: case for case in cases}
    completed = []
    for key in done:
        case = states[by_id[key].case_id]
        if case.state == "enrolled":
            _complete(case, by_id[key], by=by)
            completed.append(case.id)
    db.session.flush()
    return completed


def refresh_completion(enrollment: Enrollment, *, by, today: date | None = None) -> bool:
    """Complete the enrollment's case when every requirement is met; tell whether it did."""
    return bool(refresh_completions([enrollment], by=by, today=today))


def current_enrollment(case_id: int) -> Enrollment | None:
    """The case's enrollment holding a seat, if any."""
    return db.session.scalar(
        select(Enrollment)
        .where(Enrollment.case_id == case_id, Enrollment.status == "enrolled")
        .order_by(Enrollment.id.desc())
        .limit(1)
    )


def refresh_case_completion(case: Case, *, by) -> bool:
    """Complete the case when its enrollment now meets everything (after a payment, say)."""
    enrollment = current_enrollment(case.id)
    return enrollment is not None and refresh_completion(enrollment, by=by)


def complete_overdue_met_cases(today: date, *, by=None) -> list[int]:
    """Complete the enrolled cases past their deadline that met everything in time."""
    enrollments = db.session.scalars(
        select(Enrollment)
        .join(Case, Case.id == Enrollment.case_id)
        .where(Case.state == "enrolled", Case.deadline < today, Enrollment.status == "enrolled")
    ).all()
    return refresh_completions(list(enrollments), by=by, today=today)


def enrollments_of(marks: list[Mark]) -> list[Enrollment]:
    """The enrollments the marks are about, loaded in one query."""
    ids = {mark.enrollment_id for mark in marks}
    return list(db.session.scalars(select(Enrollment).where(Enrollment.id.in_(ids))))


# --- Make-ups --------------------------------------------------------------------------


def seats_left(session: Session) -> int:
    """Seats left for make-ups: the cohort's capacity less its enrolled and booked."""
    enrolled = select(func.count()).where(
        Enrollment.cohort_id == session.cohort_id, Enrollment.status == "enrolled"
    )
    booked = select(func.count()).where(
        MakeUpBooking.session_id == session.id, MakeUpBooking.cancelled_at.is_(None)
    )
    capacity = db.session.scalar(select(Cohort.capacity).where(Cohort.id == session.cohort_id))
    return capacity - db.session.scalar(enrolled) - db.session.scalar(booked)


def may_make_up_across(own_site_id: int, session_site_id: int) -> bool:
    """Tell whether a participant of one site may make up a module at a session of another.

    Always within a site; across two sites only when both allow it.
    """
    if own_site_id == session_site_id:
        return True
    flags = db.session.scalars(
        select(Site.allows_cross_site_make_ups).where(Site.id.in_((own_site_id, session_site_id)))
    ).all()
    return len(flags) == 2 and all(flags)


def make_up_problem(enrollment: Enrollment, session: Session, today: date):
    """Why this session cannot take this enrollment as a make-up, or None."""
    if enrollment.status != "enrolled":
        return _l("Only a participant holding a seat can be booked into a make-up.")
    if session.kind != "group" or session.is_cancelled or session_day(session) < today:
        return _l("Choose a session still to come.")
    if session.cohort_id == enrollment.cohort_id:
        return _l("A make-up is in another cohort than the participant's own.")
    if not may_make_up_across(enrollment.cohort.site_id, session.site_id):
        return _l(
            "This session is at another site: a make-up there needs both sites to allow "
            "make-ups across sites."
        )
    progress = progress_of([enrollment])[enrollment.id]
    if session.module_id not in {m.id for m in progress.modules}:
        return _l("This session's module is not one the participant must attend.")
    attended = {s.module_id for s in progress.attended if s.kind == "group"}
    if session.module_id in attended:
        return _l("The participant already attended this module.")
    if session.module_id in booked_make_up_modules(enrollment.id, today, session_zone(session)):
        return _l("The participant is already booked into a make-up of this module.")
    return None


def book_make_up(enrollment: Enrollment, session: Session, *, by) -> MakeUpBooking:
    """Book a participant into another cohort's session of a module they missed."""
    problem = make_up_problem(enrollment, session, session_today(session))
    if problem is not None:
        raise AttendanceStateError(problem)
    # The cohort's row is the lock: two bookings for its last seat take turns.
    lock(Cohort, session.cohort_id)
    if seats_left(session) <= 0:
        raise AttendanceStateError(_l("This session has no seat left."))
    booking = db.session.scalar(
        select(MakeUpBooking).where(
            MakeUpBooking.enrollment_id == enrollment.id, MakeUpBooking.session_id == session.id
        )
    )
    if booking is not None and booking.cancelled_at is None:
        raise AttendanceStateError(_l("The participant is already booked into this session."))
    booking = booking or MakeUpBooking(enrollment_id=enrollment.id, session_id=session.id)
    booking.cancelled_at, booking.booked_by_id, booking.booked_at = None, by.id, utcnow()
    db.session.add(booking)
    db.session.flush()
    record(
        "makeup.booked",
        "make-up session booked",
        object_type="enrollment",
        object_id=enrollment.id,
        data={"session_id": session.id, "booking_id": booking.id},
        actor=by,
    )
    return booking


def cancel_make_up(booking: MakeUpBooking, *, by) -> None:
    """Cancel a make-up booking, freeing its seat."""
    if booking.cancelled_at is not None:
        raise AttendanceStateError(_l("This booking is already cancelled."))
    booking.cancelled_at = utcnow()
    record(
        "makeup.cancelled",
        "make-up session cancelled",
        object_type="enrollment",
        object_id=booking.enrollment_id,
        data={"session_id": booking.session_id, "booking_id": booking.id},
        actor=by,
    )
