"""Seats in cohorts: enrollment, the waitlist, withdrawal, promotion and expiry.

Every change locks the cohort's row before its case's, so that concurrent requests
take turns on the cohort's seats in the same order on SQLite and on PostgreSQL;
each change writes the audit log in the caller's transaction, and the caller commits.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from ..audit.services import record
from ..clock import site_date, site_of
from ..curriculum.models import Cohort, Session
from ..database import lock, utcnow
from ..extensions import db
from ..portal.notices import notify_enrollment
from ..referrals.errors import CaseStateError
from ..referrals.models import Case
from ..referrals.services import expire_overdue_cases
from ..sites.models import Site
from .models import Enrollment

ACTIVE_STATUSES = ("enrolled", "waitlisted")
OPEN_COHORT_STATUSES = ("planned", "confirmed")


class CohortError(ValueError):
    """A cohort a case cannot be placed in: unknown, another site's, closed, started, etc."""


def seats_taken(cohort_ids) -> dict[int, int]:
    """Count the enrolled (seated) cases of each cohort, in one query."""
    ids = list(cohort_ids)
    counts = dict.fromkeys(ids, 0)
    if ids:
        rows = db.session.execute(
            select(Enrollment.cohort_id, func.count(Enrollment.id))
            .where(Enrollment.cohort_id.in_(ids), Enrollment.status == "enrolled")
            .group_by(Enrollment.cohort_id)
        )
        counts.update(dict(rows.all()))
    return counts


def started_condition(cohort_id, now):
    """SQL condition: the cohort has a session that has begun by now."""
    return exists().where(
        Session.cohort_id == cohort_id, Session.starts_at <= now, Session.is_cancelled.is_(False)
    )


def open_cohorts(language: str, site_id: int) -> list[Cohort]:
    """The cohorts of a site and a language that still take people, soonest first."""
    now = utcnow()
    today = site_date(now, db.session.get(Site, site_id))
    query = (
        select(Cohort)
        .where(
            Cohort.site_id == site_id,
            Cohort.language == language,
            Cohort.status.in_(OPEN_COHORT_STATUSES),
            Cohort.starts_on >= today,
            ~started_condition(Cohort.id, now),
        )
        .order_by(Cohort.starts_on, Cohort.id)
    )
    return list(db.session.scalars(query))


def has_started(cohort: Cohort) -> bool:
    """Tell whether the cohort's first day has passed or one of its sessions has begun."""
    now = utcnow()
    if cohort.starts_on < site_date(now, site_of(cohort)):
        return True
    return bool(db.session.scalar(select(started_condition(cohort.id, now))))


def check_cohort(case: Case, cohort: Cohort | None) -> None:
    """Refuse a cohort the case cannot join, saying why."""
    if cohort is None:
        raise CohortError(_l("Choose a cohort."))
    if cohort.site_id != case.site_id:
        raise CohortError(_l("Choose a cohort of the case's site."))
    if cohort.status not in OPEN_COHORT_STATUSES:
        raise CohortError(_l("This cohort is cancelled or completed."))
    if cohort.language != case.client.language:
        raise CohortError(_l("The cohort's language must be the client's language."))
    if has_started(cohort):
        raise CohortError(_l("This cohort has already started."))


def _lock_case_in(case: Case, allowed, message) -> None:
    """Lock the case's row and refuse unless it is in one of the allowed states."""
    db.session.refresh(case, ["state"], with_for_update=True)
    if case.state not in allowed:
        raise CaseStateError(message)


def _move(case: Case, state: str) -> None:
    """Put the case in a new state."""
    case.state = state
    case.updated_at = utcnow()


def _note(action, summary, enrollment, by, **data):
    """Write an audit entry about an enrollment, on its case."""
    record(
        action,
        summary,
        object_type="case",
        object_id=enrollment.case_id,
        data={"enrollment_id": enrollment.id, "cohort_id": enrollment.cohort_id, **data},
        actor=by,
    )


