"""The program's sites: the cities where it runs, each with its own cases and cohorts."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Numeric, String, select
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import db


class Site(db.Model):
    """A city where the program runs: its cases, cohorts, sessions and professionals."""

    __tablename__ = "site"
    __table_args__ = (
        CheckConstraint("default_fee IS NULL OR default_fee >= 0", name="default_fee"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name_fr: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    # An IANA zone; empty: the program's (PROGRAM_TIMEZONE).
    time_zone: Mapped[str] = mapped_column(String(60), default="", server_default="")
    # The fee assessed on this site's admitted cases; None: the program's default.
    default_fee: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    # A make-up may cross two sites only when both allow it.
    allows_cross_site_make_ups: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def name(self, language: str) -> str:
        """The name in language ("fr" or "en")."""
        return self.name_en if language == "en" else self.name_fr


class SiteNotGiven(Exception):
    """A row was written without a site while the deployment has several."""


def only_site_id(context) -> int:
    """The column default of every site_id: the one site, while there is only one.

    With several sites each service names the site it writes to; a row written
    without one is refused rather than filed in an arbitrary city.
    """
    ids = context.connection.execute(select(Site.id).order_by(Site.id).limit(2)).scalars().all()
    if len(ids) != 1:
        raise SiteNotGiven("name the site: the deployment has " + str(len(ids)) + " sites")
    return ids[0]
