"""Browser tests: the real app under gunicorn, driven by Debian's chromium.

One server and one browser serve the whole run; every test gets a new browser
context, so no cookie or language choice leaks from one test to the next.
"""

import os
import re
import secrets
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import NamedTuple
from urllib.error import URLError
from urllib.request import urlopen

import pytest
from playwright.sync_api import sync_playwright

from .accessibility import AXE_CORE

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


SERVER_START_TIMEOUT = 30  # seconds
ACTION_TIMEOUT_MS = 10_000
LISTENING = re.compile(r"Listening at: (http://127\.0\.0\.1:\d+)")


class LiveServer(NamedTuple):
    """Where the app answers, its SQLite database, and the settings of its commands."""

    url: str
    database: Path
    environment: dict


def require(condition, reason):
    """Skip when a prerequisite is missing, or fail when JOHNSCHOOL_REQUIRE_BROWSER=1."""
    if condition:
        return
    if os.environ.get("JOHNSCHOOL_REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def server_environment(instance_path):
    """The live server's settings: SQLite in instance_path, plain HTTP, no outside config."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("JOHNSCHOOL_")
    }
    environment.update(
        JOHNSCHOOL_INSTANCE_PATH=str(instance_path),
        JOHNSCHOOL_SECRET_KEY=secrets.token_hex(32),
        JOHNSCHOOL_SESSION_COOKIE_SECURE="false",
        # The suite signs in more often than a person would; the limit has its own tests.
        JOHNSCHOOL_LOGIN_RATE_LIMIT="1000 per minute",
        # The demo accounts sign in with their password alone, as the tests before the
        # second factor expect; test_two_step.py signs in with codes on accounts of its own.
        JOHNSCHOOL_MFA_REQUIRED_ROLES="[]",
    )
    return environment


def run_flask(environment, *args):
    """Run a flask command of the app, failing with its output when it fails."""
    command = [str(VENV_BIN / "flask"), "--app", "johnschool", *args]
    result = subprocess.run(
        command, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}", pytrace=False)


def start_gunicorn(environment, log_path):
    """Start gunicorn on a free port of 127.0.0.1, logging to log_path."""
    command = [
        str(VENV_BIN / "gunicorn"),
        "--workers=2",
        "--bind=127.0.0.1:0",
        "--no-control-socket",
        "wsgi:app",
    ]
    with log_path.open("w") as log:
        return subprocess.Popen(
            command, cwd=REPO_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
        )


def wait_for_server(process, log_path):
    """Return the server's address once it answers its health check."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        match = LISTENING.search(log_path.read_text())
        if match and is_healthy(match.group(1)):
            return match.group(1)
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not start:\n{log_path.read_text()}", pytrace=False)


def is_healthy(url):
    """Tell whether the server answers /healthz with 200."""
    try:
        with urlopen(f"{url}/healthz", timeout=2) as response:
            return response.status == 200
    except (URLError, OSError):
        return False


def stop_server(process):
    """Stop gunicorn gracefully, or kill it."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app served by gunicorn over a fresh demo database."""
    instance_path = tmp_path_factory.mktemp("e2e-instance")
    environment = server_environment(instance_path)
    run_flask(environment, "db", "upgrade")
    run_flask(environment, "demo", "load")
    log_path = instance_path / "gunicorn.log"
    process = start_gunicorn(environment, log_path)
    try:
        url = wait_for_server(process, log_path)
        yield LiveServer(url, instance_path / "johnschool.db", environment)
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def base_url(live_server):
    """The address of the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser():
    """One chromium for the whole run."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium")
    require(AXE_CORE.exists(), f"{AXE_CORE} is missing: run `make e2e`, which installs axe-core")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, base_url):
    """Open pages, each in a context of its own; all are closed after the test."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in a fresh browser context, with JavaScript."""
    return new_page()


@pytest.fixture
def french_afterwards(live_server):
    """Register accounts whose language the test changes; they get French back after it."""
    emails = []
    yield lambda account: emails.append(account.email)
    put_back_french(live_server.database, emails)


def put_back_french(database, emails):
    """Set the accounts' language to French straight in the database.

    Quicker than signing in again, and sure to work even when the language
    switch is what the test found broken.
    """
    with closing(sqlite3.connect(database, timeout=15)) as connection:
        with connection:
            connection.executemany(
                "UPDATE user_account SET language = 'fr' WHERE email = ?",
                [(email,) for email in emails],
            )
