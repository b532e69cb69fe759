"""A synthetic province on PostgreSQL: ten sites, their cases, cohorts, roll calls, research.

Run after `flask --app johnschool db upgrade` and `flask --app johnschool demo load`, with
the same JOHNSCHOOL_* environment (a PostgreSQL database):

    python bench/province_data.py --cases 1000000 [--sites 10] [--research 1000000]

Every row is written by large INSERT ... SELECT statements over generate_series, inside
the server: no row travels through Python, so a million cases take minutes. The values
are drawn from a hash of the row number (same size, same data). The first site is the
demo's, renamed Montréal; its demo liaison, staff member and participant are the accounts
the bench signs in with. What is generated, per site (a case's site is its number modulo
the sites):

- clients and cases, names from synthetic_data's lists (about one in 25 is a Tremblay),
  each case following one of synthetic_data's nine scenarios, screened once per scenario
  by the real rules, its state drawn after the outcome (older cases further along), with
  its decision, priors, consent and admission;
- a cohort for every 20 seated cases (enrolled, completed, failed; the enrolled ones in
  the newest cohorts, some to come), six group sessions each on the demo's required
  modules, an enrollment per seated case, and a roll call (attendance) for every past
  session and every enrollment of its cohort;
- one research record per case (five profile answers each) with its site's code;
- for the demo accounts: a session today run by the demo staff member with 20 enrolled
  (7 already marked), the demo participant tied to an enrolled case with a cohort to come.
"""

import argparse
import json
import sys
import time
from datetime import UTC, datetime

from research_data import AGE_BANDS, OUTCOMES, PROFILE
from sqlalchemy import text
from synthetic_data import FIRST_NAMES, LAST_NAMES, SCENARIOS, STATES_AFTER, scenario_rules

from johnschool import create_app
from johnschool.demo import DEMO_ACCOUNTS
from johnschool.extensions import db
from johnschool.referrals.models import SOURCES
from johnschool.referrals.names import normalize_name
from johnschool.referrals.services import screening_settings
from johnschool.referrals.settings import program_settings
from johnschool.research.models import CELL_KEY_RANGE, RECORD_ID_BITS

SITES = (
    ("MTL", "Montréal"), ("QC", "Québec"), ("LAV", "Laval"), ("LON", "Longueuil"),
    ("GAT", "Gatineau"), ("SHE", "Sherbrooke"), ("SAG", "Saguenay"), ("TR", "Trois-Rivières"),
    ("RIM", "Rimouski"), ("ROU", "Rouyn-Noranda"),
)  # fmt: skip
COHORT_SIZE = 20
SEATED_STATES = ("enrolled", "completed", "failed")
ROLL_CALL_SIZE = 20
ROLL_CALL_MARKED = 7
ROLL_CALL_COHORT = "BENCH-01"  # as bench/run.py looks it up on the staff member's /sessions


def h(column, salt):
    """SQL: a pseudo-random integer in [0, 2**32) drawn from column, one stream per salt.

    PostgreSQL's own integer hash (Jenkins): draws of different salts are independent.
    """
    return f"(hashint8(({column})::bigint * 64 + {salt})::bigint & 4294967295)"


def cumulative(weights):
    """[(value, low, high)] so that a draw in [0, 100) falls in exactly one value's range."""
    rows, low = [], 0
    for value, weight in weights:
        rows.append((value, low, low + weight))
        low += weight
    return rows


def execute(sql, **params):
    """Run one statement of the generator in the session's transaction."""
    return db.session.execute(text(sql), params)


def timed(label, function, *args):
    """Run one step and say how long it took."""
    started = time.monotonic()
    result = function(*args)
    print(f"  {label}: {time.monotonic() - started:.1f} s", flush=True)
    return result


def add_sites(count):
    """Keep the demo's sites (Montréal first), add others up to count; return their ids."""
    existing = set(execute("SELECT code FROM site").scalars())
    missing = count - len(existing)
    for code, name in [site for site in SITES if site[0] not in existing][: max(missing, 0)]:
        execute(
            "INSERT INTO site (code, name_fr, name_en, time_zone, allows_cross_site_make_ups,"
            " created_at) VALUES (:c, :n, :n, '', false, now())",
            c=code,
            n=name,
        )
    return execute("SELECT id FROM site ORDER BY id").scalars().all()


