"""Signing in: each role lands on its own home page, in French by default."""

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible
from .pages import ACCOUNTS, ROLES, assert_in_language, log_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("role", ROLES)
def test_each_role_signs_in_and_lands_on_its_home_page_in_french(page, role):
    account = ACCOUNTS[role]
    log_in(page, account)
    assert_in_language(page, "fr")
    expect(page.locator("h1")).to_have_text(f"Bienvenue, {account.name}")
    expect(page.locator("nav a[href='/admin/users']")).to_have_count(1 if role == "admin" else 0)
    assert_accessible(page)


def test_login_page_is_in_french_for_a_new_visitor(page):
    page.goto("/login")
    assert_in_language(page, "fr")
    expect(page.locator("h1")).to_have_text("Se connecter")
    assert_accessible(page)


def test_wrong_password_is_refused_with_an_accessible_message(page):
    page.goto("/login")
    assert_accessible(page)
    page.locator("input[name=email]").fill("nobody@demo.example")
    page.locator("input[name=password]").fill("not the password")
    page.locator("main button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#password-error")).to_be_visible()
    assert_accessible(page)
