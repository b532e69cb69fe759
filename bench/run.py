"""make bench: serve johnschool under gunicorn on loopback over a large data set, load it with wrk.

Prints each page's requests per second as a ratio of /healthz measured around it,
writes the table to bench/results/<timestamp>.md, and fails when a page answers non-2xx.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import certificates
import report
from load import (
    LoadSettings,
    baseline_settings,
    bearer_header,
    cookie_header,
    measure_interleaved,
    neighbour_ratios,
    pool,
    require_wrk,
)
from roll_call_data import ROLL_CALL_COHORT
from server import ROOT, fetch, free_port, log_tail, sign_in, start_server, stop_server

from johnschool.demo import DEMO_ACCOUNTS

BIN = ROOT / ".venv" / "bin"
HEALTHZ = "/healthz"
SERVER_LOG = "gunicorn.log"
LIST_TARGET = 0.25  # the case list over 10,000 cases (referrals issue)
CASE_PAGE = re.compile(rb'href="/cases/(\d+)"')
ROLL_CALL = re.compile(rb'href="/sessions/(\d+)/roll-call"')


class Url(NamedTuple):
    """A measured URL, who asks for it, and the ratio to /healthz it should reach."""

    path: str
    who: str  # "admin", "liaison", "staff", "participant" (signed in), "<role> token" (API)
    target: float | None = report.TARGET_RATIO


# /healthz again, signed in: the difference from the baseline is the cost of a session.
# {case} is a case of the list's page 200, found once signed in.
PAGES = (
    Url(HEALTHZ, "admin"),
    Url("/", "admin"),
    Url("/profile", "admin"),
    Url("/admin/users", "admin"),
    Url("/admin/users?page=400", "admin"),
    Url("/admin/audit", "admin"),
    Url("/admin/audit?page=2000", "admin"),
    Url("/cases", "liaison", LIST_TARGET),
    Url("/cases?page=200", "liaison", LIST_TARGET),
    Url("/cases?q=tremblay", "liaison", LIST_TARGET),
    Url("/cases/{case}", "liaison"),
    Url("/api/v1/referrals", "liaison token"),
    Url("/my", "participant"),
    Url("/api/v1/me/schedule", "participant token"),
    # The roll call of a session today with 30 enrolled, as the staff member running it.
    Url("/sessions/{session}/roll-call", "staff", LIST_TARGET),
)


def parse_args(argv=None):
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--duration", type=int, default=10, help="seconds measured per URL (default 10)")
    add("--warmup", type=int, default=2, help="seconds of load before each measure (default 2)")
    add("--users", type=int, default=20000, help="synthetic accounts (default 20000)")
    add("--audit", type=int, default=200000, help="synthetic audit entries (default 200000)")
    add("--cases", type=int, default=10000, help="synthetic referral cases (default 10000)")
    add("--threads", type=int, default=2, help="wrk threads (default 2)")
    add("--connections", type=int, default=16, help="wrk connections (default 16)")
    add("--timeout", type=int, default=10, help="wrk request timeout in seconds (default 10)")
    add("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    add("--worker-threads", type=int, default=1, help="over 1: gunicorn gthread workers")
    add("--database-url", help="an empty PostgreSQL database (default: SQLite, temporary)")
    add("--keep", action="store_true", help="keep the temporary instance folder")
    return parser.parse_args(argv)


def bench_env(instance, database_url):
    """Return the environment for the app: its own instance folder, plain-HTTP cookies."""
    env = dict(os.environ)
    env.pop("JOHNSCHOOL_DATABASE_URL", None)
    env.update(
        JOHNSCHOOL_INSTANCE_PATH=str(instance),
        JOHNSCHOOL_SECRET_KEY=secrets.token_hex(32),
        JOHNSCHOOL_SESSION_COOKIE_SECURE="false",
        JOHNSCHOOL_RATELIMIT_ENABLED="false",
    )
    if database_url:
        env["JOHNSCHOOL_DATABASE_URL"] = database_url
    return env


def run_step(command, env):
    """Run one preparation command, showing its output only when it fails."""
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(map(str, command))}")
    return result.stdout


def prepare_database(env, args):
    """Create the schema, the demo accounts, the synthetic data and an API token.

    Return the seconds taken and the API tokens of the demo court liaison and participant.
    """
    started = time.monotonic()
    flask = [str(BIN / "flask"), "--app", "johnschool"]
    run_step([*flask, "db", "upgrade"], env)
    run_step([*flask, "demo", "load"], env)
    generator = [str(BIN / "python"), str(Path(__file__).with_name("synthetic_data.py"))]
    sizes = [f"--users={args.users}", f"--audit={args.audit}", f"--cases={args.cases}"]
    print(run_step([*generator, *sizes], env).strip())
    tokens = {
        role: run_step(
            [*flask, "users", "token", demo_credentials(role)[0], "--name=bench"], env
        ).strip()
        for role in ("liaison", "participant")
    }
    return time.monotonic() - started, tokens


def demo_credentials(role):
    """Return the email and password of the demo account of role."""
    return next((email, password) for email, _, r, password in DEMO_ACCOUNTS if r == role)


def sign_in_everyone(port, tokens):
    """Return the request headers of each kind of requester of PAGES."""
    headers = {
        role: cookie_header(sign_in(port, *demo_credentials(role)))
        for role in ("admin", "liaison", "participant", "staff")
    }
    for role, token in tokens.items():
        headers[f"{role} token"] = bearer_header(token)
    return headers


def pick_case(port, headers, log_path):
    """Return the id of the first case on page 200 of the case list (or the last page)."""
    status, _, body = fetch(port, "GET", "/cases?page=200", headers=headers)
    found = CASE_PAGE.search(body) if status == 200 else None
    if found is None:
        raise SystemExit(f"/cases?page=200 answered {status} without a case\n{log_tail(log_path)}")
    return int(found.group(1))


def resolve_pages(port, headers, log_path):
    """Return (path, headers) of every measured URL, the case page's id filled in."""
    case = pick_case(port, headers["liaison"], log_path)
    session = pick_session(port, headers["staff"], log_path)
    return [(url.path.format(case=case, session=session), headers[url.who]) for url in PAGES]