def add_liaisons(site_ids):
    """One liaison for each site that has none: who enters its cases; return the demo's."""
    demo_email = next(email for email, _, role, _ in DEMO_ACCOUNTS if role == "liaison")
    demo_id = execute("SELECT id FROM user_account WHERE email = :e", e=demo_email).scalar_one()
    execute(
        "INSERT INTO user_account (email, name, role, password_hash, language, is_active,"
        " session_version, failed_login_count, created_at, site_id)"
        " SELECT 'liaison-' || lower(s.code) || '@bench.example', 'Liaison ' || s.name_fr,"
        " 'liaison', u.password_hash, 'fr', true, 1, 0, now(), s.id"
        " FROM site s, user_account u WHERE u.id = :demo AND NOT EXISTS"
        " (SELECT 1 FROM user_account l WHERE l.site_id = s.id AND l.role = 'liaison')",
        demo=demo_id,
    )
    return demo_id


def fill_draws(count, site_ids):
    """The temporary table of each case's draws: site, scenario, state, dates, names."""
    decided = scenario_rules(screening_settings())
    scenarios = [
        {
            "idx": n, "low": low, "high": high, "offence_code": s.offence_code,
            "involves_minor": s.involves_minor, "prior": s.priors[0] if s.priors else None,
            "outcome": decided[s.name][0], "rules": decided[s.name][1],
            "settings_version": decided[s.name][2],
        }
        for n, (s, low, high) in enumerate(cumulative((s, s.weight) for s in SCENARIOS))
    ]  # fmt: skip
    execute(
        "CREATE TEMP TABLE bench_scenario (idx int, low int, high int, offence_code text,"
        " involves_minor bool, prior text, outcome text, rules text, settings_version int)"
    )
    for row in scenarios:
        execute(
            "INSERT INTO bench_scenario VALUES (:idx, :low, :high, :offence_code,"
            " :involves_minor, :prior, :outcome, :rules, :settings_version)",
            **row,
        )
    execute("CREATE TEMP TABLE bench_state (outcome text, state text, low int, high int)")
    for outcome, states in STATES_AFTER.items():
        for state, low, high in cumulative(states.items()):
            execute(
                "INSERT INTO bench_state VALUES (:o, :s, :l, :h)", o=outcome, s=state, l=low, h=high
            )
    base_case = execute("SELECT COALESCE(MAX(id), 0) FROM case_file").scalar_one()
    base_client = execute("SELECT COALESCE(MAX(id), 0) FROM client").scalar_one()
    families = [normalize_name(name) for name in LAST_NAMES]
    givens = [normalize_name(name) for name in FIRST_NAMES]
    # Finished cases are older; enrolled ones recent (their cohorts are now or to come).
    execute(
        f"""
            CREATE TEMP TABLE bench_case AS
            SELECT g, :base_case + g AS case_id, :base_client + g AS client_id,
                   ((:site_ids)::int[])[1 + g % :sites] AS site_id, sc.idx AS scenario, st.state,
                   CURRENT_DATE - (CASE
                       WHEN st.state IN
                           ('completed', 'failed', 'withdrawn', 'returned', 'ineligible')
                           THEN 60 + {h("g", 3)} % 1035
                       WHEN st.state = 'enrolled' THEN {h("g", 3)} % 90
                       ELSE {h("g", 3)} % 365 END)::int AS received_on,
                   1 + {h("g", 4)} % {len(LAST_NAMES)} AS family_idx,
                   1 + {h("g", 5)} % {len(FIRST_NAMES)} AS given_idx,
                   CASE WHEN {h("g", 6)} % 100 < 3 THEN NULL
                        ELSE DATE '1950-01-01' + ({h("g", 7)} % 20000)::int END AS birth_date,
                   {h("g", 8)} AS draw
            FROM generate_series(1, :count) g
            JOIN bench_scenario sc ON {h("g", 1)} % 100 >= sc.low AND {h("g", 1)} % 100 < sc.high
            JOIN bench_state st ON st.outcome = sc.outcome
                AND {h("g", 2)} % 100 >= st.low AND {h("g", 2)} % 100 < st.high
            """,
        site_ids=list(site_ids),
        base_case=base_case,
        base_client=base_client,
        sites=len(site_ids),
        count=count,
    )
    execute("CREATE INDEX ON bench_case (site_id, state, received_on)")
    execute("ANALYZE bench_case")
    return {
        "families": list(LAST_NAMES),
        "givens": list(FIRST_NAMES),
        "families_n": families,
        "givens_n": givens,
    }


