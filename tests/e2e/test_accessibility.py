"""Accessibility of the pages beyond sign-in: axe-core finds nothing serious or critical."""

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible
from .pages import ACCOUNTS, assert_in_language, log_in

pytestmark = pytest.mark.e2e

PAGES_BY_ROLE = [
    ("admin", "/admin/users"),
    ("admin", "/admin/users/new"),
    ("admin", "/admin/audit"),
    ("admin", "/profile"),
    ("participant", "/profile"),
    ("participant", "/my/data"),
    ("researcher", "/research"),
    ("researcher", "/research?dim=region&by=age_band"),
    ("admin", "/research/budgets"),
]


@pytest.mark.parametrize(("role", "path"), PAGES_BY_ROLE)
def test_page_is_accessible(page, role, path):
    log_in(page, ACCOUNTS[role])
    assert_accessible(page)
    response = page.goto(path)
    assert response.status == 200
    assert_in_language(page, "fr")
    assert_accessible(page)


def test_participant_gets_an_accessible_access_denied_page(page):
    log_in(page, ACCOUNTS["participant"])
    assert_accessible(page)
    response = page.goto("/admin/users")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Accès refusé")
    assert_accessible(page)


def test_unknown_address_gets_an_accessible_not_found_page(page):
    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page introuvable")
    assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_accessibility_check_reports_an_image_without_text(new_page, javascript):
    page = new_page(java_script_enabled=javascript)
    page.goto("/login")
    assert_accessible(page)
    page.locator("main").evaluate("main => main.append(document.createElement('img'))")
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        assert_accessible(page)
