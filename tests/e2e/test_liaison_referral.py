"""The court liaison enters referrals: screening decides, then consent and admission follow.

Each run uses names and court file numbers of its own, so that the demo cases and other
tests never match the cases entered here.
"""

import re
import secrets
import string
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from johnschool.config import Defaults

from .accessibility import assert_accessible
from .pages import ACCOUNTS, CASE_PAGE, enter_referral, go_to_cases, log_in

pytestmark = pytest.mark.e2e

PROSECUTOR = "Me Isabelle Fortin"


def program_today():
    """Today where the program runs: the server refuses dates after it."""
    return datetime.now(ZoneInfo(Defaults.PROGRAM_TIMEZONE)).date()


def unique_word():
    """A name made of letters only, different on every run."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(8)).capitalize()


def referral_fields(family_name, given_name):
    """A referral for the accepted charge, with a court file number of its own."""
    today = program_today()
    return {
        "family_name": family_name,
        "given_name": given_name,
        "birth_date": "1980-06-15",
        "language": "fr",
        "source": "police",
        "offence_code": "286.1(1)",
        "offence_date": (today - timedelta(days=30)).isoformat(),
        "court_file": f"500-01-{secrets.randbelow(10**6):06d}-{secrets.token_hex(2)}",
    }


def screening(page):
    """The screening outcome shown at the top of the case page."""
    return page.locator("main dl.facts").first.locator(".tag")


def state(page):
    """The case's state shown at the top of the case page."""
    return page.locator("main dl.facts").first.locator("dd strong")


def submit_action(page, action, fields):
    """Fill one action form of the case page, send it, and land on the case page again."""
    case_url = page.url
    form = page.locator(f"main form[action$='/{action}']")
    for name, value in fields.items():
        control = form.locator(f"[name='{name}']")
        if value is True:
            control.check()
        else:
            control.fill(value)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(case_url)
    expect(page.locator("main")).not_to_contain_text("Veuillez corriger")
    assert_accessible(page)


def test_liaison_screens_an_ineligible_then_an_eligible_referral_up_to_admission(page):
    log_in(page, ACCOUNTS["liaison"])
    family = unique_word()

    go_to_cases(page)
    fields = referral_fields(family, "Avec-Antécédent")
    enter_referral(page, fields, priors=[("266", "2015-03-10")])
    expect(page.locator("h1")).to_contain_text(fields["court_file"])
    expect(screening(page)).to_have_text("Non admissible")
    expect(state(page)).to_have_text("Non admissible")
    failed = page.locator("section[aria-labelledby=rules-title] tbody tr").filter(
        has_text="Non respectée"
    )
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text(
        "Aucune condamnation antérieure pour une infraction avec violence"
    )
    expect(failed).to_contain_text(re.compile(r"266 \(Voies de fait\)"))
    expect(page.locator("main form[action$='/consent']")).to_have_count(0)

    go_to_cases(page)
    fields = referral_fields(family, "Sans-Antécédent")
    enter_referral(page, fields)
    expect(screening(page)).to_have_text("Admissible")
    expect(state(page)).to_have_text("Admissible")
    expect(page.locator("main")).not_to_contain_text("Non respectée")
    expect(page.locator("main form[action$='/admit']")).to_have_count(0)

    today = program_today().isoformat()
    submit_action(
        page,
        "consent",
        {"counsel_advised": True, "accepts_responsibility": True, "consented_on": today},
    )
    expect(state(page)).to_have_text("Consentement donné")
    expect(page.locator("main form[action$='/consent']")).to_have_count(0)

    submit_action(page, "admit", {"prosecutor": PROSECUTOR, "admitted_on": today})
    expect(state(page)).to_have_text("Admis")
    expect(page.locator("section[aria-labelledby=consent-title]")).to_contain_text(PROSECUTOR)
    expect(page.locator("main form[action$='/admit']")).to_have_count(0)

    go_to_cases(page)
    page.locator("main input[name=q]").fill(family)
    page.locator("main form[role=search] button[type=submit]").click()
    rows = page.locator("main tbody tr")
    expect(rows).to_have_count(2)
    assert_accessible(page)
    rows.filter(has_text="Sans-Antécédent").locator("a").click()
    expect(page).to_have_url(CASE_PAGE)
    expect(state(page)).to_have_text("Admis")
    assert_accessible(page)
