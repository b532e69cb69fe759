"""Creating and finding sites."""

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


def create_site(code: str, name_fr: str, name_en: str | None = None, time_zone: str = "") -> Site:
    """Create a site; its English name defaults to the French one."""
    code = code.strip().upper()
    if not CODE_PATTERN.match(code):
        raise SiteError(_l("A site code is 2 to 20 capital letters, digits or hyphens."))
    if find_site(code) is not None:
        raise SiteError(_l("A site with this code already exists."))
    name_fr = name_fr.strip()
    if not name_fr:
        raise SiteError(_l("A site needs a name."))
    time_zone = time_zone.strip()
    if time_zone:
        try:
            ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise SiteError(_l("Unknown time zone.")) from error
    site = Site(
        code=code, name_fr=name_fr, name_en=(name_en or name_fr).strip(), time_zone=time_zone
    )
    db.session.add(site)
    db.session.flush()
    record("site.created", f"site {code} created", object_type="site", object_id=site.id)
    return site


def site_for_user_creation(code: str | None) -> Site | None:
    """The site a new account belongs to: the one named, or the only one when none is named."""
    if code:
        site = find_site(code)
        if site is None:
            raise SiteError(_l("No site has this code."))
        return site
    return sole_site()
