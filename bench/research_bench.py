"""Time a two-dimension suppressed statistics table against the bare GROUP BY in SQL.

Creates a temporary database (or uses an empty one given by --database-url), migrates
it, adds 100,000 research records (bench/research_data.py), then times, in alternating
rounds, johnschool.research.statistics.profile_table(["age_band", "marital_status"])
(the query, the categories, suppression and keyed rounding) and the same GROUP BY
written by hand, and prints the ratio of their medians. Target: at most 1.5.

    python bench/research_bench.py [--records 100000] [--rounds 15] [--database-url URL]
"""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from research_data import insert_research_records
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5
DIMENSIONS = ["age_band", "marital_status"]
RAW_SQL = text(
    "SELECT r.age_band, a.value, COUNT(*) FROM research_record r "
    "LEFT OUTER JOIN research_answer a ON a.record_id = r.id AND a.item_code = 'marital_status' "
    "GROUP BY r.age_band, a.value"
)


def parse_args(argv=None):
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: SQLite)")
    return parser.parse_args(argv)


def migrate(instance: Path, database_url: str | None) -> None:
    """Point the app at the bench database and create its schema with the migrations."""
    os.environ.update(
        JOHNSCHOOL_INSTANCE_PATH=str(instance), JOHNSCHOOL_SECRET_KEY=secrets.token_hex(32)
    )
    if database_url:
        os.environ["JOHNSCHOOL_DATABASE_URL"] = database_url
    flask = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "johnschool", "db", "upgrade"]
    subprocess.run(flask, cwd=ROOT, check=True, capture_output=True)


def timed(function) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure(rounds: int) -> tuple[float, float]:
    """Median seconds of the suppressed table and of the raw GROUP BY, alternating."""
    from johnschool.extensions import db
    from johnschool.research.statistics import Filters, profile_table

    ours, raw = [], []
    for _ in range(rounds):
        ours.append(timed(lambda: profile_table(DIMENSIONS, Filters())))
        db.session.rollback()
        raw.append(timed(lambda: db.session.execute(RAW_SQL).all()))
        db.session.rollback()
    return statistics.median(ours), statistics.median(raw)


def run(args, instance: Path) -> int:
    """Prepare the data, measure, print the report; exit 1 above the target."""
    migrate(instance, args.database_url)
    from johnschool import create_app
    from johnschool.extensions import db

    with create_app().app_context():
        insert_research_records(args.records)
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        measure(2)  # warm the caches
        ours, raw = measure(args.rounds)
    ratio = ours / raw
    print(f"research statistics, {args.records} records, {db_name(args)}, {args.rounds} rounds")
    print(f"  suppressed table {' × '.join(DIMENSIONS)}: {ours * 1000:.1f} ms (median)")
    print(f"  raw GROUP BY:                            {raw * 1000:.1f} ms (median)")
    mark = "" if ratio <= TARGET else f"  ABOVE TARGET {TARGET}"
    print(f"  ratio: {ratio:.2f} (target ≤ {TARGET}){mark}")
    return 0 if ratio <= TARGET else 1


def db_name(args) -> str:
    """The kind of database measured."""
    return "PostgreSQL" if args.database_url else "SQLite"


def main(argv=None) -> int:
    """Run in a temporary instance folder, removed afterwards."""
    args = parse_args(argv)
    instance = Path(tempfile.mkdtemp(prefix="johnschool-research-bench-"))
    try:
        return run(args, instance)
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
