"""The store's tables hold no identifier: their columns, and the values a real case leaves."""

from datetime import date

from sqlalchemy import inspect, select

from johnschool.extensions import db
from johnschool.research.models import ResearchAnswer, ResearchAttitude, ResearchRecord

from ..factories import make_user
from .test_store_sync import referral

ALLOWED = {
    "research_record": {
        "id",
        "cell_key",
        "age_band",
        "region",
        "site",  # a city where the program runs: coarse, shared by all its cases
        "language",
        "referral_source",
        "outcome",
        "year",
        "reoffended_6",
        "reoffended_12",
        "reoffended_24",
    },
    "research_answer": {"id", "record_id", "item_code", "value"},
    "research_attitude": {"id", "record_id", "item_code", "before", "after"},
}


def test_the_store_tables_have_only_coarse_columns(app):
    inspector = inspect(db.engine)
    for table, allowed in ALLOWED.items():
        assert {column["name"] for column in inspector.get_columns(table)} == allowed
        assert not inspector.get_foreign_keys(table) or all(
            key["referred_table"] == "research_record" for key in inspector.get_foreign_keys(table)
        )


def test_a_case_leaves_no_name_date_file_number_or_postal_code_in_the_store(app):
    case = referral(make_user("liaison"), given_name="Zébulon", family_name="Quintal")
    db.session.commit()
    assert case.research_record is not None
    values = []
    for model in (ResearchRecord, ResearchAnswer, ResearchAttitude):
        for row in db.session.execute(select(model)).all():
            values += [str(value) for value in row[0].__dict__.values()]
    text = " ".join(values)
    for secret in ("Zébulon", "Quintal", "J4K", "1A1", "500-01", "1980", str(date(2026, 9, 1))):
        assert secret not in text


def test_record_ids_do_not_follow_the_order_cases_were_made_in(app):
    liaison = make_user("liaison")
    cases = [referral(liaison, given_name=f"Client {n}") for n in range(12)]
    db.session.commit()
    ids = [case.research_record.id for case in cases]
    assert len(set(ids)) == 12
    assert ids != sorted(ids) and ids != sorted(ids, reverse=True)
    assert min(ids) > 10**6  # random over a wide range, not counters
