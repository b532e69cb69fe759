"""What a person does in the browser: sign in, sign out, switch language, enter a referral.

Elements are found by name, value or address rather than by translated text, so
that the same steps work in French and in English.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from playwright.sync_api import expect

from johnschool.demo import DEMO_ACCOUNTS

from .accessibility import assert_accessible


@dataclass(frozen=True)
class Account:
    """A demo account and how to sign in with it."""

    email: str
    name: str
    role: str
    password: str


ACCOUNTS = {
    role: Account(email, name, role, password) for email, name, role, password in DEMO_ACCOUNTS
}
ROLES = tuple(ACCOUNTS)
LANGUAGE_LABELS = {"fr": "Français", "en": "English"}
CASE_PAGE = re.compile(r"/cases/\d+$")


def log_in(page, account):
    """Sign in from the login page, checked for accessibility, and land on the home page."""
    page.goto("/login")
    assert_accessible(page)
    home_url = urljoin(page.url, "/")
    page.locator("input[name=email]").fill(account.email)
    page.locator("input[name=password]").fill(account.password)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(home_url)


def log_out(page):
    """Sign out with the header's button and land on the login page."""
    page.locator("form[action='/logout'] button").click()
    expect(page).to_have_url(urljoin(page.url, "/login"))


def switch_language(page, language):
    """Press the header's button for language and wait for the page in that language."""
    page.locator(f"button[name=lang][value={language}]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def assert_in_language(page, language):
    """Check that the page is in language and offers the other one."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    for code, label in LANGUAGE_LABELS.items():
        offered = page.get_by_role("button", name=label, exact=True)
        expect(offered).to_have_count(0 if code == language else 1)


def go_to_cases(page):
    """Follow the main menu to the case list, checked for accessibility."""
    page.locator("nav.main-nav a[href='/cases']").click()
    expect(page).to_have_url(urljoin(page.url, "/cases"))
    assert_accessible(page)


def enter_referral(page, fields, priors=()):
    """From the case list, open the referral form, fill it and save; land on the case page.

    fields maps the form's field names to values (dates as YYYY-MM-DD, select values as
    codes); priors lists (section, conviction date or "") for the first rows.
    """
    page.locator("main a[href='/cases/new']").click()
    expect(page).to_have_url(urljoin(page.url, "/cases/new"))
    assert_accessible(page)
    form = page.locator("main form[method=post]")
    for name, value in fields.items():
        control = form.locator(f"[name='{name}']")
        if control.evaluate("element => element.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    for row, (section, conviction_date) in enumerate(priors):
        form.locator(f"[name='priors-{row}-offence_code']").fill(section)
        form.locator(f"[name='priors-{row}-conviction_date']").fill(conviction_date)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(CASE_PAGE)
    assert_accessible(page)
