"""Enrollment, the waitlist, withdrawal, promotion and expiry through the services."""

from datetime import date, timedelta
from unittest import mock

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.audit.services import verify_chain
from johnschool.clock import program_today
from johnschool.curriculum.models import Module, Session
from johnschool.database import utcnow
from johnschool.enrollment.models import Enrollment
from johnschool.enrollment.services import (
    CohortError,
    enroll,
    expire_overdue_enrollments,
    promote_waitlist,
    seats_taken,
    withdraw,
)
from johnschool.extensions import db
from johnschool.referrals.errors import CaseStateError

from ..factories import make_user
from .builders import admitted_case, consent, make_cohort, referred_case


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison")


def statuses(*enrollments):
    """The current status of each enrollment, read again from the database."""
    db.session.expire_all()
    return [db.session.get(Enrollment, e.id).status for e in enrollments]


def enroll_all(cases, cohort, by):
    """Enroll each case in turn, committing each, and return the enrollments."""
    enrollments = []
    for case in cases:
        enrollments.append(enroll(case, cohort, by=by))
        db.session.commit()
    return enrollments


def test_admitted_case_gets_a_seat_and_the_case_is_enrolled(liaison):
    case, cohort = admitted_case(liaison), make_cohort(capacity=2)
    enrollment = enroll(case, cohort, by=liaison)
    db.session.commit()
    assert enrollment.status == "enrolled" and enrollment.enrolled_at is not None
    assert case.state == "enrolled"
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "enrollment.created")
    ).one()
    assert entry.object_id == case.id and "Client" not in entry.summary
    assert verify_chain().is_intact


def test_full_cohort_puts_the_case_on_its_waitlist(liaison):
    cohort = make_cohort(capacity=1)
    first, second = admitted_case(liaison), admitted_case(liaison)
    seated, waiting = enroll_all([first, second], cohort, liaison)
    assert (seated.status, waiting.status) == ("enrolled", "waitlisted")
    assert (first.state, second.state) == ("enrolled", "waitlisted")
    assert waiting.enrolled_at is None


@pytest.mark.parametrize("step", ["referred", "consented"])
def test_case_not_yet_admitted_cannot_be_enrolled(liaison, step):
    case = referred_case(liaison)
    if step == "consented":
        consent(case, liaison)
    with pytest.raises(CaseStateError):
        enroll(case, make_cohort(), by=liaison)
    db.session.rollback()
    assert db.session.scalars(select(Enrollment)).all() == []


@pytest.mark.parametrize("state", ["enrolled", "waitlisted", "withdrawn", "failed", "completed"])
def test_case_past_admission_cannot_be_enrolled_again(liaison, state):
    case = admitted_case(liaison)
    case.state = state
    db.session.commit()
    with pytest.raises(CaseStateError):
        enroll(case, make_cohort(), by=liaison)


def test_cohort_of_another_language_is_refused(liaison):
    case = admitted_case(liaison, language="en")
    with force_locale("en"), pytest.raises(CohortError, match="language"):
        enroll(case, make_cohort(language="fr"), by=liaison)
    db.session.rollback()
    assert case.state == "admitted"


@pytest.mark.parametrize("status", ["cancelled", "completed"])
def test_closed_cohort_is_refused(liaison, status):
    with pytest.raises(CohortError):
        enroll(admitted_case(liaison), make_cohort(status=status), by=liaison)


def test_cohort_past_its_first_day_is_refused(liaison):
    with force_locale("en"), pytest.raises(CohortError, match="started"):
        enroll(admitted_case(liaison), make_cohort(days_ahead=-1), by=liaison)


def test_cohort_whose_first_session_has_begun_today_is_refused(liaison):
    cohort = make_cohort(days_ahead=0)
    module = Module(
        code="intro", title_fr="Intro", title_en="Intro", discipline="law", duration_minutes=60
    )
    db.session.add(
        Session(
            cohort=cohort,
            module=module,
            discipline="law",
            starts_at=utcnow() - timedelta(minutes=5),
            ends_at=utcnow() + timedelta(minutes=55),
            place="Salle 1",
        )
    )
    db.session.commit()
    with force_locale("en"), pytest.raises(CohortError, match="started"):
        enroll(admitted_case(liaison), cohort, by=liaison)


def test_missing_cohort_is_refused_after_the_state_check(liaison):
    with pytest.raises(CohortError):
        enroll(admitted_case(liaison), None, by=liaison)
    with pytest.raises(CaseStateError):
        enroll(referred_case(liaison), None, by=liaison)


def test_capacity_is_never_exceeded_and_the_waitlist_keeps_arrival_order(liaison):
    cohort = make_cohort(capacity=2)
    cases = [admitted_case(liaison) for _ in range(5)]
    enrollments = enroll_all(cases, cohort, liaison)
    assert statuses(*enrollments) == ["enrolled"] * 2 + ["waitlisted"] * 3
    assert seats_taken([cohort.id]) == {cohort.id: 2}


