"""Fill a johnschool database with many accounts, a long audit log and many referral cases.

Run after `flask --app johnschool db upgrade` and `flask --app johnschool demo load` (the
cases are entered by the demo liaison), with the same JOHNSCHOOL_* environment:

    python bench/synthetic_data.py --users 20000 --audit 200000 --cases 10000 [--database-url URL]
"""

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import NamedTuple

from portal_data import demo_site_id, insert_portal
from roll_call_data import insert_roll_call
from sqlalchemy import func, insert, select, text, update

from johnschool import create_app
from johnschool.audit.models import AuditEntry
from johnschool.audit.sealer import seal
from johnschool.audit.services import content_hash
from johnschool.auth.models import User
from johnschool.auth.passwords import hash_password
from johnschool.demo import DEMO_ACCOUNTS
from johnschool.extensions import db
from johnschool.referrals.models import (
    Admission,
    Case,
    Client,
    Consent,
    PriorConviction,
    ScreeningDecision,
)
from johnschool.referrals.names import normalize_name, person_key
from johnschool.referrals.rules import screen
from johnschool.referrals.screening_types import PriorConviction as PriorInput
from johnschool.referrals.screening_types import SamePersonCase, ScreeningInput
from johnschool.referrals.services import screening_settings
from johnschool.referrals.settings import program_settings

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


class Scenario(NamedTuple):
    """One kind of referral: its charge, its priors, and how often it comes."""

    name: str
    weight: int
    offence_code: str
    priors: tuple[str, ...] = ()
    involves_minor: bool = False
    earlier_case: bool = False


# Most referrals are clean first offenders; the rest fail or need review for one reason.
SCENARIOS = (
    Scenario("clean", 56, "286.1(1)"),
    Scenario("non-violent prior", 8, "286.1(1)", ("334",)),
    Scenario("violent prior", 9, "286.1(1)", ("266",)),
    Scenario("sexual prior", 4, "286.1(1)", ("271",)),
    Scenario("unknown prior", 9, "286.1(1)", ("999.9",)),
    Scenario("minor involved", 3, "286.1(1)", involves_minor=True),
    Scenario("earlier participation", 7, "286.1(1)", earlier_case=True),
    Scenario("excluded charge", 2, "286.2(1)"),
    Scenario("unknown charge", 2, "213(1)"),
)
# The states each outcome leads to, with their weights: older cases are further along.
STATES_AFTER = {
    "eligible": {
        "eligible": 12,
        "consented": 8,
        "admitted": 10,
        "enrolled": 12,
        "waitlisted": 4,
        "completed": 40,
        "failed": 5,
        "withdrawn": 9,
    },
    "ineligible": {"ineligible": 30, "returned": 70},
    "needs_review": {"needs_review": 100},
}
CONSENTED_STATES = frozenset(
    {"consented", "admitted", "enrolled", "waitlisted", "completed", "failed", "withdrawn"}
)
ADMITTED_STATES = CONSENTED_STATES - {"consented"}
JURISDICTIONS = ("Québec", "Québec", "Québec", "Ontario", "Nouveau-Brunswick", None)
COURT_DISTRICTS = ("500", "505", "200", "700", "540", "550")
PROSECUTORS = ("Me Isabelle Fortin", "Me Karim Haddad", "Me Julie Pelletier", "Me Luc Roy")


def parse_args(argv=None):
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20000, help="accounts to add")
    parser.add_argument("--audit", type=int, default=200000, help="audit entries to add")
    parser.add_argument("--cases", type=int, default=10000, help="referral cases to add")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same data each run)")
    parser.add_argument("--database-url", help="default: JOHNSCHOOL_DATABASE_URL or SQLite")
    return parser.parse_args(argv)


