"""make bench SCALE=province: ten sites and a million cases on PostgreSQL, under load.

Creates its own PostgreSQL database (dropped at the end), migrates it with `flask db
upgrade`, loads the demo, generates the province (bench/province_data.py), serves it with
gunicorn on loopback and drives every liaison, staff and participant page and API call of
ONE site (the demo's, Montréal) with wrk, as the demo accounts of that site. Reports per URL
p50, p95, p99, req/s and req/s as a ratio of signed-in /healthz measured around it; then
the research statistics against the hand-written GROUP BY and the case search by name
against the raw indexed query. Prints a table and writes bench/results/<date>-province.json.

    python bench/province.py [--cases 1000000] [--duration 10] [--connections 32]
"""

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import psycopg
from load import (
    LoadSettings,
    bearer_header,
    cookie_header,
    measure_interleaved,
    neighbour_ratios,
    pool,
    require_wrk,
)
from province_data import ROLL_CALL_COHORT
from report import RESULTS_DIR
from research_bench import DIMENSIONS, RAW_SQL
from run import BIN, HEALTHZ, SERVER_LOG, bench_env, demo_credentials, git_commit, run_step
from server import ROOT, fetch, free_port, log_tail, sign_in, start_server, stop_server
from sqlalchemy import text

P95_TARGET_MS = 100.0
STATISTICS_TARGET = 1.5
SEARCH_TARGET = 2.0
SEARCH = "tremblay"
ROLES = ("liaison", "staff", "participant")


class Url(NamedTuple):
    """A measured URL and who asks for it: "<role>" signed in, "<role> token" for the API."""

    path: str
    who: str


# {case}, {cohort}, {session}: objects of the measured site, looked up once generated.
URLS = (
    Url("/", "liaison"),
    Url("/cases", "liaison"),
    Url("/cases?page=200", "liaison"),
    Url(f"/cases?q={SEARCH}", "liaison"),
    Url("/cases/{case}", "liaison"),
    Url("/api/v1/referrals", "liaison token"),
    Url(f"/api/v1/referrals?q={SEARCH}", "liaison token"),
    Url("/api/v1/referrals/{case}", "liaison token"),
    Url("/", "staff"),
    Url("/sessions", "staff"),
    Url("/sessions/{session}/roll-call", "staff"),
    Url("/cohorts", "staff"),
    Url("/cohorts/{cohort}", "staff"),
    Url("/api/v1/cohorts", "staff token"),
    Url("/api/v1/cohorts/{cohort}", "staff token"),
    Url("/api/v1/sessions/{session}/roster", "staff token"),
    Url("/my", "participant"),
    Url("/api/v1/me/schedule", "participant token"),
)


