"""Two participants with a login and a seat: one whose case is at MTL, one at QC."""

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from johnschool.auth.models import User
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.referrals.models import Case
from johnschool.sites.models import Site
from johnschool.sites.services import find_site

from ..factories import FIRST_SITE, make_site, make_user
from .builders import make_module, make_participant

_emails = itertools.count(1)
SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)


@dataclass
class SiteParticipant:
    """One site's participant, their case, and the site's people."""

    site: Site
    participant: User
    case: Case
    liaison: User
    admin: User


def _participant(liaison, modules, place, starts_at):
    return make_participant(
        liaison,
        email=f"site-participant{next(_emails)}@example.org",
        modules=modules,
        place=place,
        starts_at=starts_at,
        language="en",
    )


def two_site_participants(
    *, qc_site_name="Québec", starts_at=SOON
) -> tuple[SiteParticipant, SiteParticipant, User]:
    """MTL's and QC's participants (cases enrolled), and a province-wide admin; committed.

    Both are built while MTL is the only site, then QC's case, cohort and sessions move to QC.
    """
    modules = [make_module(), make_module()]
    built = []
    for place in ("Salle Montréal, 10 rue Ouest", "Salle Capitale, 20 rue Est"):
        liaison = make_user("liaison", language="en")
        user, case = _participant(liaison, modules, place, starts_at)
        case.state = "enrolled"
        built.append((user, case, liaison))
    db.session.commit()
    qc_site, mtl_site = make_site("QC", qc_site_name), find_site(FIRST_SITE)
    user, case, liaison = built[1]
    cohort = (
        db.session.scalars(select(Enrollment).where(Enrollment.case_id == case.id)).one().cohort
    )
    for row in (case, cohort, *cohort.sessions, liaison):
        row.site_id = qc_site.id
    db.session.commit()
    province_admin = make_user("admin", language="en")
    worlds = [
        SiteParticipant(site, *rows, admin=make_user("admin", language="en", site=site))
        for site, rows in zip((mtl_site, qc_site), built, strict=True)
    ]
    return worlds[0], worlds[1], province_admin
