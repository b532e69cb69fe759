"""Individual follow-ups: requirements, scheduling with its warnings, and their pages."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from johnschool.clock import program_today
from johnschool.curriculum.models import Session
from johnschool.enrollment.follow_ups import (
    schedule_individual_session,
    set_follow_up_requirement,
)
from johnschool.enrollment.models import FollowUpRequirement
from johnschool.extensions import db
from johnschool.referrals.errors import CaseStateError

from ..factories import make_user
from ..query_counts import count_queries
from .builders import admitted_case, make_professional, referred_case

TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture
def liaison(app):
    """A court liaison reading English."""
    return make_user("liaison", language="en")


def at(days, hour, minutes=0):
    """A UTC moment days from today at hour:minutes in the program's time zone."""
    day = program_today() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minutes, tzinfo=TORONTO).astimezone(UTC)


@pytest.fixture
def needing(liaison):
    """An admitted case that needs two sexology sessions."""
    case = admitted_case(liaison)
    set_follow_up_requirement(case, "sexology", 2, by=liaison)
    db.session.commit()
    return case


def schedule(case, professional, by, *, day=3, start=10, force=False):
    """Schedule a one-hour sexology session and commit."""
    result = schedule_individual_session(
        case,
        professional,
        at(day, start),
        at(day, start + 1),
        "Bureau 2",
        discipline="sexology",
        by=by,
        force=force,
    )
    db.session.commit()
    return result


def test_requirement_is_set_changed_and_removed(liaison, needing):
    set_follow_up_requirement(needing, "sexology", 3, by=liaison)
    set_follow_up_requirement(needing, "health", 1, by=liaison)
    db.session.commit()
    rows = db.session.scalars(select(FollowUpRequirement).order_by("discipline")).all()
    assert [(r.discipline, r.session_count) for r in rows] == [("health", 1), ("sexology", 3)]
    set_follow_up_requirement(needing, "health", 0, by=liaison)
    db.session.commit()
    assert db.session.scalars(select(FollowUpRequirement.discipline)).all() == ["sexology"]


def test_requirement_is_refused_before_admission_and_out_of_range(liaison):
    with pytest.raises(CaseStateError):
        set_follow_up_requirement(referred_case(liaison), "sexology", 2, by=liaison)
    with pytest.raises(ValueError):
        set_follow_up_requirement(admitted_case(liaison), "sexology", 21, by=liaison)
    with pytest.raises(ValueError):
        set_follow_up_requirement(admitted_case(liaison), "astrology", 1, by=liaison)


def test_clean_scheduling_creates_an_individual_session_of_the_case(liaison, needing):
    result = schedule(needing, make_professional(), liaison)
    assert result.warnings == []
    session = result.session
    assert (session.kind, session.case_id, session.discipline) == (
        "individual",
        needing.id,
        "sexology",
    )
    assert session.starts_at == at(3, 10) and session.cohort_id is None


def test_professional_without_the_discipline_is_warned_and_nothing_is_saved(liaison, needing):
    result = schedule(needing, make_professional(disciplines=("law",)), liaison)
    assert result.session is None and result.warnings == ["missing_discipline"]
    assert db.session.scalars(select(Session)).all() == []


def test_unavailable_day_in_the_program_zone_is_warned(liaison, needing):
    day = program_today() + timedelta(days=3)
    professional = make_professional(unavailable=[day])
    # 22:00 in Toronto is the next day in UTC: the day that counts is the program's.
    assert schedule(needing, professional, liaison, start=22).warnings == ["unavailable"]
    assert schedule(needing, professional, liaison, day=4).warnings == []


def test_overlapping_session_of_the_professional_is_warned(liaison, needing):
    professional = make_professional()
    schedule(needing, professional, liaison, start=10)
    other = admitted_case(liaison)
    set_follow_up_requirement(other, "sexology", 1, by=liaison)
    overlapping = schedule_individual_session(
        other,
        professional,
        at(3, 10, 30),
        at(3, 11, 30),
        "Bureau 2",
        discipline="sexology",
        by=liaison,
    )
    assert overlapping.warnings == ["overlapping_session"]
    back_to_back = schedule(other, professional, liaison, start=11)
    assert back_to_back.warnings == [] and back_to_back.session is not None


