"""The pages work without JavaScript: forms are plain HTML posts."""

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible, scripting_is_disabled
from .pages import ACCOUNTS, assert_in_language, log_in, log_out, switch_language

pytestmark = pytest.mark.e2e


def test_admin_signs_in_and_switches_language_without_javascript(new_page, french_afterwards):
    admin = ACCOUNTS["admin"]
    french_afterwards(admin)
    page = new_page(java_script_enabled=False)
    log_in(page, admin)
    assert scripting_is_disabled(page)
    assert_in_language(page, "fr")
    assert_accessible(page)
    switch_language(page, "en")
    expect(page.locator("h1")).to_have_text(f"Welcome, {admin.name}")
    assert_accessible(page)
    log_out(page)
    assert_in_language(page, "en")
    assert_accessible(page)