def insert_clients(names):
    """One client per case."""
    execute(
        """
        INSERT INTO client (id, family_name, given_name, birth_date, language, email, phone,
                            postal_code, person_key, search_name, created_at)
        SELECT client_id, ((:families)::text[])[family_idx], ((:givens)::text[])[given_idx],
               birth_date,
               CASE WHEN draw % 5 = 0 THEN 'en' ELSE 'fr' END,
               CASE WHEN draw % 10 < 6 THEN 'client' || client_id || '@bench.example' END,
               CASE WHEN draw % 10 < 7 THEN '514-555-' || lpad((draw % 10000)::text, 4, '0') END,
               'H' || (1 + draw % 9) || 'A ' || (1 + draw % 7) || 'B' || (1 + draw % 8),
               CASE WHEN birth_date IS NOT NULL
                    THEN ((:families_n)::text[])[family_idx] || '|'
                    || ((:givens_n)::text[])[given_idx] || '|'
                    || to_char(birth_date, 'YYYY-MM-DD') END,
               ((:families_n)::text[])[family_idx] || ' ' || ((:givens_n)::text[])[given_idx],
               received_on + time '14:00' AT TIME ZONE 'UTC'
        FROM bench_case
        """,
        **names,
    )


def insert_cases(liaison_id):
    """The cases, their decisions, priors, consents and admissions."""
    deadline = program_settings().deadline_days
    execute(
        f"""
        INSERT INTO case_file (id, client_id, state, source, offence_code, offence_date,
                               court_file, involves_minor, received_on, deadline,
                               created_by_id, created_at, updated_at, site_id, search_name)
        SELECT c.case_id, c.client_id, c.state,
               ((:sources)::text[])[1 + {h("c.g", 9)} % :source_count], sc.offence_code,
               c.received_on - (10 + c.draw % 80)::int,
               (ARRAY['500', '505', '200', '700', '540', '550'])[1 + c.draw % 6] || '-01-'
                   || lpad(c.case_id::text, 7, '0') || '-' || to_char(c.received_on, 'YY'),
               sc.involves_minor, c.received_on, c.received_on + :deadline,
               COALESCE(u.id, :liaison), c.received_on + time '14:00' AT TIME ZONE 'UTC',
               c.received_on + time '14:00' AT TIME ZONE 'UTC' + (c.draw % 60) * interval '1 day',
               c.site_id, cl.search_name
        FROM bench_case c JOIN bench_scenario sc ON sc.idx = c.scenario
        JOIN client cl ON cl.id = c.client_id
        LEFT JOIN user_account u ON u.site_id = c.site_id AND u.email LIKE 'liaison-%@bench.example'
        """,
        sources=list(SOURCES),
        source_count=len(SOURCES),
        deadline=deadline,
        liaison=liaison_id,
    )
    stamp = "c.received_on + time '14:00' AT TIME ZONE 'UTC'"
    execute(
        f"""
        INSERT INTO screening_decision (case_id, outcome, rules, settings_version, decided_at,
                                        decided_by_id)
        SELECT c.case_id, sc.outcome, sc.rules, sc.settings_version, {stamp}, :liaison
        FROM bench_case c JOIN bench_scenario sc ON sc.idx = c.scenario
        """,
        liaison=liaison_id,
    )
    execute(
        """
        INSERT INTO prior_conviction (case_id, offence_code, conviction_date, jurisdiction)
        SELECT c.case_id, sc.prior, c.received_on - (400 + c.draw % 4600)::int,
               (ARRAY['Québec', 'Québec', 'Ontario', 'Nouveau-Brunswick'])[1 + c.draw % 4]
        FROM bench_case c JOIN bench_scenario sc ON sc.idx = c.scenario
        WHERE sc.prior IS NOT NULL
        """
    )
    consented = ("consented", "admitted", "enrolled", "waitlisted", "completed", "failed",
                 "withdrawn")  # fmt: skip
    execute(
        f"""
        INSERT INTO consent (case_id, counsel_advised, accepts_responsibility, consented_on,
                             recorded_by_id, recorded_at)
        SELECT c.case_id, true, true, LEAST(c.received_on + (3 + c.draw % 27)::int, CURRENT_DATE),
               :liaison, {stamp}
        FROM bench_case c WHERE c.state = ANY(:states)
        """,
        liaison=liaison_id,
        states=list(consented),
    )
    execute(
        f"""
        INSERT INTO admission (case_id, prosecutor, admitted_on, recorded_by_id, recorded_at)
        SELECT c.case_id, (ARRAY['Me Isabelle Fortin', 'Me Karim Haddad', 'Me Julie Pelletier',
                                 'Me Luc Roy'])[1 + c.draw % 4],
               LEAST(c.received_on + (30 + c.draw % 20)::int, CURRENT_DATE), :liaison, {stamp}
        FROM bench_case c WHERE c.state = ANY(:states)
        """,
        liaison=liaison_id,
        states=[state for state in consented if state != "consented"],
    )


