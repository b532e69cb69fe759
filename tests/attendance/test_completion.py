"""The completion rule: exactly what is missing, one requirement at a time."""

from datetime import timedelta
from decimal import Decimal

import pytest

from johnschool.attendance.completion import (
    Missing,
    attended_sessions,
    completion_date,
    missing_requirements,
)
from johnschool.attendance.models import Attendance
from johnschool.clock import program_today
from johnschool.extensions import db
from johnschool.referrals.fees import record_payment, waive_fee
from johnschool.referrals.settings import program_settings

from ..factories import make_user
from .program import (
    days_ago,
    enroll,
    make_cohort,
    make_individual_session,
    make_module,
    make_session,
)


@pytest.fixture
def liaison(app):
    return make_user("liaison")


@pytest.fixture
def program(liaison):
    """Two required modules and an optional one, one cohort, its sessions last week."""
    law, health = make_module("LAW"), make_module("HEALTH", discipline="health")
    optional = make_module("EXTRA", required=False)
    cohort = make_cohort()
    sessions = {
        "LAW": make_session(cohort, law, days_ago(7)),
        "HEALTH": make_session(cohort, health, days_ago(7), hour=11),
        "EXTRA": make_session(cohort, optional, days_ago(7), hour=13),
    }
    enrollment = enroll(liaison, cohort)
    db.session.commit()
    return {
        "cohort": cohort,
        "sessions": sessions,
        "enrollment": enrollment,
        "modules": (law, health),
    }


def mark(enrollment, session, status="present", minutes_late=None):
    """Record how enrollment attended session."""
    db.session.add(
        Attendance(
            session_id=session.id,
            enrollment_id=enrollment.id,
            status=status,
            minutes_late=minutes_late,
        )
    )
    db.session.flush()


def pay_all(enrollment, by, paid_on=None):
    """Pay the whole default fee."""
    record_payment(
        enrollment.case,
        "300.00",
        method="cash",
        receipt="R-1",
        paid_on=paid_on or program_today(),
        by=by,
    )


def attend_everything(program):
    """Mark the enrollment present at both required modules."""
    for code in ("LAW", "HEALTH"):
        mark(program["enrollment"], program["sessions"][code])


def test_nothing_done_lists_every_module_and_the_fee(program):
    assert missing_requirements(program["enrollment"]) == [
        Missing("module", code="LAW"),
        Missing("module", code="HEALTH"),
        Missing("fee", amount=Decimal("300.00")),
    ]


def test_everything_attended_and_paid_misses_nothing(program, liaison):
    attend_everything(program)
    pay_all(program["enrollment"], liaison)
    assert missing_requirements(program["enrollment"]) == []


def test_one_module_missed_is_the_only_thing_missing(program, liaison):
    mark(program["enrollment"], program["sessions"]["LAW"])
    pay_all(program["enrollment"], liaison)
    assert missing_requirements(program["enrollment"]) == [Missing("module", code="HEALTH")]


def test_an_optional_module_is_never_missing(program, liaison):
    attend_everything(program)
    pay_all(program["enrollment"], liaison)
    codes = [item.code for item in missing_requirements(program["enrollment"])]
    assert "EXTRA" not in codes


def test_fee_balance_alone_is_missing_with_its_amount(program, liaison):
    attend_everything(program)
    record_payment(
        program["enrollment"].case,
        "100.00",
        method="cash",
        receipt="R-1",
        paid_on=program_today(),
        by=liaison,
    )
    assert missing_requirements(program["enrollment"]) == [Missing("fee", amount=Decimal("200.00"))]


def test_a_waived_fee_is_not_missing(program):
    attend_everything(program)
    waive_fee(program["enrollment"].case, "Sans revenu", by=make_user("admin"))
    assert missing_requirements(program["enrollment"]) == []


def test_a_payment_dated_after_the_deadline_does_not_settle_the_fee(program, liaison):
    attend_everything(program)
    case = program["enrollment"].case
    case.deadline = days_ago(2)
    pay_all(program["enrollment"], liaison, paid_on=days_ago(1))
    missing = missing_requirements(program["enrollment"])
    assert missing == [
        Missing("fee", amount=Decimal("300.00")),
        Missing("deadline", day=days_ago(2)),
    ]


def test_deadline_passed_is_listed_when_something_is_still_missing(program, liaison):
    mark(program["enrollment"], program["sessions"]["LAW"])
    pay_all(program["enrollment"], liaison, paid_on=days_ago(8))
    program["enrollment"].case.deadline = days_ago(1)
    assert missing_requirements(program["enrollment"]) == [
        Missing("module", code="HEALTH"),
        Missing("deadline", day=days_ago(1)),
    ]


def test_deadline_passed_is_not_missing_when_everything_was_met_in_time(program, liaison):
    attend_everything(program)
    pay_all(program["enrollment"], liaison, paid_on=days_ago(6))
    program["enrollment"].case.deadline = days_ago(5)
    assert missing_requirements(program["enrollment"]) == []


