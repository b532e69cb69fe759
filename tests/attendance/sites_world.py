"""Two sites, MTL and QC, each with a cohort, a session run by its staff and an enrollment."""

from dataclasses import dataclass

from johnschool.curriculum.models import Cohort, Professional, Session
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.sites.models import Site

from ..factories import make_site, make_user
from .program import at, days_ago, enroll, make_cohort, make_module, make_professional, make_session


@dataclass
class SiteRows:
    """One site's rows and people."""

    site: Site
    cohort: Cohort
    session: Session
    professional: Professional
    enrollment: Enrollment
    liaison: object
    staff: object
    admin: object


def move_to(site: Site, *rows) -> None:
    """File rows (cohorts, sessions, professionals, cases) in another site."""
    for row in rows:
        row.site_id = site.id


def two_sites() -> tuple[SiteRows, SiteRows, object]:
    """Build MTL's and QC's rows, and a province-wide admin; everything committed.

    The rows are written while MTL is the only site, then QC's are moved to QC.
    """
    law = make_module("LAW")
    built = []
    for _code in ("MTL", "QC"):
        liaison, staff = make_user("liaison", language="en"), make_user("staff", language="en")
        cohort = make_cohort()
        professional = make_professional(staff)
        session = make_session(cohort, law, days_ago(0), professional=professional)
        enrollment = enroll(liaison, cohort)
        built.append((cohort, session, professional, enrollment, liaison, staff))
    province_admin = make_user("admin", language="en")
    db.session.commit()
    mtl_site = db.session.scalar(db.select(Site).where(Site.code == "MTL"))
    qc_site = make_site("QC")
    cohort, session, professional, enrollment, liaison, staff = built[1]
    move_to(qc_site, cohort, session, professional, enrollment.case, liaison, staff)
    db.session.commit()
    worlds = []
    for site, rows in zip((mtl_site, qc_site), built, strict=True):
        site_admin = make_user("admin", site=site, language="en")
        worlds.append(SiteRows(site, *rows, admin=site_admin))
    return worlds[0], worlds[1], province_admin


def site_session(rows: SiteRows, day, *, hour=9) -> Session:
    """Another group session of LAW for the site's cohort, filed in its site."""
    session = Session(
        kind="group",
        site_id=rows.site.id,
        cohort_id=rows.cohort.id,
        module_id=rows.session.module_id,
        discipline=rows.session.discipline,
        starts_at=at(day, hour),
        ends_at=at(day, hour + 1),
        place="Salle 1",
    )
    db.session.add(session)
    db.session.flush()
    return session
