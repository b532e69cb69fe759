"""Time zones: times are stored in UTC and shown, dated, in the zone they belong to.

A session's times belong to its site, a site's zone being its own IANA zone or, when
it has none, the program's (PROGRAM_TIMEZONE). Program-wide dates (deadlines, research
retention, audit filters, digests) stay in the program's zone.
"""

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from flask import current_app


@cache
def zone(name: str) -> ZoneInfo:
    """The time zone called name."""
    return ZoneInfo(name)


def now() -> datetime:
    """The current moment in UTC, from which every "today" is dated."""
    return datetime.now(UTC)


def program_zone_name() -> str:
    """The name of the program's time zone (PROGRAM_TIMEZONE, America/Toronto by default)."""
    return current_app.config["PROGRAM_TIMEZONE"]


def program_zone() -> ZoneInfo:
    """The program's time zone."""
    return zone(program_zone_name())


def program_today() -> date:
    """Today's date in the program's time zone."""
    return program_date(now())


def program_date(moment: datetime) -> date:
    """The date of a UTC moment in the program's time zone."""
    return moment.astimezone(program_zone()).date()


def site_zone_name(site) -> str:
    """The name of site's zone: its own, or the program's when it has none (or no site)."""
    own = site.time_zone if site is not None else ""
    return own or program_zone_name()


def site_zone(site) -> ZoneInfo:
    """The time zone of site (a Site or None): its own, or the program's when it has none."""
    return zone(site_zone_name(site))


def site_today(site) -> date:
    """Today's date in site's time zone."""
    return site_date(now(), site)


def site_date(moment: datetime, site) -> date:
    """The date of a UTC moment in site's time zone."""
    return moment.astimezone(site_zone(site)).date()


def site_of(row):
    """The site of a session, cohort or professional, loaded once per database session.

    The relationship keeps the site at hand for every row of a list; a row not yet
    flushed has none loaded, so its site is then looked up by id.
    """
    site = row.site
    if site is None and row.site_id is not None:
        # Imported here: the sites package reaches the clock through the audit pages.
        from .extensions import db
        from .sites.models import Site

        site = db.session.get(Site, row.site_id)
    return site


def session_zone(session) -> ZoneInfo:
    """The time zone of a session (or cohort): its site's."""
    return site_zone(site_of(session))


def session_local(moment: datetime, session) -> datetime:
    """A UTC moment of session (or cohort) on the clock of the session's site."""
    return moment.astimezone(session_zone(session))


def session_day(session) -> date:
    """The day a session starts, on its site's clock."""
    return session_local(session.starts_at, session).date()
