"""Passkeys in the browser: add one, then sign in with it, on Chromium's virtual authenticator.

WebAuthn refuses an IP address as the site's identifier, so these pages are opened on
http://localhost (the same server as the other tests, which use 127.0.0.1). The app takes
its relying party from the request's address when PUBLIC_URL is not set, as in this suite.
"""

import json
import sqlite3
from contextlib import closing
from urllib.parse import urljoin, urlsplit

import pyotp
import pytest
from playwright.sync_api import expect

from .conftest import ACTION_TIMEOUT_MS
from .pages import log_out
from .test_two_step import flask, new_account, next_code, pass_password

pytestmark = pytest.mark.e2e

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


@pytest.fixture
def localhost_page(browser, live_server):
    """A page on http://localhost:<port> with a virtual authenticator that says yes."""
    address = urlsplit(live_server.url)
    context = browser.new_context(base_url=f"http://localhost:{address.port}")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    page.authenticator = (cdp, authenticator["authenticatorId"])
    yield page
    context.close()


def login_audit(database, email):
    """The data of the account's sign-ins recorded in the audit, oldest first."""
    with closing(sqlite3.connect(database, timeout=15)) as connection:
        rows = connection.execute(
            "SELECT audit_entry.action, audit_entry.data FROM audit_entry"
            " JOIN user_account ON user_account.id = audit_entry.object_id"
            " WHERE user_account.email = ? AND audit_entry.object_type = 'user'"
            " ORDER BY audit_entry.id",
            (email,),
        ).fetchall()
    return [(action, json.loads(data or "{}")) for action, data in rows]


def test_staff_adds_a_passkey_then_signs_in_with_it(localhost_page, live_server):
    page = localhost_page
    account = new_account(live_server, "staff", "Pascale Clé")
    uri = flask(live_server, "users", "mfa-enroll", account.email).strip()
    secret = pyotp.parse_uri(uri).secret

    pass_password(page, account)
    expect(page).to_have_url(urljoin(page.url, "/login/code"))
    # No passkey yet: the page offers none.
    expect(page.locator("[data-passkey]")).to_have_count(0)
    page.locator("input[name=code]").fill(next_code(secret))
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(f"Bienvenue, {account.name}")

    page.goto("/profile/two-step")
    register = page.locator("[data-passkey=register]")
    expect(register).to_be_visible()
    register.locator("[data-passkey-name]").fill("Clé virtuelle")
    register.locator("button").click()
    expect(page.locator("main li", has_text="Clé virtuelle")).to_have_count(1)
    expect(register.locator("[data-passkey-error]")).to_be_hidden()
    cdp, authenticator_id = page.authenticator
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1

    log_out(page)
    pass_password(page, account)
    expect(page).to_have_url(urljoin(page.url, "/login/code"))
    sign_in = page.locator("[data-passkey=sign-in]")
    expect(sign_in).to_be_visible()
    sign_in.locator("button").click()
    expect(page).to_have_url(urljoin(page.url, "/"))
    expect(page.locator("h1")).to_have_text(f"Bienvenue, {account.name}")
    expect(sign_in).to_have_count(0)
    page.goto("/profile")
    expect(page).to_have_url(urljoin(page.url, "/profile"))

    audit = login_audit(live_server.database, account.email)
    enrolled = [data for action, data in audit if action == "auth.mfa_enrolled"]
    assert any(data.get("method") == "passkey" for data in enrolled), audit
    logins = [data.get("method") for action, data in audit if action == "auth.login"]
    assert logins[-1] == "passkey", audit
    assert "totp" in logins, audit
