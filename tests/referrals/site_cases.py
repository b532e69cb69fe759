"""Builders of a deployment with two sites (MTL, the first, and QC) and their cases."""

import itertools
from dataclasses import dataclass
from datetime import date

from johnschool.auth.models import User
from johnschool.extensions import db
from johnschool.referrals.models import Case
from johnschool.referrals.services import create_referral, record_admission, record_consent
from johnschool.sites.models import Site
from johnschool.sites.services import find_site

from ..factories import FIRST_SITE, make_site, make_user

_numbers = itertools.count(1)
OFFENCE_DATE = date(2026, 10, 1)


@dataclass
class TwoSites:
    """Two sites, a liaison of each, an admin of QC and a province-wide admin."""

    mtl: Site
    qc: Site
    mtl_liaison: User
    qc_liaison: User
    qc_admin: User
    province_admin: User


def two_sites() -> TwoSites:
    """Add the site QC to the first one (MTL), with the people of both."""
    qc = make_site("QC", "Québec")
    mtl = find_site(FIRST_SITE)
    return TwoSites(
        mtl=mtl,
        qc=qc,
        mtl_liaison=make_user("liaison", language="en", site=mtl),
        qc_liaison=make_user("liaison", language="en", site=qc),
        qc_admin=make_user("admin", language="en", site=qc),
        province_admin=make_user("admin", language="en"),
    )


def site_case(
    by, *, site=None, family_name=None, given_name="Paul", birth_date=date(1979, 6, 15), **referral
) -> Case:
    """A referral entered by by (at site, for a province-wide admin), screened and committed."""
    number = next(_numbers)
    case = create_referral(
        {
            "family_name": family_name or f"Client{number:03d}",
            "given_name": given_name,
            "birth_date": birth_date,
            "language": "fr",
        },
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": OFFENCE_DATE,
            "court_file": f"500-01-{number:06d}-261",
            "involves_minor": False,
            "received_on": date(2026, 11, 1),
            **referral,
        },
        [],
        by=by,
        site_id=site.id if site is not None else None,
    )
    db.session.commit()
    return case


def admit(case, by) -> Case:
    """Take an eligible case through consent and the prosecutor's admission; commit."""
    day = date(2026, 11, 2)
    record_consent(case, counsel_advised=True, accepts_responsibility=True, consented_on=day, by=by)
    record_admission(case, prosecutor="Me Fortin", admitted_on=day, by=by)
    db.session.commit()
    return case
