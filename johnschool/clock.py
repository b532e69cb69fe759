"""The program's time zone: times are stored in UTC and shown, dated, in this zone."""

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from flask import current_app


@cache
def zone(name: str) -> ZoneInfo:
    """The time zone called name."""
    return ZoneInfo(name)


def program_zone() -> ZoneInfo:
    """The program's time zone (PROGRAM_TIMEZONE, America/Toronto by default)."""
    return zone(current_app.config["PROGRAM_TIMEZONE"])


def program_today() -> date:
    """Today's date in the program's time zone."""
    return datetime.now(program_zone()).date()


def program_date(moment: datetime) -> date:
    """The date of a UTC moment in the program's time zone."""
    return moment.astimezone(program_zone()).date()
