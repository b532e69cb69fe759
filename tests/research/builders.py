"""Fill the research store directly, with Core bulk inserts: no case behind the records."""

from sqlalchemy import insert

from johnschool.extensions import db
from johnschool.research.models import (
    ResearchAnswer,
    ResearchAttitude,
    ResearchRecord,
    random_cell_key,
    random_record_id,
)

from ..factories import FIRST_SITE

RECORD = {
    "age_band": "25-34",
    "region": "QC-16",
    "site": FIRST_SITE,
    "language": "fr",
    "referral_source": "police",
    "outcome": "completed",
    "year": 2025,
    "reoffended_6": None,
    "reoffended_12": None,
    "reoffended_24": None,
}


def add_records(count: int, answers: dict | None = None, attitudes: dict | None = None, **facts):
    """Add count records with these facts, profile answers and attitudes; return their ids."""
    ids = [random_record_id() for _ in range(count)]
    db.session.execute(
        insert(ResearchRecord),
        [{"id": i, "cell_key": random_cell_key(), **RECORD, **facts} for i in ids],
    )
    if answers:
        rows = [
            {"record_id": i, "item_code": c, "value": v} for i in ids for c, v in answers.items()
        ]
        db.session.execute(insert(ResearchAnswer), rows)
    if attitudes:
        rows = [
            {"record_id": i, "item_code": code, "before": before, "after": after}
            for i in ids
            for code, (before, after) in attitudes.items()
        ]
        db.session.execute(insert(ResearchAttitude), rows)
    db.session.commit()
    return ids
