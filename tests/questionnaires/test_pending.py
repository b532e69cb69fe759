"""What a participant should answer now: the profile once, the attitudes around the group day."""

from datetime import UTC, datetime, timedelta

import pytest

from johnschool.clock import program_date
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.questionnaires.pending import group_window, pending_questionnaires
from johnschool.questionnaires.services import record_response

from ..factories import make_user
from ..portal.builders import make_case
from .builders import attitude_answers, loaded, profile_answers, seated_participant

DAY = datetime(2031, 3, 12, 13, 0, tzinfo=UTC)  # the group day's first session starts


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison")


def pending(case, when):
    """(code, moment) of what the case should answer at when."""
    return [(due.code, due.moment) for due in pending_questionnaires(case, when)]


def test_before_the_group_day_the_profile_and_the_first_attitudes_are_pending(liaison):
    loaded()
    _, case = seated_participant(liaison, starts_at=DAY)
    assert pending(case, DAY - timedelta(days=3)) == [
        ("intake_profile", "intake"),
        ("attitudes", "before"),
    ]


def test_an_answered_questionnaire_is_no_longer_pending(liaison):
    versions = loaded()
    _, case = seated_participant(liaison, starts_at=DAY)
    profile = versions["intake_profile"]
    record_response(
        case, profile, "intake", profile_answers(profile), answered_by="liaison", by=liaison
    )
    db.session.commit()
    assert pending(case, DAY - timedelta(days=3)) == [("attitudes", "before")]


def test_the_first_attitudes_close_when_the_first_session_starts(liaison):
    versions = loaded()
    _, case = seated_participant(liaison, starts_at=DAY)
    record_response(
        case,
        versions["intake_profile"],
        "intake",
        profile_answers(versions["intake_profile"]),
        answered_by="participant",
        by=liaison,
    )
    db.session.commit()
    assert pending(case, DAY - timedelta(seconds=1)) == [("attitudes", "before")]
    assert pending(case, DAY) == []
    assert pending(case, DAY + timedelta(hours=1)) == []  # during the day: neither


def test_the_second_attitudes_open_once_the_last_session_has_ended(liaison):
    versions = loaded()
    _, case = seated_participant(liaison, starts_at=DAY)
    _, last_end = group_window(case)
    assert last_end == DAY + timedelta(hours=1, minutes=55)
    assert ("attitudes", "after") not in pending(case, last_end - timedelta(seconds=1))
    assert ("attitudes", "after") in pending(case, last_end)
    attitudes = versions["attitudes"]
    record_response(
        case, attitudes, "after", attitude_answers(attitudes), answered_by="participant", by=liaison
    )
    db.session.commit()
    assert ("attitudes", "after") not in pending(case, last_end + timedelta(days=2))


def test_a_date_stands_for_the_start_of_that_day_in_the_program_zone(liaison):
    loaded()
    _, case = seated_participant(liaison, starts_at=DAY)
    day = program_date(DAY)
    assert ("attitudes", "before") in pending(case, day)  # the morning of the day
    assert ("attitudes", "after") not in pending(case, day)
    assert ("attitudes", "after") in pending(case, day + timedelta(days=1))


def test_a_case_without_a_seat_is_asked_only_for_its_profile(liaison):
    loaded()
    case = make_case(liaison)
    assert pending(case, DAY) == [("intake_profile", "intake")]
    _, seated = seated_participant(liaison, starts_at=DAY)
    enrollment = db.session.query(Enrollment).filter_by(case_id=seated.id).one()
    enrollment.status = "waitlisted"
    db.session.commit()
    assert pending(seated, DAY - timedelta(days=1)) == [("intake_profile", "intake")]


def test_a_case_that_failed_is_not_asked_the_second_attitudes(liaison):
    loaded()
    _, case = seated_participant(liaison, starts_at=DAY)
    case.state = "failed"
    db.session.commit()
    assert ("attitudes", "after") not in pending(case, DAY + timedelta(days=5))


def test_nothing_is_pending_before_questionnaires_exist(liaison):
    _, case = seated_participant(liaison, starts_at=DAY)
    assert pending(case, DAY - timedelta(days=1)) == []
