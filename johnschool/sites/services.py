"""Creating and finding sites."""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from zoneinfo import available_timezones

import pytz
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..audit.services import record
from ..extensions import db
from .models import Site

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9-]{1,19}$")


class SiteError(ValueError):
    """A site cannot be created or found as asked; the message says why."""


def all_sites() -> list[Site]:
    """Every site, by code."""
    return list(db.session.scalars(select(Site).order_by(Site.code)))


def site_count() -> int:
    """How many sites the deployment has."""
    return db.session.scalar(select(func.count()).select_from(Site))


def find_site(code: str) -> Site | None:
    """The site of code (any case), or None."""
    return db.session.scalar(select(Site).where(Site.code == code.strip().upper()))


def sole_site() -> Site | None:
    """The one site while there is only one; None once there are several."""
    sites = db.session.scalars(select(Site).order_by(Site.id).limit(2)).all()
    return sites[0] if len(sites) == 1 else None


def create_site(
    code: str,
    name_fr: str,
    name_en: str | None = None,
    time_zone: str = "",
    *,
    default_fee: Decimal | None = None,
    allows_cross_site_make_ups: bool = False,
) -> Site:
    """Create a site; its English name defaults to the French one."""
    code = code.strip().upper()
    if not CODE_PATTERN.match(code):
        raise SiteError(_l("A site code is 2 to 20 capital letters, digits or hyphens."))
    if find_site(code) is not None:
        raise SiteError(_l("A site with this code already exists."))
    name_fr = name_fr.strip()
    if not name_fr:
        raise SiteError(_l("A site needs a name."))
    time_zone = checked_time_zone(time_zone)
    if default_fee is not None and default_fee < 0:
        raise SiteError(_l("A fee cannot be negative."))
    site = Site(
        code=code,
        name_fr=name_fr,
        name_en=(name_en or name_fr).strip(),
        time_zone=time_zone,
        default_fee=default_fee,
        allows_cross_site_make_ups=allows_cross_site_make_ups,
    )
    db.session.add(site)
    db.session.flush()
    record("site.created", f"site {code} created", object_type="site", object_id=site.id)
    return site


@cache
def known_time_zones() -> frozenset[str]:
    """The IANA zones a site may have: those zoneinfo and Flask-Babel (pytz) both read.

    zoneinfo also opens files that are no zone ("localtime", "Factory"), which
    Flask-Babel would refuse on every page of the site's people.
    """
    return frozenset(available_timezones() & pytz.all_timezones_set)


def checked_time_zone(time_zone: str) -> str:
    """The time zone trimmed, or SiteError when it is not an IANA zone."""
    time_zone = (time_zone or "").strip()
    if time_zone and time_zone not in known_time_zones():
        raise SiteError(_l("Unknown time zone."))
    return time_zone


@dataclass
class SiteChanges:
    """What an edit of a site sets: names, time zone, default fee, cross-site make-ups."""

    name_fr: str
    name_en: str = ""
    time_zone: str = ""
    default_fee: Decimal | None = None
    allows_cross_site_make_ups: bool = False


def update_site(site: Site, changes: SiteChanges) -> Site:
    """Change a site's names, time zone, default fee or make-up setting, and record it."""
    name_fr = changes.name_fr.strip()
    if not name_fr:
        raise SiteError(_l("A site needs a name."))
    if changes.default_fee is not None and changes.default_fee < 0:
        raise SiteError(_l("A fee cannot be negative."))
    values = {
        "name_fr": name_fr,
        "name_en": (changes.name_en or name_fr).strip(),
        "time_zone": checked_time_zone(changes.time_zone),
        "default_fee": changes.default_fee,
        "allows_cross_site_make_ups": bool(changes.allows_cross_site_make_ups),
    }
    changed = sorted(name for name, value in values.items() if getattr(site, name) != value)
    for name in changed:
        setattr(site, name, values[name])
    db.session.flush()
    if changed:
        record(
            "site.updated",
            f"site {site.code} updated",
            object_type="site",
            object_id=site.id,
            data={"fields": changed},
        )
    return site


def site_for_user_creation(code: str | None) -> Site | None:
    """The site a new account belongs to: the one named, or the only one when none is named."""
    if code:
        site = find_site(code)
        if site is None:
            raise SiteError(_l("No site has this code."))
        return site
    return sole_site()