def insert_cohorts():
    """A cohort per 20 seated cases of a site, its six sessions and its enrollments."""
    execute(
        """
        CREATE TEMP TABLE bench_seat AS
        SELECT case_id, site_id, state,
               (row_number() OVER (PARTITION BY site_id
                                   ORDER BY state = 'enrolled', received_on, case_id) - 1)
                   / :size AS slot,
               received_on
        FROM bench_case WHERE state = ANY(:states)
        """,
        size=COHORT_SIZE,
        states=list(SEATED_STATES),
    )
    base = execute("SELECT COALESCE(MAX(id), 0) FROM cohort").scalar_one()
    execute(
        """
        CREATE TEMP TABLE bench_cohort AS
        SELECT :base + row_number() OVER (ORDER BY site_id, slot) AS cohort_id, site_id, slot,
               MAX(received_on) + 21 AS starts_on, bool_or(state = 'enrolled') AS open
        FROM bench_seat GROUP BY site_id, slot
        """,
        base=base,
    )
    execute(
        """
        INSERT INTO cohort (id, code, language, capacity, place, starts_on, format, status,
                            created_at, site_id)
        SELECT b.cohort_id, s.code || '-' || b.slot, 'fr', 25,
               'Salle ' || (1 + b.slot % 4) || ', ' || s.name_fr, b.starts_on, 'one_day',
               CASE WHEN b.starts_on < CURRENT_DATE THEN 'completed' ELSE 'confirmed' END,
               now(), b.site_id
        FROM bench_cohort b JOIN site s ON s.id = b.site_id
        """
    )
    execute(
        """
        INSERT INTO session (kind, cohort_id, module_id, discipline, starts_at, ends_at, place,
                             is_cancelled, created_at, sequence, site_id)
        SELECT 'group', b.cohort_id, m.id, m.discipline,
               b.starts_on + make_time(9 + m.n::int, 0, 0) AT TIME ZONE 'America/Montreal',
               b.starts_on + make_time(9 + m.n::int, 55, 0) AT TIME ZONE 'America/Montreal',
               'Salle ' || (1 + b.slot % 4), false, now(), 0, b.site_id
        FROM bench_cohort b,
             (SELECT id, discipline, row_number() OVER (ORDER BY position, id) - 1 AS n
              FROM module WHERE is_required AND is_active ORDER BY position, id LIMIT 6) m
        """
    )
    execute(
        """
        INSERT INTO enrollment (case_id, cohort_id, status, requested_at, enrolled_at, ended_at)
        SELECT s.case_id, b.cohort_id,
               CASE WHEN s.state = 'enrolled' THEN 'enrolled' ELSE 'ended' END,
               s.received_on + time '15:00' AT TIME ZONE 'UTC',
               s.received_on + time '15:00' AT TIME ZONE 'UTC',
               CASE WHEN s.state <> 'enrolled'
                    THEN b.starts_on + time '17:00' AT TIME ZONE 'UTC' END
        FROM bench_seat s JOIN bench_cohort b ON b.site_id = s.site_id AND b.slot = s.slot
        """
    )


def insert_attendance():
    """The roll call of every past session: every enrollment of its cohort marked."""
    execute(
        f"""
        INSERT INTO attendance (session_id, enrollment_id, status, minutes_late, recorded_at,
                                updated_at)
        SELECT se.id, e.id, a.status, CASE WHEN a.status = 'late' THEN 5 END, se.ends_at, se.ends_at
        FROM session se JOIN bench_cohort b ON b.cohort_id = se.cohort_id
        JOIN enrollment e ON e.cohort_id = se.cohort_id,
        LATERAL (SELECT CASE WHEN {h("e.id + se.id", 10)} % 100 < 85 THEN 'present'
                             WHEN {h("e.id + se.id", 10)} % 100 < 90 THEN 'late'
                             WHEN {h("e.id + se.id", 10)} % 100 < 97 THEN 'absent'
                             ELSE 'excused' END AS status) a
        WHERE se.ends_at < now()
        """
    )


