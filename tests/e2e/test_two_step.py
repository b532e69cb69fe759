"""Two-step sign-in in the browser, with real TOTP codes computed as an app would."""

import subprocess
import time
from urllib.parse import urljoin

import pyotp
import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible
from .conftest import REPO_ROOT, VENV_BIN
from .pages import Account, assert_in_language, log_out, switch_language

pytestmark = pytest.mark.e2e

PASSWORD = "two steps are better than one"


def flask(live_server, *args, stdin=""):
    """Run a flask command against the live server's database; return its stdout."""
    result = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "johnschool", *args],
        cwd=REPO_ROOT,
        env=live_server.environment,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def new_account(live_server, role, name):
    """Create an account from the command line."""
    email = f"{role}.{time.time_ns()}@demo.example"
    # Liaisons and staff work at one site: the demo's first one, Montréal.
    site = ["--site", "MTL"] if role in ("liaison", "staff") else []
    flask(live_server, "users", "create", email, "--role", role, "--name", name, *site,
          "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    return Account(email, name, role, PASSWORD)


def next_code(secret):
    """The code of the next time step: accepted, and not used by an earlier step."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def pass_password(page, account):
    """Type the email and password on the sign-in page."""
    page.goto("/login")
    page.locator("input[name=email]").fill(account.email)
    page.locator("input[name=password]").fill(account.password)
    page.locator("main button[type=submit]").click()


def test_staff_enrolled_from_the_command_line_signs_in_with_a_code(page, live_server):
    account = new_account(live_server, "staff", "Sam Deuxétapes")
    uri = flask(live_server, "users", "mfa-enroll", account.email).strip()
    pass_password(page, account)
    expect(page).to_have_url(urljoin(page.url, "/login/code"))
    assert_in_language(page, "fr")
    assert_accessible(page)
    page.goto("/profile")
    expect(page).to_have_url(urljoin(page.url, "/login?next=/profile"))
    page.goto("/login/code")
    page.locator("input[name=code]").fill("000000")
    page.locator("main button[type=submit]").click()
    expect(page.locator("input[name=code]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.locator("input[name=code]").fill(next_code(pyotp.parse_uri(uri).secret))
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(urljoin(page.url, "/"))
    expect(page.locator("h1")).to_have_text(f"Bienvenue, {account.name}")


def test_participant_turns_two_step_on_then_signs_in_with_a_code_page_in_english(page, live_server):
    account = new_account(live_server, "participant", "Paule Optionnelle")
    pass_password(page, account)
    expect(page).to_have_url(urljoin(page.url, "/"))
    page.goto("/profile/two-step")
    expect(page.locator("img.qr-code")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#totp-secret").input_value()
    page.locator("input[name=code]").fill(pyotp.TOTP(secret).now())
    page.locator("main button[type=submit]").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    log_out(page)
    pass_password(page, account)
    expect(page).to_have_url(urljoin(page.url, "/login/code"))
    switch_language(page, "en")
    assert_in_language(page, "en")
    expect(page.locator("h1")).to_have_text("Verification code")
    assert_accessible(page)
    page.locator("input[name=code]").fill(next_code(secret))
    page.locator("main button[type=submit]").click()
    # Signed in, the account's own language (French) applies again.
    expect(page.locator("h1")).to_have_text(f"Bienvenue, {account.name}")