def enroll(case: Case, cohort: Cohort | None, *, by) -> Enrollment:
    """Give an admitted case a seat in a cohort of its language, or a place on its waitlist."""
    if cohort is not None:
        lock(Cohort, cohort.id)  # before the case: every change here locks in this order
    _lock_case_in(case, {"admitted"}, _l("Only an admitted case can be enrolled."))
    check_cohort(case, cohort)
    is_seated = seats_taken([cohort.id])[cohort.id] < cohort.capacity
    now = utcnow()
    enrollment = Enrollment(
        case_id=case.id,
        cohort_id=cohort.id,
        status="enrolled" if is_seated else "waitlisted",
        requested_at=now,
        enrolled_at=now if is_seated else None,
        created_by_id=by.id,
    )
    db.session.add(enrollment)
    _move(case, enrollment.status)
    db.session.flush()
    _note("enrollment.created", f"case {enrollment.status} in a cohort", enrollment, by)
    notify_enrollment(enrollment, promoted=False, by=by)
    return enrollment


def current_enrollment(case_id: int) -> Enrollment | None:
    """The case's enrollment holding a seat or a waitlist place, if any."""
    return db.session.scalars(
        select(Enrollment)
        .where(Enrollment.case_id == case_id, Enrollment.status.in_(ACTIVE_STATUSES))
        .order_by(Enrollment.id.desc())
        .limit(1)
    ).first()


def withdraw(case: Case, reason: str, *, by) -> Enrollment:
    """Withdraw an enrolled or waitlisted case, with a reason; its seat goes to the waitlist."""
    if not (reason or "").strip():
        raise ValueError(_l("Write the reason for the withdrawal."))
    enrollment = current_enrollment(case.id)
    if enrollment is not None:
        lock(Cohort, enrollment.cohort_id)
        db.session.refresh(enrollment, ["status"])
    _lock_case_in(
        case, ACTIVE_STATUSES, _l("Only an enrolled or waitlisted case can be withdrawn.")
    )
    if enrollment is None:
        raise CaseStateError(_l("This case holds no seat and no waitlist place."))
    previous = enrollment.status
    enrollment.status, enrollment.ended_at = "withdrawn", utcnow()
    enrollment.end_reason = reason.strip()
    _move(case, "withdrawn")
    db.session.flush()
    _note("enrollment.withdrawn", f"withdrawn while {previous}", enrollment, by, previous=previous)
    promote_waitlist(enrollment.cohort, by=by)
    return enrollment


def waitlist_heads(cohort: Cohort, count: int) -> list[Enrollment]:
    """The first count of the cohort's waitlist, in the order their requests arrived."""
    return list(
        db.session.scalars(
            select(Enrollment)
            .where(Enrollment.cohort_id == cohort.id, Enrollment.status == "waitlisted")
            .order_by(Enrollment.requested_at, Enrollment.id)
            .limit(count)
        )
    )


def promote_waitlist(cohort: Cohort, *, by) -> list[Enrollment]:
    """Give the free seats of an open cohort to the head of its waitlist; return the promoted."""
    lock(Cohort, cohort.id)
    if cohort.status not in OPEN_COHORT_STATUSES or has_started(cohort):
        return []
    free = cohort.capacity - seats_taken([cohort.id])[cohort.id]
    promoted = waitlist_heads(cohort, free) if free > 0 else []
    for enrollment in promoted:
        enrollment.status, enrollment.enrolled_at = "enrolled", utcnow()
        _move(enrollment.case, "enrolled")
        db.session.flush()
        _note("enrollment.promoted", "promoted from the waitlist", enrollment, by)
        notify_enrollment(enrollment, promoted=True, by=by)
    return promoted


def end_enrollments(case_ids, reason: str, *, by=None) -> list[Enrollment]:
    """End the seats of cases that failed or closed, then promote each cohort's waitlist."""
    ended = list(
        db.session.scalars(
            select(Enrollment)
            .where(Enrollment.case_id.in_(list(case_ids)), Enrollment.status.in_(ACTIVE_STATUSES))
            .order_by(Enrollment.id)
        )
    )
    for enrollment in ended:
        enrollment.status, enrollment.ended_at, enrollment.end_reason = "ended", utcnow(), reason
        db.session.flush()
        _note("enrollment.ended", f"enrollment ended: {reason}", enrollment, by)
    for cohort in {enrollment.cohort_id: enrollment.cohort for enrollment in ended}.values():
        promote_waitlist(cohort, by=by)
    return ended


def expire_overdue_enrollments(today: date, *, by=None) -> list[int]:
    """Fail enrolled cases past their deadline, end their seats and promote; return the ids."""
    expired = expire_overdue_cases(today, by=by)
    end_enrollments(expired, "deadline passed", by=by)
    return expired