def pick_session(port, headers, log_path):
    """Return the id of the bench's roll call, found in its row of the staff member's sessions."""
    status, _, body = fetch(port, "GET", "/sessions", headers=headers)
    rows = body.split(b"<tr>") if status == 200 else []
    for row in rows:
        found = ROLL_CALL.search(row)
        if found and ROLL_CALL_COHORT.encode() in row:
            return int(found.group(1))
    message = f"/sessions answered {status} without the bench's session"
    raise SystemExit(f"{message}\n{log_tail(log_path)}")


def check_pages(port, pages, log_path):
    """Fail early unless /healthz (anonymous) and every page (signed in) answer 200."""
    for path, headers in ((HEALTHZ, None), *pages):
        status, answer, _ = fetch(port, "GET", path, headers=headers)
        if status != 200:
            location = answer.get("Location", "")
            raise SystemExit(f"{path} answered {status} {location}\n{log_tail(log_path)}")


def git_commit():
    """Return the checked-out commit, marked when the tree has changes."""
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    return commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def load_average():
    """Return the 1-minute load average: other work on the machine skews the numbers."""
    return f"{os.getloadavg()[0]:.2f}"


def context_lines(args, settings, prepare_seconds, runs, load_before):
    """Describe the run: code, data, server, load, and how busy the machine was."""
    database = "PostgreSQL (--database-url)" if args.database_url else "SQLite (temporary file)"
    worker_class = f"gthread x {args.worker_threads}" if args.worker_threads > 1 else "sync"
    return {
        "commit": git_commit(),
        "machine": f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
        "database": f"{database}, {args.users:,} synthetic accounts, {args.audit:,} audit entries, "
        f"{args.cases:,} cases (prepared in {prepare_seconds:.0f} s)",
        "requesters": "demo coordinator (admin pages), demo court liaison (cases, signed in), "
        "the liaison's API token (/api/v1/referrals), the demo participant (/my, signed in, "
        "and /api/v1/me/schedule with a token), demo session staff (roll call)",
        "server": f"gunicorn, {args.workers} workers ({worker_class}), 127.0.0.1",
        "load": f"wrk, {settings.threads} threads, {settings.connections} connections, "
        f"{settings.warmup} s warm-up then {settings.duration} s per URL",
        "baseline": f"/healthz without cookie, {len(runs)} runs of "
        f"{baseline_settings(settings).duration} s around the pages: "
        f"{min(run.rps for run in runs):,.0f} to {max(run.rps for run in runs):,.0f} req/s; "
        "a page's ratio uses the runs just before and after it",
        "load average (1 min)": f"{load_before} before the load, {load_average()} after",
    }


