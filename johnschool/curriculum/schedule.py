"""When a cohort's sessions take place: the one-day and the weekly formats, as pure functions.

Times are worked out in the cohort's site's time zone and returned in UTC. Within one day the
sessions follow each other in elapsed time (a pause between modules), so a change of
daylight-saving time during the day moves the clock, not the length of a session; week
after week the sessions keep the same wall-clock time.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

PAUSE = timedelta(minutes=15)
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Slot:
    """When one module of a cohort takes place, in UTC."""

    module_id: int
    starts_at: datetime
    ends_at: datetime


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC moment of a wall-clock time on a day in zone."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def one_day_slots(modules, day: date, start: time, zone: ZoneInfo) -> list[Slot]:
    """Every module on one day, one after the other, with a pause between two."""
    slots, starts_at = [], local_moment(day, start, zone)
    for module_id, minutes in modules:
        ends_at = starts_at + timedelta(minutes=minutes)
        slots.append(Slot(module_id, starts_at, ends_at))
        starts_at = ends_at + PAUSE
    return slots


def weekly_slots(modules, first_day: date, start: time, zone: ZoneInfo) -> list[Slot]:
    """One module a week, on the same weekday and at the same time, from first_day."""
    slots = []
    for week, (module_id, minutes) in enumerate(modules):
        starts_at = local_moment(first_day + week * WEEK, start, zone)
        slots.append(Slot(module_id, starts_at, starts_at + timedelta(minutes=minutes)))
    return slots


def plan_slots(cohort_format: str, modules, first_day: date, start: time, zone) -> list[Slot]:
    """The slots of (module id, minutes) pairs, in order, for a cohort format."""
    plan = one_day_slots if cohort_format == "one_day" else weekly_slots
    return plan(list(modules), first_day, start, zone)


def ends_on_its_day(slots: list[Slot], day: date, zone: ZoneInfo) -> bool:
    """Tell whether a one-day plan ends before midnight of its day."""
    return not slots or slots[-1].ends_at.astimezone(zone).date() == day


def overlaps(first_start: datetime, first_end: datetime, start: datetime, end: datetime) -> bool:
    """Tell whether two spans of time share a moment (touching ends do not)."""
    return first_start < end and start < first_end


def has_overlap(slots: list[Slot]) -> bool:
    """Tell whether any two slots of a plan overlap."""
    ordered = sorted(slots, key=lambda slot: slot.starts_at)
    return any(later.starts_at < earlier.ends_at for earlier, later in pairwise(ordered))
