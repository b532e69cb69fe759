"""Fill the research store with synthetic de-identified records, by Core bulk inserts.

Each record gets the record columns and five profile answers, drawn from fixed
weights with a fixed seed (same seed, same data); two in three get ten attitude
items before and after. No case stands behind these records: the statistics read
the store alone.

    python bench/research_data.py --records 100000 [--database-url URL]
"""

import argparse
import random

from sqlalchemy import insert

from johnschool.extensions import db
from johnschool.referrals.models import SOURCES
from johnschool.research.models import (
    CELL_KEY_RANGE,
    RECORD_ID_BITS,
    ResearchAnswer,
    ResearchAttitude,
    ResearchRecord,
)
from johnschool.research.regions import QUEBEC_REGIONS

BATCH = 5000
AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+", None]
OUTCOMES = ["completed", "failed", "withdrawn", "returned", "ineligible", "enrolled"]
PROFILE = {
    "marital_status": ["single", "married", "common_law", "separated", "divorced", "widowed"],
    "education": ["primary", "secondary", "college", "university"],
    "employment": ["employed", "self_employed", "unemployed", "student", "retired"],
    "income_band": ["under_30k", "30k_60k", "60k_100k", "over_100k"],
    "purchase_venue": ["street", "online", "massage_parlour", "escort_agency", "other"],
}
ATTITUDES = [f"attitude_{n:02d}" for n in range(1, 11)]


def _record(rng: random.Random, record_id: int) -> dict:
    """One synthetic record, skewed like a real program: most in Montérégie and Montréal."""
    regions = [f"QC-{code}" for code in QUEBEC_REGIONS]
    follow = rng.random() < 0.5
    return {
        "id": record_id,
        "cell_key": rng.randrange(CELL_KEY_RANGE),
        "age_band": rng.choices(AGE_BANDS, weights=[8, 25, 27, 20, 12, 5, 3])[0],
        "region": rng.choices(regions, weights=[1] * 5 + [30] + [1] * 9 + [25, 1])[0],
        "language": rng.choices(["fr", "en"], weights=[8, 2])[0],
        "referral_source": rng.choice(SOURCES),
        "outcome": rng.choices(OUTCOMES, weights=[50, 10, 5, 10, 15, 10])[0],
        "year": rng.randint(2015, 2026),
        "reoffended_6": rng.random() < 0.05 if follow else None,
        "reoffended_12": rng.random() < 0.08 if follow else None,
        "reoffended_24": None,
    }


def _rows(rng: random.Random, count: int):
    """The records, answers and attitudes of one batch, under random ids as the store's."""
    records, answers, attitudes = [], [], []
    for record_id in (rng.randrange(1, 2**RECORD_ID_BITS) for _ in range(count)):
        records.append(_record(rng, record_id))
        for code, values in PROFILE.items():
            answers.append({"record_id": record_id, "item_code": code, "value": rng.choice(values)})
        if rng.random() < 0.66:
            for code in ATTITUDES:
                before = rng.randint(1, 5)
                after = min(5, before + rng.choice([0, 0, 1, 1, 2]))
                attitudes.append(
                    {"record_id": record_id, "item_code": code, "before": before, "after": after}
                )
    return records, answers, attitudes


def insert_research_records(count: int, seed: int = 6) -> None:
    """Add count records with their answers, in batches, and commit."""
    rng = random.Random(seed)
    for start in range(0, count, BATCH):
        records, answers, attitudes = _rows(rng, min(BATCH, count - start))
        db.session.execute(insert(ResearchRecord), records)
        db.session.execute(insert(ResearchAnswer), answers)
        if attitudes:
            db.session.execute(insert(ResearchAttitude), attitudes)
    db.session.commit()


def main(argv=None) -> None:
    """Fill the store of the database the environment names."""
    from johnschool import create_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100000)
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    config = {"SQLALCHEMY_DATABASE_URI": args.database_url} if args.database_url else None
    with create_app(config).app_context():
        insert_research_records(args.records)
        print(f"research store: {args.records} records")


if __name__ == "__main__":
    main()
