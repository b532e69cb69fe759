"""Fill a johnschool database with many accounts and a long, correctly chained audit log.

Run after `flask --app johnschool db upgrade`, with the same JOHNSCHOOL_* environment:

    python bench/synthetic_data.py --users 20000 --audit 200000 [--database-url URL]
"""

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import func, insert, select, text

from johnschool import create_app
from johnschool.audit.models import AuditEntry, AuditHead
from johnschool.audit.services import ensure_head, entry_hash
from johnschool.auth.models import User
from johnschool.auth.passwords import hash_password
from johnschool.database import lock
from johnschool.extensions import db

EMAIL_DOMAIN = "bench.example"
BATCH_SIZE = 5000
HISTORY = timedelta(days=3 * 365)

FIRST_NAMES = (
    "Jean", "Marc", "Éric", "François", "Luc", "Stéphane", "Mathieu", "Olivier", "Benoît",
    "Łukasz", "Ștefan", "Nguyễn Văn", "Karim", "Mohamed", "David", "Kevin", "Simon", "Hugo",
    "Claire", "Sophie", "Isabelle", "Nathalie", "Marie-Ève", "Julie", "Amélie", "Chloé",
)  # fmt: skip
LAST_NAMES = (
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
    "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette",
    "Ó Súilleabháin", "Kowalski", "Popescu", "Tran", "Haddad", "Singh", "Smith", "Lee",
)  # fmt: skip
ROLE_WEIGHTS = {"participant": 85, "liaison": 7, "staff": 4, "researcher": 2, "admin": 2}
ACTIONS = (
    ("auth.login", "login", "user"),
    ("auth.logout", "logout", "user"),
    ("auth.login_failed", "login failed: wrong password", "user"),
    ("case.view", "client page viewed", "case"),
    ("case.screen", "referral screened", "case"),
    ("enrollment.create", "case enrolled in a cohort", "enrollment"),
    ("attendance.save", "attendance saved for a session", "session"),
    ("certificate.issue", "certificate issued", "certificate"),
    ("research.export", "statistics exported as CSV", None),
)


def parse_args(argv=None):
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20000, help="accounts to add")
    parser.add_argument("--audit", type=int, default=200000, help="audit entries to add")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same data each run)")
    parser.add_argument("--database-url", help="default: JOHNSCHOOL_DATABASE_URL or SQLite")
    return parser.parse_args(argv)


def user_row(number, rng, password_hash, now):
    """Return one synthetic account as a row for a Core insert."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    role = rng.choices(list(ROLE_WEIGHTS), weights=list(ROLE_WEIGHTS.values()))[0]
    created_at = now - HISTORY * rng.random()
    has_logged_in = rng.random() < 0.7
    return {
        "email": f"user{number:06d}@{EMAIL_DOMAIN}",
        "name": f"{first} {last}",
        "role": role,
        "password_hash": password_hash,
        "language": "fr" if rng.random() < 0.8 else "en",
        "is_active": rng.random() < 0.9,
        "session_version": 1,
        "failed_login_count": 0,
        "locked_until": None,
        "last_login_at": created_at + (now - created_at) * rng.random() if has_logged_in else None,
        "password_changed_at": created_at,
        "created_at": created_at,
    }


def insert_users(count, rng):
    """Bulk-insert count accounts sharing one password hash."""
    password_hash = hash_password("bench account, nobody signs in with it")
    now = datetime.now(UTC)
    for start in range(0, count, BATCH_SIZE):
        rows = [
            user_row(n, rng, password_hash, now)
            for n in range(start, min(count, start + BATCH_SIZE))
        ]
        db.session.execute(insert(User.__table__), rows)


def load_actors():
    """Return (id, role) of every account, to sign the synthetic audit entries."""
    return [tuple(row) for row in db.session.execute(select(User.id, User.role))]


def audit_row(actor, created_at, rng, prev_hash):
    """Return one audit entry, chained to prev_hash, as a row for a Core insert."""
    action, summary, object_type = rng.choice(ACTIONS)
    row = SimpleNamespace(
        created_at=created_at,
        actor_id=actor[0] if actor else None,
        actor_role=actor[1] if actor else None,
        action=action,
        summary=summary,
        object_type=object_type,
        object_id=rng.randint(1, 50000) if object_type else None,
        source_ip=f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        outcome="failure" if action == "auth.login_failed" else "success",
        data=json.dumps({"n": rng.randint(1, 999)}, separators=(",", ":")),
        prev_hash=prev_hash,
    )
    row.entry_hash = entry_hash(row)
    return vars(row)


def insert_audit(count, rng, actors):
    """Bulk-insert count entries continuing the chain, then move the head to the last one."""
    head = lock_head()
    prev_hash, now = head.last_hash, datetime.now(UTC)
    step = HISTORY / max(count, 1)
    created_at = now - HISTORY
    for start in range(0, count, BATCH_SIZE):
        rows = []
        for _ in range(start, min(count, start + BATCH_SIZE)):
            created_at += step * (0.5 + rng.random())
            actor = rng.choice(actors) if rng.random() < 0.95 else None
            rows.append(audit_row(actor, min(created_at, now), rng, prev_hash))
            prev_hash = rows[-1]["entry_hash"]
        db.session.execute(insert(AuditEntry.__table__), rows)
    move_head(head, prev_hash)


def lock_head():
    """Take the audit chain's head row for update, creating it if needed."""
    ensure_head()
    return lock(AuditHead, 1)


def move_head(head, last_hash):
    """Point the head at the newest entry, after checking the insert kept the chain's order."""
    newest = db.session.execute(
        select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
    ).one()
    if newest.entry_hash != last_hash:
        raise RuntimeError("the newest audit entry is not the last one generated")
    head.last_entry_id, head.last_hash = newest.id, newest.entry_hash


def refuse_if_filled():
    """Stop when synthetic accounts already exist: generate into an empty database only."""
    existing = db.session.scalar(
        select(func.count()).select_from(User).where(User.email.like(f"%@{EMAIL_DOMAIN}"))
    )
    if existing:
        sys.exit(f"{existing} synthetic accounts already exist: use an empty database")


def generate(users, audit, seed):
    """Add the accounts and the audit entries in one transaction."""
    rng = random.Random(seed)
    refuse_if_filled()
    insert_users(users, rng)
    insert_audit(audit, rng, load_actors())
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # autovacuum would analyze soon after a real import; do it now so plans are settled
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))


def main(argv=None):
    """Generate the data set inside an application context."""
    args = parse_args(argv)
    app = create_app({"DATABASE_URL": args.database_url} if args.database_url else None)
    started = time.monotonic()
    with app.app_context():
        generate(args.users, args.audit, args.seed)
    elapsed = time.monotonic() - started
    print(f"generated {args.users} accounts and {args.audit} audit entries in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
