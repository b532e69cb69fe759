"""The court liaison enrolls an admitted case in a cohort from the case page."""

import secrets
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible
from .pages import ACCOUNTS, enter_referral, go_to_cases, log_in
from .test_liaison_referral import (
    PROSECUTOR,
    program_today,
    referral_fields,
    state,
    submit_action,
    unique_word,
)

pytestmark = pytest.mark.e2e


def add_cohort(database):
    """Plan a French cohort a month from now straight in the server's database; return its code."""
    code = f"E2E-{secrets.token_hex(3)}"
    starts_on = (program_today() + timedelta(days=30)).isoformat()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with closing(sqlite3.connect(database, timeout=15)) as connection, connection:
        connection.execute(
            "INSERT INTO cohort (site_id, code, language, capacity, place, starts_on, format,"
            " status, created_at) VALUES ((SELECT site_id FROM user_account WHERE email = ?),"
            " ?, 'fr', 12, 'Salle 3, 100 rue Principale', ?, 'one_day', 'planned', ?)",
            (ACCOUNTS["liaison"].email, code, starts_on, now),
        )
    return code


def test_liaison_enrolls_an_admitted_case_from_the_case_page(page, live_server):
    code = add_cohort(live_server.database)
    log_in(page, ACCOUNTS["liaison"])
    go_to_cases(page)
    enter_referral(page, referral_fields(unique_word(), "Inscription"))
    today = program_today().isoformat()
    submit_action(
        page,
        "consent",
        {"counsel_advised": True, "accepts_responsibility": True, "consented_on": today},
    )
    submit_action(page, "admit", {"prosecutor": PROSECUTOR, "admitted_on": today})
    expect(state(page)).to_have_text("Admis")

    form = page.locator("main form[action$='/enroll']")
    option = form.locator("option", has_text=code)
    form.locator("select[name=cohort_id]").select_option(option.get_attribute("value"))
    form.locator("button[type=submit]").click()
    expect(state(page)).to_have_text("Inscrit")
    section = page.locator("section[aria-labelledby=enrollment-title]")
    expect(section).to_contain_text(code)
    expect(page.locator("main form[action$='/enroll']")).to_have_count(0)
    assert_accessible(page)

    section.locator(f"a:has-text('{code}')").click()
    expect(page.locator("h1")).to_contain_text(code)
    assert_accessible(page)