def test_forced_scheduling_keeps_the_session_despite_warnings(liaison, needing):
    professional = make_professional(disciplines=("law",))
    result = schedule(needing, professional, liaison, force=True)
    assert result.session is not None and result.warnings == ["missing_discipline"]


def test_sessions_beyond_the_requirement_are_warned(liaison, needing):
    professional = make_professional()
    schedule(needing, professional, liaison, day=3)
    schedule(needing, professional, liaison, day=4)
    assert schedule(needing, professional, liaison, day=5).warnings == ["more_than_required"]


def test_scheduling_needs_a_requirement_and_an_end_after_the_start(liaison, needing):
    professional = make_professional()
    with force_locale("en"), pytest.raises(ValueError, match="requirement"):
        schedule_individual_session(
            needing, professional, at(3, 10), at(3, 11), "B", discipline="law", by=liaison
        )
    with force_locale("en"), pytest.raises(ValueError, match="end after"):
        schedule_individual_session(
            needing, professional, at(3, 10), at(3, 10), "B", discipline="sexology", by=liaison
        )


def test_follow_up_page_sets_a_requirement(client, sign_in, liaison):
    case = admitted_case(liaison)
    sign_in(liaison)
    response = client.post(
        f"/cases/{case.id}/follow-ups", data={"discipline": "health", "session_count": "2"}
    )
    assert response.status_code == 302
    assert "2 sessions required" in client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_follow_up_page_refuses_a_bad_count_and_keeps_it(client, sign_in, liaison):
    case = admitted_case(liaison)
    sign_in(liaison)
    response = client.post(
        f"/cases/{case.id}/follow-ups", data={"discipline": "health", "session_count": "25"}
    )
    assert response.status_code == 422 and 'value="25"' in response.get_data(as_text=True)


def session_form(professional, **changes):
    """The scheduling form's fields for a session three days from now."""
    day = program_today() + timedelta(days=3)
    return {
        "discipline": "sexology",
        "professional_id": str(professional.id),
        "day": day.isoformat(),
        "starts": "10:00",
        "ends": "11:00",
        "place": "Bureau 2",
        **changes,
    }


def test_scheduling_page_shows_warnings_then_schedules_when_forced(
    client, sign_in, liaison, needing
):
    professional = make_professional(name="Dr Law", disciplines=("law",))
    sign_in(liaison)
    held = client.post(
        f"/cases/{needing.id}/follow-ups/sessions/new", data=session_form(professional)
    )
    html = held.get_data(as_text=True)
    assert held.status_code == 422 and "does not teach this discipline" in html
    assert 'value="Bureau 2"' in html and db.session.scalars(select(Session)).all() == []
    forced = client.post(
        f"/cases/{needing.id}/follow-ups/sessions/new",
        data=session_form(professional, force="y"),
    )
    assert forced.status_code == 302
    session = db.session.scalars(select(Session)).one()
    assert session.starts_at == at(3, 10) and session.professional_id == professional.id


def test_scheduling_page_refuses_an_end_before_the_start(client, sign_in, liaison, needing):
    sign_in(liaison)
    response = client.post(
        f"/cases/{needing.id}/follow-ups/sessions/new",
        data=session_form(make_professional(), ends="09:00"),
    )
    assert response.status_code == 422
    assert "The session must end after it starts." in response.get_data(as_text=True)


def test_case_page_query_count_does_not_grow_with_follow_ups(client, sign_in, liaison, needing):
    sign_in(liaison)
    professional = make_professional()
    schedule(needing, professional, liaison, day=3)
    few = count_queries(client, f"/cases/{needing.id}")
    set_follow_up_requirement(needing, "health", 2, by=liaison)
    set_follow_up_requirement(needing, "sexology", 5, by=liaison)
    for day in range(4, 8):
        schedule(needing, make_professional(name=f"Dr {day}"), liaison, day=day)
    assert count_queries(client, f"/cases/{needing.id}") == few