def parse_args(argv=None):
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--cases", type=int, default=50000, help="synthetic cases (default 50000)")
    add("--sites", type=int, default=10, help="sites (default 10)")
    add("--research", type=int, help="research records (default: as many as cases)")
    add("--duration", type=int, default=10, help="seconds measured per URL (default 10)")
    add("--warmup", type=int, default=2, help="seconds of load before each measure (default 2)")
    add("--threads", type=int, default=2, help="wrk threads (default 2)")
    add("--connections", type=int, default=32, help="wrk connections (default 32)")
    add("--timeout", type=int, default=10, help="wrk request timeout in seconds (default 10)")
    add("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    add("--worker-threads", type=int, default=1, help="over 1: gunicorn gthread workers")
    add("--rounds", type=int, default=15, help="rounds of the statistics and search timings")
    add("--server", default="postgresql://postgres@127.0.0.1:5432", help="PostgreSQL server")
    add("--database", default="bench_province", help="database created and dropped")
    add("--keep-database", action="store_true", help="do not drop the database at the end")
    add(
        "--existing",
        action="store_true",
        help="measure the province already in --database (kept with --keep-database)",
    )
    return parser.parse_args(argv)


def admin_execute(args, statement):
    """Run one statement on the server's maintenance database (CREATE / DROP DATABASE)."""
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def create_database(args):
    """Create the bench's own database, empty; return its URL."""
    admin_execute(args, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    admin_execute(args, f'CREATE DATABASE "{args.database}"')
    return f"{args.server}/{args.database}"


FLASK = [str(BIN / "flask"), "--app", "johnschool"]


def api_tokens(env):
    """A new API token for each demo requester, by role."""
    return {
        role: run_step(
            [*FLASK, "users", "token", demo_credentials(role)[0], "--name=bench"], env
        ).strip()
        for role in ROLES
    }


def prepare(args, env):
    """Migrate, load the demo, generate the province; return its figures and API tokens."""
    run_step([*FLASK, "db", "upgrade"], env)
    run_step([*FLASK, "demo", "load"], env)
    generator = [str(BIN / "python"), str(Path(__file__).with_name("province_data.py"))]
    sizes = [f"--cases={args.cases}", f"--sites={args.sites}"]
    if args.research:
        sizes.append(f"--research={args.research}")
    print(f"generating {args.cases:,} cases over {args.sites} sites", flush=True)
    output = run_step([*generator, *sizes], env)
    print(output.strip())
    figures = json.loads(output.rsplit("PROVINCE ", 1)[1])
    return figures, api_tokens(env)


def existing(args, env):
    """The figures and API tokens of a province generated earlier, migrated to the code's."""
    run_step([*FLASK, "db", "upgrade"], env)
    with psycopg.connect(env["JOHNSCHOOL_DATABASE_URL"]) as connection:
        figures = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("site", "client", "case_file", "cohort", "session", "enrollment",
                          "attendance", "research_record", "research_answer")
        }  # fmt: skip
    figures["generated"] = "earlier, kept with --keep-database"
    return figures, api_tokens(env)


def measured_objects(url):
    """The ids put in the URLs: a case, a cohort and the roll call session of the first site."""
    with psycopg.connect(url) as connection:
        site = connection.execute("SELECT id FROM site ORDER BY id LIMIT 1").fetchone()[0]
        case = connection.execute(
            "SELECT c.id FROM case_file c JOIN enrollment e ON e.case_id = c.id"
            " WHERE c.site_id = %s AND c.state = 'completed' ORDER BY c.id LIMIT 1 OFFSET 100",
            (site,),
        ).fetchone()[0]
        session, cohort = connection.execute(
            "SELECT s.id, s.cohort_id FROM session s JOIN cohort c ON c.id = s.cohort_id"
            " WHERE c.code = %s",
            (ROLL_CALL_COHORT,),
        ).fetchone()
    return {"site": site, "case": case, "cohort": cohort, "session": session}


def requesters(port, tokens):
    """The request headers of each kind of requester: session cookies, API tokens."""
    headers = {role: cookie_header(sign_in(port, *demo_credentials(role))) for role in ROLES}
    headers.update({f"{role} token": bearer_header(token) for role, token in tokens.items()})
    return headers


def check(port, pages, log_path):
    """Fail early unless every URL answers 200 to its requester."""
    for path, headers in pages:
        status, answer, _ = fetch(port, "GET", path, headers=headers)
        if status != 200:
            location = answer.get("Location", "")
            raise SystemExit(f"{path} answered {status} {location}\n{log_tail(log_path)}")


def serve_and_measure(args, env, instance, tokens, objects):
    """Start gunicorn, sign in, measure every URL around signed-in /healthz, stop."""
    port = free_port()
    log_path = instance / SERVER_LOG
    process = start_server(env, port, args.workers, args.worker_threads, log_path)
    try:
        headers = requesters(port, tokens)
        pages = [(url.path.format(**objects), headers[url.who]) for url in URLS]
        check(port, [(HEALTHZ, headers["liaison"]), *pages], log_path)
        settings = LoadSettings(
            args.duration, args.warmup, args.threads, args.connections, args.timeout
        )
        print(f"measuring {len(pages)} URLs around signed-in {HEALTHZ}", flush=True)
        return measure_interleaved(
            port, HEALTHZ, pages, settings, baseline_headers=headers["liaison"]
        )
    finally:
        stop_server(process)


def median_ms(function, rounds):
    """Median milliseconds of function over rounds calls."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def search_sql(site_id):
    """The raw indexed search: the page of 25 and the count, LIKE on the (site, name)
    trigram index of the cases."""
    like = f"%{SEARCH}%"
    page = text(
        "SELECT c.id, c.state, c.received_on, c.court_file, cl.family_name, cl.given_name"
        " FROM case_file c JOIN client cl ON cl.id = c.client_id"
        " WHERE c.site_id = :site AND c.search_name LIKE :like ORDER BY c.id DESC LIMIT 25"
    ).bindparams(site=site_id, like=like)
    count = text(
        "SELECT count(*) FROM case_file c WHERE c.site_id = :site AND c.search_name LIKE :like"
    ).bindparams(site=site_id, like=like)
    return page, count


def time_queries(args, env, site_id):
    """Time statistics and search in this process against their hand-written SQL."""
    os.environ.update(env)
    from flask_login import login_user

    from johnschool import create_app
    from johnschool.auth.models import User
    from johnschool.extensions import db
    from johnschool.referrals.queries import case_page
    from johnschool.research.statistics import Filters, profile_table

    app = create_app()
    with app.test_request_context("/cases"):
        login_user(
            db.session.scalar(db.select(User).filter_by(email=demo_credentials("liaison")[0]))
        )

        def ours_search():
            page = case_page(SEARCH)
            return list(page.items), page.total

        page_sql, count_sql = search_sql(site_id)

        def raw_search():
            return db.session.execute(page_sql).all(), db.session.scalar(count_sql)

        def ours_stats():
            return profile_table(DIMENSIONS, Filters())

        def raw_stats():
            return db.session.execute(RAW_SQL).all()

        pairs = {"statistics": (ours_stats, raw_stats), "search": (ours_search, raw_search)}
        results = {}
        for name, (ours, raw) in pairs.items():
            for function in (ours, raw):  # warm the caches
                function()
                db.session.rollback()
            mine, theirs = [], []
            for _ in range(args.rounds):  # alternate, so that drift hits both alike
                mine.append(median_ms(ours, 1))
                db.session.rollback()
                theirs.append(median_ms(raw, 1))
                db.session.rollback()
            results[name] = (statistics.median(mine), statistics.median(theirs))
    return results


def machine():
    """CPU count and model, RAM, Python; the PostgreSQL version is added later."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "python": sys.version.split()[0],
        "load_average_1min": os.getloadavg()[0],
    }