def insert_research(count):
    """count de-identified records with their site's code and five profile answers each."""
    # An odd multiplier modulo 2**52 is a bijection: distinct ids spread like random ones.
    ids = f"(g::bigint * 25214903917 % {2**RECORD_ID_BITS}) + 1"
    age_weights = [8, 25, 27, 20, 12, 5, 3]
    age_case = " ".join(
        f"WHEN {h('g', 20)} % 100 < {high} THEN {'NULL' if band is None else repr(band)}"
        for (band, _, high) in cumulative(zip(AGE_BANDS, age_weights, strict=True))
    )
    outcome_case = " ".join(
        f"WHEN {h('g', 21)} % 100 < {high} THEN '{outcome}'"
        for (outcome, _, high) in cumulative(zip(OUTCOMES, [50, 10, 5, 10, 15, 10], strict=True))
    )
    execute(
        f"""
        INSERT INTO research_record (id, cell_key, age_band, region, language, referral_source,
                                     outcome, year, reoffended_6, reoffended_12, site)
        SELECT {ids}, {h("g", 22)} % {CELL_KEY_RANGE}, CASE {age_case} END,
               'QC-' || lpad((1 + {h("g", 23)} % 17)::text, 2, '0'),
               CASE WHEN {h("g", 24)} % 5 = 0 THEN 'en' ELSE 'fr' END,
               ((:sources)::text[])[1 + {h("g", 25)} % :source_count], CASE {outcome_case} END,
               2015 + {h("g", 26)} % 12,
               CASE WHEN {h("g", 27)} % 2 = 0 THEN {h("g", 28)} % 100 < 5 END,
               CASE WHEN {h("g", 27)} % 2 = 0 THEN {h("g", 29)} % 100 < 8 END,
               (SELECT array_agg(code ORDER BY id) FROM site)[1 + g % (SELECT count(*) FROM site)]
        FROM generate_series(1, :count) g
        """,
        count=count,
        sources=list(SOURCES),
        source_count=len(SOURCES),
    )
    for salt, (code, values) in enumerate(PROFILE.items(), start=30):
        execute(
            f"""
            INSERT INTO research_answer (record_id, item_code, value)
            SELECT {ids}, :code, ((:values)::text[])[1 + {h("g", salt)} % :n]
            FROM generate_series(1, :count) g
            """,
            code=code,
            values=values,
            n=len(values),
            count=count,
        )


def demo_user_id(role):
    """The id of the demo account of role."""
    email = next(email for email, _, r, _ in DEMO_ACCOUNTS if r == role)
    return execute("SELECT id FROM user_account WHERE email = :e", e=email).scalar_one()


def add_roll_call(site_id):
    """A session today run by the demo staff member, 20 enrolled of the site, 7 marked."""
    staff_id = demo_user_id("staff")
    professional = execute(
        "SELECT id FROM professional WHERE user_id = :u", u=staff_id
    ).scalar_one_or_none()
    if professional is None:
        professional = execute(
            "INSERT INTO professional (name, is_anonymous, is_active, user_id, created_at,"
            " site_id) VALUES ('Animation (banc d''essai)', false, true, :u, now(), :s)"
            " RETURNING id",
            u=staff_id,
            s=site_id,
        ).scalar_one()
    cohort = execute(
        "INSERT INTO cohort (code, language, capacity, place, starts_on, format, status,"
        " created_at, site_id) VALUES (:code, 'fr', 40, 'Salle du banc d''essai', CURRENT_DATE,"
        " 'one_day', 'confirmed', now(), :s) RETURNING id",
        code=ROLL_CALL_COHORT,
        s=site_id,
    ).scalar_one()
    session = execute(
        "INSERT INTO session (kind, cohort_id, module_id, discipline, starts_at, ends_at, place,"
        " professional_id, is_cancelled, created_at, sequence, site_id)"
        " SELECT 'group', :c, id, discipline,"
        " CURRENT_DATE + time '09:00' AT TIME ZONE 'America/Montreal',"
        " CURRENT_DATE + time '10:30' AT TIME ZONE 'America/Montreal',"
        " 'Salle du banc d''essai', :p, false, now(), 0, :s"
        " FROM module WHERE is_required ORDER BY position, id LIMIT 1 RETURNING id",
        c=cohort,
        p=professional,
        s=site_id,
    ).scalar_one()
    execute(
        "INSERT INTO enrollment (case_id, cohort_id, status, requested_at, enrolled_at)"
        " SELECT case_id, :c, 'enrolled', now(), now() FROM bench_case"
        " WHERE site_id = :s AND state = 'admitted' ORDER BY case_id LIMIT :n",
        c=cohort,
        s=site_id,
        n=ROLL_CALL_SIZE,
    )
    execute(
        "INSERT INTO attendance (session_id, enrollment_id, status, recorded_by_id, recorded_at,"
        " updated_at) SELECT :session, id, 'present', :u, now(), now() FROM enrollment"
        " WHERE cohort_id = :c ORDER BY id LIMIT :n",
        session=session,
        u=staff_id,
        c=cohort,
        n=ROLL_CALL_MARKED,
    )
    return session