def load_settings(args):
    """Collect the wrk settings from the command line."""
    return LoadSettings(args.duration, args.warmup, args.threads, args.connections, args.timeout)


def serve_and_measure(args, env, instance, tokens):
    """Start the server, sign in, measure every URL, stop the server."""
    port = free_port()
    log_path = instance / SERVER_LOG
    process = start_server(env, port, args.workers, args.worker_threads, log_path)
    try:
        pages = resolve_pages(port, sign_in_everyone(port, tokens), log_path)
        check_pages(port, pages, log_path)
        print(f"measuring {HEALTHZ} without cookie and {len(pages)} URLs signed in", flush=True)
        return measure_interleaved(port, HEALTHZ, pages, load_settings(args))
    finally:
        stop_server(process)


def bench(args, instance):
    """Prepare, measure and report; return the process exit status."""
    env = bench_env(instance, args.database_url)
    # The demo accounts sign in with their password alone (no authenticator here).
    env["JOHNSCHOOL_MFA_REQUIRED_ROLES"] = "[]"
    print(f"preparing the database in {instance}", flush=True)
    prepare_seconds, tokens = prepare_database(env, args)
    load_before = load_average()
    pages, runs = serve_and_measure(args, env, instance, tokens)
    ratios = neighbour_ratios(pages, runs)
    print(f"rendering certificates for {args.duration} s", flush=True)
    rows = [
        (pool(runs, "no cookie: the baseline"), 1.0, None),
        *zip(pages, ratios, (url.target for url in PAGES), strict=True),
        # Once the server is stopped, so that the renderings have the CPUs to themselves.
        *certificates.measure(args.duration),
    ]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    context = context_lines(args, load_settings(args), prepare_seconds, runs, load_before)
    text = report.render(f"johnschool bench {stamp}", context, rows)
    print("\n" + text)
    print(f"written to {report.save(text, stamp).relative_to(ROOT)}")
    failed = [measurement.path for measurement, _, _ in rows if measurement.non2xx]
    if failed:
        log = shutil.copy(instance / SERVER_LOG, report.RESULTS_DIR / f"{stamp}-{SERVER_LOG}")
        print(
            f"FAILED: non-2xx answers from {', '.join(failed)}; server log: {log}", file=sys.stderr
        )
    return 1 if failed else 0


def _exit_on_signal(signum, frame):
    """Turn SIGTERM into a normal exit so that the server is stopped."""
    raise SystemExit(128 + signum)


def main(argv=None):
    """Run the bench in a temporary instance folder, removed afterwards."""
    args = parse_args(argv)
    require_wrk()
    signal.signal(signal.SIGTERM, _exit_on_signal)
    instance = Path(tempfile.mkdtemp(prefix="johnschool-bench-"))
    try:
        return bench(args, instance)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"instance folder kept: {instance}")
        else:
            shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
