"""Sessions generated from the curriculum: dates, times, order and place, in both formats."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from johnschool.curriculum.errors import CurriculumError
from johnschool.curriculum.models import Module
from johnschool.curriculum.schedule import Slot, has_overlap, one_day_slots, weekly_slots
from johnschool.curriculum.services import active_modules
from johnschool.extensions import db

from .helpers import make_cohort

TORONTO = ZoneInfo("America/Toronto")


def local(moment):
    """A UTC moment as Toronto wall-clock (date, HH:MM)."""
    at = moment.astimezone(TORONTO)
    return at.date().isoformat(), at.strftime("%H:%M")


def test_one_day_runs_every_module_in_order_with_fifteen_minute_pauses(today, curriculum):
    cohort = make_cohort()
    times = [(local(s.starts_at), local(s.ends_at)) for s in cohort.sessions]
    assert [start[1] + "-" + end[1] for start, end in times] == [
        "09:00-10:00",
        "10:15-11:30",
        "11:45-12:45",
        "13:00-14:15",
        "14:30-15:15",
        "15:30-16:45",
    ]
    assert {start[0] for start, _ in times} == {"2026-10-17"}
    assert [s.module.code for s in cohort.sessions] == [m.code for m in active_modules()]


def test_sessions_take_the_cohorts_place_and_the_modules_discipline(today, curriculum):
    cohort = make_cohort(place="Centre communautaire")
    assert {s.place for s in cohort.sessions} == {"Centre communautaire"}
    assert [s.discipline for s in cohort.sessions] == [
        "law",
        "police",
        "health",
        "survivor",
        "community",
        "sexology",
    ]


def test_one_day_start_time_is_in_the_program_time_zone_and_stored_in_utc(today, curriculum):
    cohort = make_cohort(start_time=time(8, 30))
    first = cohort.sessions[0]
    # 2026-10-17 is in daylight-saving time: 8:30 in Toronto is 12:30 UTC.
    assert first.starts_at == datetime(2026, 10, 17, 12, 30, tzinfo=UTC)


def test_weekly_keeps_the_wall_clock_time_across_the_end_of_daylight_saving(today, curriculum):
    cohort = make_cohort(format="weekly", starts_on=date(2026, 10, 19), start_time=time(18, 30))
    starts = [local(s.starts_at) for s in cohort.sessions]
    assert starts == [
        ("2026-10-19", "18:30"),
        ("2026-10-26", "18:30"),
        ("2026-11-02", "18:30"),
        ("2026-11-09", "18:30"),
        ("2026-11-16", "18:30"),
        ("2026-11-23", "18:30"),
    ]
    # Same local time, one more hour to UTC once standard time is back.
    assert cohort.sessions[1].starts_at.hour == 22
    assert cohort.sessions[2].starts_at.hour == 23
    assert [s.module.position for s in cohort.sessions] == [1, 2, 3, 4, 5, 6]


def test_weekly_sessions_last_as_long_as_their_module(today, curriculum):
    cohort = make_cohort(format="weekly", starts_on=date(2026, 10, 19))
    lengths = [(s.ends_at - s.starts_at).seconds // 60 for s in cohort.sessions]
    assert lengths == [s.module.duration_minutes for s in cohort.sessions]


def test_one_day_on_the_night_of_the_clock_change_keeps_real_durations():
    slots = one_day_slots([(1, 60), (2, 60)], date(2026, 11, 1), time(0, 30), TORONTO)
    assert [(s.ends_at - s.starts_at).seconds for s in slots] == [3600, 3600]
    # 0:30 EDT + 60 min = 1:30 EDT; +15 min pause = 1:45 EDT; +60 min = 1:45 EST.
    assert [s.ends_at.astimezone(TORONTO).strftime("%H:%M") for s in slots] == ["01:30", "01:45"]


def test_order_follows_position_and_leaves_inactive_modules_out(today, curriculum):
    modules = {m.code: m for m in db.session.scalars(db.select(Module))}
    modules["sexuality_and_relationships"].position = 0
    modules["community_impact"].is_active = False
    db.session.commit()
    cohort = make_cohort()
    codes = [s.module.code for s in cohort.sessions]
    assert codes[0] == "sexuality_and_relationships"
    assert "community_impact" not in codes and len(codes) == 5


def test_a_day_ending_after_midnight_is_refused_on_the_start_time(today, curriculum):
    with pytest.raises(CurriculumError) as refused:
        make_cohort(start_time=time(17, 0))
    assert set(refused.value.fields) == {"start_time"}


def test_a_cohort_needs_modules_in_force(today, app):
    with pytest.raises(CurriculumError) as refused:
        make_cohort()
    assert "format" in refused.value.fields


def test_generated_plans_never_overlap_and_a_crossing_pair_is_found():
    zone = ZoneInfo("America/Toronto")
    modules = [(1, 60), (2, 480), (3, 90)]
    assert not has_overlap(one_day_slots(modules, date(2026, 3, 8), time(8, 0), zone))
    assert not has_overlap(weekly_slots(modules, date(2026, 3, 1), time(8, 0), zone))
    at = datetime(2026, 3, 1, 14, tzinfo=UTC)
    touching = [Slot(1, at, at.replace(hour=15)), Slot(2, at.replace(hour=15), at.replace(hour=16))]
    assert not has_overlap(touching)
    crossing = [touching[1], Slot(3, at.replace(hour=14, minute=30), at.replace(hour=15, minute=1))]
    assert has_overlap(crossing)
