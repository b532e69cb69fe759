"""The research store follows the cases through every flush, with no identifier in it."""

from datetime import date

from sqlalchemy import select

from johnschool.extensions import db
from johnschool.referrals.services import create_referral, return_to_prosecutor
from johnschool.research.models import ResearchLink, ResearchRecord
from johnschool.research.store import age_band

from ..factories import make_user


def referral(liaison, **client):
    """A referral of a client born in 1980 in Longueuil, with a violent prior."""
    person = {
        "family_name": "Roy",
        "given_name": "Paul",
        "birth_date": date(1980, 6, 1),
        "postal_code": "J4K 1A1",
    } | client
    return create_referral(
        person,
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": date(2026, 9, 1),
            "court_file": "500-01-000001-261",
        },
        [{"offence_code": "266"}],
        by=liaison,
    )


def test_a_new_case_gets_a_coarse_record_and_keeps_it_current(app):
    liaison = make_user("liaison")
    case = referral(liaison)
    db.session.commit()
    record = db.session.get(ResearchRecord, case.research_record.id)
    assert (record.age_band, record.region, record.referral_source, record.outcome) == (
        "45-54",
        "QC-16",
        "police",
        "ineligible",
    )
    assert record.year == case.received_on.year
    return_to_prosecutor(case, by=liaison)
    db.session.commit()
    assert db.session.get(ResearchRecord, case.research_record.id).outcome == "returned"
    link = select(ResearchLink.record_id).where(ResearchLink.case_id == case.id)
    assert db.session.scalar(link) == record.id


def test_the_record_holds_no_identifier(app):
    columns = set(ResearchRecord.__table__.columns.keys())
    assert columns == {
        "id",
        "cell_key",
        "age_band",
        "region",
        "site",
        "language",
        "referral_source",
        "outcome",
        "year",
        "reoffended_6",
        "reoffended_12",
        "reoffended_24",
    }


def test_age_bands_are_coarse_and_unknown_stays_unknown():
    assert age_band(date(2000, 1, 2), date(2025, 1, 1)) == "18-24"
    assert age_band(date(2000, 1, 1), date(2025, 1, 1)) == "25-34"
    assert age_band(date(1950, 1, 1), date(2026, 1, 1)) == "65+"
    assert age_band(None, date(2026, 1, 1)) is None
    assert age_band(date(2010, 1, 1), date(2026, 1, 1)) is None