def endpoint_rows(pages, runs):
    """One dict per URL: its numbers, its ratio to signed-in /healthz, its target."""
    rows = []
    for url, measurement, ratio in zip(URLS, pages, neighbour_ratios(pages, runs), strict=True):
        rows.append(
            {
                "url": measurement.path,
                "who": url.who,
                "requests": measurement.requests,
                "req_s": round(measurement.rps, 1),
                "ratio_to_healthz": round(ratio, 3),
                "p50_ms": measurement.p50_ms,
                "p95_ms": measurement.p95_ms,
                "p99_ms": measurement.p99_ms,
                "non2xx": measurement.non2xx,
                "socket_errors": measurement.socket_errors,
                "p95_target_met": measurement.p95_ms <= P95_TARGET_MS,
            }
        )
    return rows


def baseline_row(runs):
    """The pooled signed-in /healthz runs, as a row of the table."""
    healthz = pool(runs)
    return {
        "url": f"{HEALTHZ} (signed in, {len(runs)} runs pooled)",
        "who": "liaison",
        "requests": healthz.requests,
        "req_s": round(healthz.rps, 1),
        "ratio_to_healthz": 1.0,
        "p50_ms": healthz.p50_ms,
        "p95_ms": healthz.p95_ms,
        "p99_ms": healthz.p99_ms,
        "non2xx": healthz.non2xx,
        "socket_errors": healthz.socket_errors,
        "p95_target_met": None,
    }