def seat_demo_participant(site_id):
    """Tie the demo participant to the site's enrolled case of the newest cohort."""
    user_id = demo_user_id("participant")
    email = execute("SELECT email FROM user_account WHERE id = :u", u=user_id).scalar_one()
    case_id, client_id = execute(
        "SELECT c.id, c.client_id FROM case_file c JOIN enrollment e ON e.case_id = c.id"
        " JOIN cohort co ON co.id = e.cohort_id JOIN bench_case b ON b.case_id = c.id"
        " WHERE c.site_id = :s AND e.status = 'enrolled' AND co.code <> :roll"
        " ORDER BY co.starts_on DESC, c.id DESC LIMIT 1",
        s=site_id,
        roll=ROLL_CALL_COHORT,
    ).one()
    execute("UPDATE client SET email = NULL WHERE email = :e", e=email)
    execute("UPDATE client SET email = :e WHERE id = :c", e=email, c=client_id)
    execute("DELETE FROM participant_account WHERE user_id = :u", u=user_id)
    execute(
        "INSERT INTO participant_account (user_id, client_id, created_at) VALUES (:u, :c, now())",
        u=user_id,
        c=client_id,
    )
    return case_id


def move_sequences():
    """Explicit ids leave the sequences behind: move them past the new rows."""
    for table in ("client", "case_file", "cohort"):
        execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}")


def generate(cases, sites, research):
    """Add the whole province in one transaction, then ANALYZE; return the figures."""
    if db.engine.dialect.name != "postgresql":
        sys.exit("the province is generated on PostgreSQL only")
    if execute("SELECT count(*) FROM case_file").scalar_one() > 100:
        sys.exit("the database already has cases: use a freshly migrated one with the demo")
    started = time.monotonic()
    site_ids = timed("sites and liaisons", add_sites, sites)
    liaison_id = add_liaisons(site_ids)
    names = timed("draws", fill_draws, cases, site_ids)
    timed("clients", insert_clients, names)
    timed("cases, decisions, priors, consents, admissions", insert_cases, liaison_id)
    timed("cohorts, sessions, enrollments", insert_cohorts)
    timed("attendance", insert_attendance)
    timed("research records", insert_research, research)
    move_sequences()
    session_id = add_roll_call(site_ids[0])
    seat_demo_participant(site_ids[0])
    # The demo staff and liaison sign in with a password only (the bench turns the second
    # factor off): clear their authenticator secrets.
    execute(
        "UPDATE user_account SET totp_secret = NULL, mfa_enrolled_at = NULL"
        " WHERE role IN ('liaison', 'staff', 'admin')"
    )
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        timed("analyze", connection.execute, text("VACUUM ANALYZE"))
    counts = {
        table: db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
        for table in ("site", "client", "case_file", "cohort", "session", "enrollment",
                      "attendance", "research_record", "research_answer")
    }  # fmt: skip
    counts["roll_call_session"] = session_id
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts


def main(argv=None):
    """Generate the province inside an application context; print the row counts as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50000)
    parser.add_argument("--sites", type=int, default=len(SITES), choices=range(1, len(SITES) + 1))
    parser.add_argument("--research", type=int, help="research records (default: --cases)")
    args = parser.parse_args(argv)
    with create_app().app_context():
        counts = generate(args.cases, args.sites, args.research or args.cases)
    counts["generated_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    print("PROVINCE " + json.dumps(counts))


if __name__ == "__main__":
    main()
