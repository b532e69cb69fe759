"""The coordinator creates a cohort, reviews the proposed rotation and confirms it."""

import secrets
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible
from .pages import ACCOUNTS, log_in
from .test_liaison_referral import program_today

pytestmark = pytest.mark.e2e


def test_coordinator_creates_a_cohort_and_confirms_its_rotation(page):
    code = f"ROT-{secrets.token_hex(3)}"
    log_in(page, ACCOUNTS["admin"])
    page.goto("/admin/cohorts/new")
    assert_accessible(page)
    # The demo coordinator works for the whole province: the cohort's site is asked.
    page.locator("select[name=site_id]").select_option(label="Montréal")
    page.locator("input[name=code]").fill(code)
    page.locator("select[name=language]").select_option("fr")
    page.locator("input[name=capacity]").fill("15")
    page.locator("input[name=place]").fill("Salle 2, 300 rue Saint-Charles Ouest")
    page.locator("input[name=starts_on]").fill((program_today() + timedelta(days=45)).isoformat())
    page.locator("input[name=format][value=one_day]").check()
    page.locator("main form button[type=submit]").click()

    expect(page.locator("h1")).to_contain_text(code)
    sessions = page.locator("section[aria-labelledby=sessions-title] tbody tr")
    expect(sessions.first).to_be_visible()
    # One session per active module: the six shipped ones, and any another test added.
    count = sessions.count()
    assert count >= 6
    # The demo's professionals cover every discipline: each session has someone proposed.
    expect(sessions.filter(has_text="non attribué")).to_have_count(0)
    assert_accessible(page)

    page.locator("a[href$='/rotation']").click()
    expect(page.locator("h1")).to_contain_text(code)
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(count)
    # Each choice is explained, so the coordinator can check it before confirming.
    expect(rows.locator("p.hint")).not_to_have_count(0)
    assert_accessible(page)

    page.locator("form[action$='/rotation/confirm'] button[type=submit]").click()
    expect(page.locator("main dl.facts")).to_contain_text("Rotation confirmée")
    assert_accessible(page)
