"""make bench: serve johnschool under gunicorn on loopback over a large data set, load it with wrk.

Prints each page's requests per second as a ratio of /healthz measured in the same run,
writes the table to bench/results/<timestamp>.md, and fails when a page answers non-2xx.
"""

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import report
from load import LoadSettings, Measurement, measure, require_wrk
from server import ROOT, fetch, free_port, sign_in, start_server, stop_server

from johnschool.demo import DEMO_ACCOUNTS

BIN = ROOT / ".venv" / "bin"
HEALTHZ = "/healthz"
PAGES = (
    "/",
    "/profile",
    "/admin/users",
    "/admin/users?page=400",
    "/admin/audit",
    "/admin/audit?page=2000",
)


def parse_args(argv=None):
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--duration", type=int, default=10, help="seconds measured per URL (default 10)")
    add("--warmup", type=int, default=2, help="seconds of load before each measure (default 2)")
    add("--users", type=int, default=20000, help="synthetic accounts (default 20000)")
    add("--audit", type=int, default=200000, help="synthetic audit entries (default 200000)")
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
    """Create the schema, the demo accounts and the synthetic data; return the seconds taken."""
    started = time.monotonic()
    flask = [str(BIN / "flask"), "--app", "johnschool"]
    run_step([*flask, "db", "upgrade"], env)
    run_step([*flask, "demo", "load"], env)
    generator = [str(BIN / "python"), str(Path(__file__).with_name("synthetic_data.py"))]
    print(run_step([*generator, f"--users={args.users}", f"--audit={args.audit}"], env).strip())
    return time.monotonic() - started


def admin_credentials():
    """Return the email and password of the demo program coordinator."""
    return next((email, password) for email, _, role, password in DEMO_ACCOUNTS if role == "admin")


def check_pages(port, cookie):
    """Fail early unless every URL answers 200 to the signed-in coordinator."""
    for path in (HEALTHZ, *PAGES):
        status, headers, _ = fetch(port, "GET", path, cookie=cookie)
        if status != 200:
            raise SystemExit(f"{path} answered {status} {headers.get('Location', '')}")


def measure_all(port, cookie, settings):
    """Measure /healthz, every page, then /healthz again; return (pages, healthz runs)."""
    runs = [measure(port, HEALTHZ, cookie, settings)]
    pages = []
    for path in PAGES:
        print(f"  {path}", flush=True)
        pages.append(measure(port, path, cookie, settings))
    runs.append(measure(port, HEALTHZ, cookie, settings))
    return pages, runs


def combine(runs):
    """Merge the /healthz runs into one measurement; latencies are the worse of the runs."""
    first, last = runs
    return Measurement(
        path=HEALTHZ,
        requests=first.requests + last.requests,
        seconds=first.seconds + last.seconds,
        bytes=first.bytes + last.bytes,
        non2xx=first.non2xx + last.non2xx,
        p50_ms=max(first.p50_ms, last.p50_ms),
        p99_ms=max(first.p99_ms, last.p99_ms),
        socket_errors=first.socket_errors + last.socket_errors,
    )


def git_commit():
    """Return the checked-out commit, marked when the tree has changes."""
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    return commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def context_lines(args, settings, prepare_seconds, runs):
    """Describe the run: code, data, server, load."""
    database = "PostgreSQL (--database-url)" if args.database_url else "SQLite (temporary file)"
    worker_class = f"gthread x {args.worker_threads}" if args.worker_threads > 1 else "sync"
    return {
        "commit": git_commit(),
        "machine": f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
        "database": f"{database}, {args.users:,} synthetic accounts, {args.audit:,} audit entries "
        f"(prepared in {prepare_seconds:.0f} s)",
        "server": f"gunicorn, {args.workers} workers ({worker_class}), 127.0.0.1",
        "load": f"wrk, {settings.threads} threads, {settings.connections} connections, "
        f"{settings.warmup} s warm-up then {settings.duration} s per URL",
        "/healthz runs": f"{runs[0].rps:,.0f} req/s first, {runs[1].rps:,.0f} req/s last; "
        "ratios use both",
    }


def load_settings(args):
    """Collect the wrk settings from the command line."""
    return LoadSettings(args.duration, args.warmup, args.threads, args.connections, args.timeout)


def serve_and_measure(args, env, instance):
    """Start the server, sign in, measure every URL, stop the server."""
    port = free_port()
    process = start_server(env, port, args.workers, args.worker_threads, instance / "gunicorn.log")
    try:
        cookie = sign_in(port, *admin_credentials())
        check_pages(port, cookie)
        print(f"measuring {HEALTHZ} and {len(PAGES)} pages on port {port}", flush=True)
        return measure_all(port, cookie, load_settings(args))
    finally:
        stop_server(process)


def bench(args, instance):
    """Prepare, measure and report; return the process exit status."""
    env = bench_env(instance, args.database_url)
    print(f"preparing the database in {instance}", flush=True)
    prepare_seconds = prepare_database(env, args)
    pages, runs = serve_and_measure(args, env, instance)
    healthz = combine(runs)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    context = context_lines(args, load_settings(args), prepare_seconds, runs)
    text = report.render(f"johnschool bench {stamp}", context, [healthz, *pages], healthz.rps)
    print("\n" + text)
    print(f"written to {report.save(text, stamp).relative_to(ROOT)}")
    failed = [m.path for m in [healthz, *pages] if m.non2xx]
    if failed:
        print(f"FAILED: non-2xx answers from {', '.join(failed)}", file=sys.stderr)
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