def test_each_withdrawal_promotes_the_head_of_the_waitlist(liaison):
    cohort = make_cohort(capacity=2)
    a, b, c, d, e = enroll_all([admitted_case(liaison) for _ in range(5)], cohort, liaison)
    withdraw(a.case, "moved away", by=liaison)
    db.session.commit()
    assert statuses(a, b, c, d, e) == [
        "withdrawn",
        "enrolled",
        "enrolled",
        "waitlisted",
        "waitlisted",
    ]
    withdraw(b.case, "declined", by=liaison)
    db.session.commit()
    assert statuses(b, c, d, e) == ["withdrawn", "enrolled", "enrolled", "waitlisted"]
    assert d.case.state == "enrolled" and e.case.state == "waitlisted"
    assert a.end_reason == "moved away" and a.case.state == "withdrawn"
    assert seats_taken([cohort.id])[cohort.id] == 2


def test_waitlisted_case_withdrawing_frees_no_seat_and_promotes_nobody(liaison):
    cohort = make_cohort(capacity=1)
    seated, first, second = enroll_all([admitted_case(liaison) for _ in range(3)], cohort, liaison)
    withdraw(first.case, "declined", by=liaison)
    db.session.commit()
    assert statuses(seated, first, second) == ["enrolled", "withdrawn", "waitlisted"]


def test_promotion_follows_request_time_then_id(liaison):
    cohort = make_cohort(capacity=1)
    seated, early, late = enroll_all([admitted_case(liaison) for _ in range(3)], cohort, liaison)
    late.requested_at = early.requested_at - timedelta(seconds=1)  # arrived first after all
    db.session.commit()
    withdraw(seated.case, "declined", by=liaison)
    db.session.commit()
    assert statuses(early, late) == ["waitlisted", "enrolled"]


def test_each_enrollment_is_notified_and_a_promotion_as_promoted(liaison):
    cohort = make_cohort(capacity=1)
    with mock.patch("johnschool.enrollment.services.notify_enrollment") as notify:
        seated, waiting = enroll_all([admitted_case(liaison) for _ in range(2)], cohort, liaison)
        assert notify.call_args_list == [
            mock.call(seated, promoted=False, by=liaison),
            mock.call(waiting, promoted=False, by=liaison),
        ]
        withdraw(seated.case, "declined", by=liaison)
        assert notify.call_args_list[-1] == mock.call(waiting, promoted=True, by=liaison)
        assert notify.call_count == 3


def test_withdrawal_needs_a_reason_and_an_enrolled_or_waitlisted_case(liaison):
    case = admitted_case(liaison)
    with pytest.raises(CaseStateError):
        withdraw(case, "declined", by=liaison)
    enroll(case, make_cohort(), by=liaison)
    db.session.commit()
    with force_locale("en"), pytest.raises(ValueError, match="reason"):
        withdraw(case, "   ", by=liaison)
    assert case.state == "enrolled"


def test_promotion_does_nothing_in_a_cohort_that_has_started(liaison):
    cohort = make_cohort(capacity=1)
    seated, waiting = enroll_all([admitted_case(liaison) for _ in range(2)], cohort, liaison)
    seated.status = "withdrawn"
    cohort.starts_on = program_today() - timedelta(days=1)
    db.session.commit()
    assert promote_waitlist(cohort, by=liaison) == []
    assert statuses(waiting) == ["waitlisted"]


def test_expiry_ends_overdue_seats_and_promotes_the_waitlist(liaison):
    cohort = make_cohort(capacity=1)
    seated, waiting = enroll_all([admitted_case(liaison) for _ in range(2)], cohort, liaison)
    seated.case.deadline = date(2020, 1, 1)
    db.session.commit()
    assert expire_overdue_enrollments(program_today()) == [seated.case_id]
    db.session.commit()
    assert statuses(seated, waiting) == ["ended", "enrolled"]
    assert seated.case.state == "failed" and waiting.case.state == "enrolled"
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["case.expired", "enrollment.ended", "enrollment.promoted"]


def test_cases_expire_command_frees_the_seat(app, liaison):
    from johnschool.cli import cases_cli

    cohort = make_cohort(capacity=1)
    seated, waiting = enroll_all([admitted_case(liaison) for _ in range(2)], cohort, liaison)
    seated.case.deadline = date(2020, 1, 1)
    db.session.commit()
    result = app.test_cli_runner().invoke(cases_cli, ["expire"])
    assert result.exit_code == 0 and "1 case" in result.output
    assert statuses(seated, waiting) == ["ended", "enrolled"]


def test_seats_taken_counts_only_seated_enrollments_of_each_cohort(liaison):
    full, empty = make_cohort(capacity=1), make_cohort(capacity=3)
    enroll_all([admitted_case(liaison) for _ in range(3)], full, liaison)
    assert seats_taken([full.id, empty.id]) == {full.id: 1, empty.id: 0}
    assert seats_taken([]) == {}