def user_row(number, rng, password_hash, now, site_id):
    """Return one synthetic account as a row for a Core insert; liaisons and staff work
    at site_id, the others for no site."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    role = rng.choices(list(ROLE_WEIGHTS), weights=list(ROLE_WEIGHTS.values()))[0]
    created_at = now - HISTORY * rng.random()
    has_logged_in = rng.random() < 0.7
    return {
        "email": f"user{number:06d}@{EMAIL_DOMAIN}",
        "name": f"{first} {last}",
        "role": role,
        "site_id": site_id if role in ("liaison", "staff") else None,
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
    now, site_id = datetime.now(UTC), demo_site_id()
    for start in range(0, count, BATCH_SIZE):
        rows = [
            user_row(n, rng, password_hash, now, site_id)
            for n in range(start, min(count, start + BATCH_SIZE))
        ]
        db.session.execute(insert(User.__table__), rows)


def load_actors():
    """Return (id, role) of every account, to sign the synthetic audit entries."""
    return [tuple(row) for row in db.session.execute(select(User.id, User.role))]


def audit_row(actor, created_at, rng):
    """Return one audit entry, with the hash of its content, as a row for a Core insert."""
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
    )
    row.content_hash = content_hash(row)
    return vars(row)


def insert_audit(count, rng, actors):
    """Bulk-insert count entries, spread over the history; the sealer chains them later."""
    now = datetime.now(UTC)
    step = HISTORY / max(count, 1)
    created_at = now - HISTORY
    for start in range(0, count, BATCH_SIZE):
        rows = []
        for _ in range(start, min(count, start + BATCH_SIZE)):
            created_at += step * (0.5 + rng.random())
            actor = rng.choice(actors) if rng.random() < 0.95 else None
            rows.append(audit_row(actor, min(created_at, now), rng))
        db.session.execute(insert(AuditEntry.__table__), rows)


def scenario_rules(settings):
    """Screen each scenario once with the real rules: (outcome, rules as JSON) by name.

    The cases of a scenario share its decision; the reasons name sections, not people.
    Screening runs with the settings in force, the shipped catalogue in a new database.
    """
    decided = {}
    for scenario in SCENARIOS:
        data = ScreeningInput(
            offence_code=scenario.offence_code,
            offence_date=date(2025, 6, 1),
            involves_minor=scenario.involves_minor,
            birth_date=date(1980, 6, 15),
            prior_convictions=tuple(PriorInput(code) for code in scenario.priors),
            same_person_cases=(
                (SamePersonCase(1, "completed", date(2024, 1, 10), True),)
                if scenario.earlier_case
                else ()
            ),
        )
        decision = screen(data, settings)
        rules = [
            {
                "rule": rule.rule,
                "result": rule.result.value,
                "reason_fr": rule.reason_fr,
                "reason_en": rule.reason_en,
            }
            for rule in decision.rules
        ]
        decided[scenario.name] = (
            decision.outcome.value,
            json.dumps(rules),
            decision.settings_version,
        )
    return decided


def demo_liaison_id():
    """The id of the demo court liaison, who enters the synthetic referrals."""
    email = next(email for email, _, role, _ in DEMO_ACCOUNTS if role == "liaison")
    liaison_id = db.session.scalar(select(User.id).where(User.email == email))
    if liaison_id is None:
        sys.exit(f"{email} does not exist: run `flask --app johnschool demo load` first")
    return liaison_id


def next_id(model):
    """The first free primary key of a table, to link the rows of one bulk insert."""
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def client_row(client_id, rng, received_on, now):
    """Return one synthetic client as a row for a Core insert."""
    family, given = rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES)
    birth_date = (
        None
        if rng.random() < 0.03
        else date(rng.randint(1950, 2004), 1, 1) + timedelta(days=rng.randrange(365))
    )
    return {
        "id": client_id,
        "family_name": family,
        "given_name": given,
        "birth_date": birth_date,
        "language": "fr" if rng.random() < 0.8 else "en",
        "email": f"client{client_id:06d}@{EMAIL_DOMAIN}" if rng.random() < 0.6 else None,
        "phone": f"514-555-{rng.randrange(10000):04d}" if rng.random() < 0.7 else None,
        "postal_code": f"H{rng.randint(1, 9)}A {rng.randint(1, 9)}B{rng.randint(1, 9)}",
        "person_key": person_key(family, given, birth_date),
        "search_name": normalize_name(f"{family} {given}"),
        "created_at": datetime.combine(received_on, datetime.min.time(), UTC),
    }


class CaseRows(NamedTuple):
    """The rows of one synthetic case, each for its own table."""

    client: dict
    case: dict
    priors: list
    decision: dict
    consent: dict | None
    admission: dict | None


def case_rows(case_id, rng, decided, program, today):
    """Return one synthetic case with its client, priors, decision, consent and admission."""
    scenario = rng.choices(SCENARIOS, weights=[s.weight for s in SCENARIOS])[0]
    outcome, rules, settings_version = decided[scenario.name]
    liaison_id, deadline_days, site_id = program
    states = STATES_AFTER[outcome]
    state = rng.choices(list(states), weights=list(states.values()))[0]
    received_on = today - timedelta(days=rng.randrange(3 * 365))
    stamp = datetime.combine(received_on, datetime.min.time(), UTC) + timedelta(hours=14)
    client = client_row(case_id, rng, received_on, stamp)
    case = {
        "id": case_id,
        "site_id": site_id,
        "client_id": case_id,
        "search_name": client["search_name"],
        "state": state,
        "source": rng.choices(("police", "prosecutor", "court", "self"), (50, 30, 15, 5))[0],
        "offence_code": scenario.offence_code,
        "offence_date": received_on - timedelta(days=rng.randint(10, 90)),
        "court_file": f"{rng.choice(COURT_DISTRICTS)}-01-{case_id:06d}-{received_on:%y}",
        "involves_minor": scenario.involves_minor,
        "received_on": received_on,
        "deadline": received_on + timedelta(days=deadline_days),
        "created_by_id": liaison_id,
        "created_at": stamp,
        "updated_at": stamp + timedelta(days=rng.randint(0, 60)),
    }
    priors = [
        {
            "case_id": case_id,
            "offence_code": code,
            "conviction_date": received_on - timedelta(days=rng.randint(400, 5000)),
            "jurisdiction": rng.choice(JURISDICTIONS),
            "note": None,
        }
        for code in scenario.priors
    ]
    decision = {
        "case_id": case_id,
        "outcome": outcome,
        "rules": rules,
        "settings_version": settings_version,
        "decided_at": stamp,
        "decided_by_id": liaison_id,
    }
    consent = admission = None
    if state in CONSENTED_STATES:
        consented_on = received_on + timedelta(days=rng.randint(3, 30))
        consent = {
            "case_id": case_id,
            "counsel_advised": True,
            "accepts_responsibility": True,
            "consented_on": min(consented_on, today),
            "recorded_by_id": liaison_id,
            "recorded_at": stamp,
        }
    if state in ADMITTED_STATES:
        admission = {
            "case_id": case_id,
            "prosecutor": rng.choice(PROSECUTORS),
            "admitted_on": min(consent["consented_on"] + timedelta(days=rng.randint(1, 20)), today),
            "recorded_by_id": liaison_id,
            "recorded_at": stamp,
        }
    return CaseRows(client, case, priors, decision, consent, admission)


def insert_cases(count, rng):
    """Bulk-insert count cases after the existing ones, in batches, newest received last."""
    decided = scenario_rules(screening_settings())
    program = (demo_liaison_id(), program_settings().deadline_days, demo_site_id())
    first = max(next_id(Case), next_id(Client))
    today = datetime.now(UTC).date()
    tables = (Client, Case, PriorConviction, ScreeningDecision, Consent, Admission)
    for start in range(first, first + count, BATCH_SIZE):
        batch = [
            case_rows(case_id, rng, decided, program, today)
            for case_id in range(start, min(first + count, start + BATCH_SIZE))
        ]
        columns = (
            [one.client for one in batch],
            [one.case for one in batch],
            [prior for one in batch for prior in one.priors],
            [one.decision for one in batch],
            [one.consent for one in batch if one.consent],
            [one.admission for one in batch if one.admission],
        )
        for model, rows in zip(tables, columns, strict=True):
            if rows:
                db.session.execute(insert(model.__table__), rows)
    if db.engine.dialect.name == "postgresql":
        # explicit ids leave the sequences behind: move them past the new rows
        for model in (Client, Case):
            table = model.__table__.name
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"
                )
            )


def refuse_if_filled():
    """Stop when synthetic accounts already exist: generate into an empty database only."""
    existing = db.session.scalar(
        select(func.count()).select_from(User).where(User.email.like(f"%@{EMAIL_DOMAIN}"))
    )
    if existing:
        sys.exit(f"{existing} synthetic accounts already exist: use an empty database")


def generate(users, audit, cases, seed):
    """Add the accounts, the audit entries and the cases in one transaction, then seal."""
    rng = random.Random(seed)
    refuse_if_filled()
    insert_users(users, rng)
    insert_audit(audit, rng, load_actors())
    insert_cases(cases, rng)
    insert_portal(rng, HISTORY.days)
    insert_roll_call()
    # The demo accounts sign in with a password only (the bench turns the second factor
    # off): clear the authenticator secrets the demo gave them.
    db.session.execute(
        update(User)
        .where(User.email.in_([email for email, *_ in DEMO_ACCOUNTS]))
        .values(totp_secret=None, mfa_enrolled_at=None)
    )
    db.session.commit()
    seal()
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
        generate(args.users, args.audit, args.cases, args.seed)
    elapsed = time.monotonic() - started
    print(
        f"generated {args.users} accounts, {args.audit} audit entries "
        f"and {args.cases} cases in {elapsed:.1f} s"
    )


if __name__ == "__main__":
    main()