def test_a_session_after_the_deadline_does_not_count(program, liaison):
    attend_everything(program)
    pay_all(program["enrollment"], liaison, paid_on=days_ago(9))
    program["enrollment"].case.deadline = days_ago(8)
    assert {item.code for item in missing_requirements(program["enrollment"])} >= {"LAW", "HEALTH"}
    assert attended_sessions(program["enrollment"]) == []


@pytest.mark.parametrize(("minutes", "counts"), [(1, True), (15, True), (16, False), (90, False)])
def test_late_counts_up_to_the_tolerance_and_beyond_it_is_absent(program, liaison, minutes, counts):
    mark(program["enrollment"], program["sessions"]["LAW"], "late", minutes)
    mark(program["enrollment"], program["sessions"]["HEALTH"])
    pay_all(program["enrollment"], liaison)
    missing = missing_requirements(program["enrollment"])
    assert (missing == []) is counts


def test_the_tolerance_is_the_admin_setting(program, liaison):
    program_settings().late_tolerance_minutes = 30
    mark(program["enrollment"], program["sessions"]["LAW"], "late", 25)
    mark(program["enrollment"], program["sessions"]["HEALTH"])
    pay_all(program["enrollment"], liaison)
    assert missing_requirements(program["enrollment"]) == []


@pytest.mark.parametrize("status", ["excused", "absent"])
def test_excused_or_absent_does_not_complete_a_module(program, liaison, status):
    mark(program["enrollment"], program["sessions"]["LAW"], status)
    mark(program["enrollment"], program["sessions"]["HEALTH"])
    pay_all(program["enrollment"], liaison)
    assert missing_requirements(program["enrollment"]) == [Missing("module", code="LAW")]


def test_a_make_up_in_another_cohort_completes_the_module(program, liaison):
    other = make_cohort()
    law = program["modules"][0]
    make_up = make_session(other, law, days_ago(2))
    mark(program["enrollment"], program["sessions"]["LAW"], "absent")
    mark(program["enrollment"], make_up)
    mark(program["enrollment"], program["sessions"]["HEALTH"])
    pay_all(program["enrollment"], liaison)
    assert missing_requirements(program["enrollment"]) == []


def test_a_cancelled_session_does_not_count(program, liaison):
    attend_everything(program)
    pay_all(program["enrollment"], liaison)
    program["sessions"]["LAW"].is_cancelled = True
    assert missing_requirements(program["enrollment"]) == [Missing("module", code="LAW")]


def test_individual_sessions_are_counted_by_discipline(liaison):
    cohort = make_cohort()
    enrollment = enroll(liaison, cohort, follow_ups={"sexology": 3, "health": 1})
    waive_fee(enrollment.case, "Sans revenu", by=make_user("admin"))
    first = make_individual_session(enrollment.case, days_ago(3))
    mark(enrollment, first)
    excused = make_individual_session(enrollment.case, days_ago(2))
    mark(enrollment, excused, "excused")
    assert missing_requirements(enrollment) == [
        Missing("individual", code="health", count=1),
        Missing("individual", code="sexology", count=2),
    ]


def test_individual_sessions_all_attended_complete(liaison):
    cohort = make_cohort()
    enrollment = enroll(liaison, cohort, follow_ups={"sexology": 2})
    waive_fee(enrollment.case, "Sans revenu", by=make_user("admin"))
    for day in (4, 3):
        mark(enrollment, make_individual_session(enrollment.case, days_ago(day)))
    assert missing_requirements(enrollment) == []
    assert completion_date(enrollment) == days_ago(3)


def test_completion_date_is_the_day_the_last_requirement_was_met(program, liaison):
    mark(program["enrollment"], program["sessions"]["LAW"])
    mark(program["enrollment"], program["sessions"]["HEALTH"])
    later_extra = make_session(make_cohort(), program["modules"][0], days_ago(1))
    mark(program["enrollment"], later_extra)  # a second time: meets nothing new
    pay_all(program["enrollment"], liaison, paid_on=days_ago(3))
    assert completion_date(program["enrollment"]) == days_ago(3)


def test_completion_date_is_none_while_something_is_missing(program):
    mark(program["enrollment"], program["sessions"]["LAW"])
    assert completion_date(program["enrollment"]) is None


def test_missing_to_json_is_what_the_api_shows(app):
    assert Missing("fee", amount=Decimal("12.5")).to_json() == {"kind": "fee", "amount": "12.50"}
    assert Missing("individual", code="sexology", count=2).to_json() == {
        "kind": "individual",
        "code": "sexology",
        "count": 2,
    }
    deadline = program_today() + timedelta(days=1)
    assert Missing("deadline", day=deadline).to_json() == {
        "kind": "deadline",
        "day": deadline.isoformat(),
    }