def table(result):
    """The Markdown table of the result, with the two query ratios under it."""
    lines = [
        "| URL | as | req/s | ratio to /healthz | p50 ms | p95 ms | p99 ms | non-2xx"
        " | p95 ≤ 100 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result["endpoints"]:
        met = {True: "yes", False: "**NO**", None: ""}[row["p95_target_met"]]
        lines.append(
            f"| `{row['url']}` | {row['who']} | {row['req_s']:,.0f} | {row['ratio_to_healthz']:.2f}"
            f" | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f}"
            f" | {row['non2xx']} | {met} |"
        )
    for name, query in result["queries"].items():
        lines.append(
            f"\n{name}: {query['ours_ms']:.1f} ms against {query['raw_ms']:.1f} ms by hand,"
            f" ratio {query['ratio']:.2f} (target ≤ {query['target']})"
            + ("" if query["target_met"] else "  ABOVE TARGET")
        )
    return "\n".join(lines)


def postgres_version(url):
    """The server's version string."""
    with psycopg.connect(url) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def bench(args, instance):
    """Create, fill, measure, report; return the exit status."""
    url = f"{args.server}/{args.database}" if args.existing else create_database(args)
    env = bench_env(instance, url)
    # The demo liaison and staff sign in with their password alone (no authenticator here).
    env["JOHNSCHOOL_MFA_REQUIRED_ROLES"] = "[]"
    started = time.monotonic()
    figures, tokens = existing(args, env) if args.existing else prepare(args, env)
    prepared = time.monotonic() - started
    objects = measured_objects(url)
    load_before = os.getloadavg()[0]
    pages, runs = serve_and_measure(args, env, instance, tokens, objects)
    print(f"timing statistics and search, {args.rounds} rounds each", flush=True)
    timings = time_queries(args, env, objects["site"])
    targets = {"statistics": STATISTICS_TARGET, "search": SEARCH_TARGET}
    queries = {
        name: {
            "ours_ms": round(ours, 2),
            "raw_ms": round(raw, 2),
            "ratio": round(ours / raw, 3),
            "target": targets[name],
            "target_met": ours / raw <= targets[name],
        }
        for name, (ours, raw) in timings.items()
    }
    queries["statistics"]["what"] = (
        f"profile_table({DIMENSIONS}) over all research records against the bare GROUP BY"
    )
    queries["search"]["what"] = (
        f"case_page({SEARCH!r}) as the liaison of the first site (its rows and its count)"
        " against the same LIKE on the cases' (site, name) trigram index"
    )
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": {**machine(), "postgresql": postgres_version(url)},
        "noise": "wrk, gunicorn and PostgreSQL share the machine's CPUs (see the load"
        " average): compare ratios rather than raw req/s",
        "data": {**figures, "prepared_seconds": round(prepared, 1), "measured_site": objects},
        "server": f"gunicorn, {args.workers} workers "
        + (f"(gthread x {args.worker_threads})" if args.worker_threads > 1 else "(sync)")
        + ", 127.0.0.1",
        "load": f"wrk, {args.threads} threads, {args.connections} connections, "
        f"{args.warmup} s warm-up then {args.duration} s per URL; the baseline, signed-in "
        f"{HEALTHZ}, runs before, between and after the URLs",
        "load_average_1min": {"before": load_before, "after": os.getloadavg()[0]},
        "endpoints": [baseline_row(runs), *endpoint_rows(pages, runs)],
        "queries": queries,
    }
    print("\n" + table(result))
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{datetime.now(UTC):%Y-%m-%d}-province.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {path.relative_to(ROOT)}")
    failed = [row["url"] for row in result["endpoints"] if row["non2xx"]]
    if failed:
        log = shutil.copy(instance / SERVER_LOG, RESULTS_DIR / f"{path.stem}-{SERVER_LOG}")
        print(
            f"FAILED: non-2xx answers from {', '.join(failed)}; server log: {log}", file=sys.stderr
        )
    return 1 if failed else 0


def _exit_on_signal(signum, frame):
    """Turn SIGTERM into a normal exit so that the server is stopped and the database dropped."""
    raise SystemExit(128 + signum)


def main(argv=None):
    """Run in a temporary instance folder and database, both removed afterwards."""
    args = parse_args(argv)
    require_wrk()
    signal.signal(signal.SIGTERM, _exit_on_signal)
    instance = Path(tempfile.mkdtemp(prefix="johnschool-province-"))
    try:
        return bench(args, instance)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(instance, ignore_errors=True)
        if not (args.keep_database or args.existing):
            admin_execute(args, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
