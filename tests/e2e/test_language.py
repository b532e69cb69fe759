"""The language switch: French by default, English on request, remembered per account."""

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible
from .pages import ACCOUNTS, assert_in_language, log_in, log_out, switch_language

pytestmark = pytest.mark.e2e


def test_switching_to_english_translates_the_page_and_lasts_across_pages(page, french_afterwards):
    liaison = ACCOUNTS["liaison"]
    french_afterwards(liaison)
    log_in(page, liaison)
    assert_accessible(page)
    switch_language(page, "en")
    assert_in_language(page, "en")
    expect(page.locator("h1")).to_have_text(f"Welcome, {liaison.name}")
    assert_accessible(page)
    page.locator("nav a[href='/profile']").click()
    expect(page.locator("h1")).to_have_text("My account")
    assert_in_language(page, "en")
    assert_accessible(page)


def test_english_is_remembered_after_signing_out_and_in_again(page, french_afterwards):
    staff = ACCOUNTS["staff"]
    french_afterwards(staff)
    log_in(page, staff)
    assert_accessible(page)
    switch_language(page, "en")
    assert_accessible(page)
    log_out(page)
    assert_in_language(page, "en")
    assert_accessible(page)
    log_in(page, staff)
    assert_in_language(page, "en")
    expect(page.locator("h1")).to_have_text(f"Welcome, {staff.name}")
    assert_accessible(page)


def test_english_is_remembered_for_the_account_in_another_browser(new_page, french_afterwards):
    staff = ACCOUNTS["staff"]
    french_afterwards(staff)
    first = new_page()
    log_in(first, staff)
    assert_accessible(first)
    switch_language(first, "en")
    assert_accessible(first)
    other = new_page()
    log_in(other, staff)
    assert_in_language(other, "en")
    expect(other.locator("h1")).to_have_text(f"Welcome, {staff.name}")
    assert_accessible(other)
