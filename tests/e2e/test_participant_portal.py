"""The participant follows the invitation link, chooses a password and sees the schedule."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from johnschool import create_app
from johnschool.auth.services import find_user_by_email
from johnschool.demo import rows_filed_under
from johnschool.extensions import db
from johnschool.portal.services import invite_participant

from ..portal.builders import enroll, make_case, make_cohort, make_module, make_professional
from .accessibility import assert_accessible
from .pages import ACCOUNTS

pytestmark = pytest.mark.e2e

PASSWORD = "a long walk along the river 7"
PLACE = "Salle des Érables, 55 rue Saint-Charles"


@pytest.fixture
def invitation(live_server):
    """Enroll a new client of the demo liaison in a cohort, invite them; return the secret."""
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{live_server.database}", "TESTING": True,
         "SECRET_KEY": "e2e data set-up only"}
    )  # fmt: skip
    with app.app_context():
        liaison = find_user_by_email(ACCOUNTS["liaison"].email)
        stamp = datetime.now(UTC).strftime("%H%M%S%f")
        with rows_filed_under(liaison.site):
            case = make_case(liaison, email=f"portal-{stamp}@example.org")
            module = make_module(f"E2E{stamp}", title_fr="Santé et relations")
            starts = datetime.now(UTC).replace(hour=14, minute=0, second=0, microsecond=0)
            cohort = make_cohort([module], starts_at=starts + timedelta(days=14), place=PLACE,
                                 professional=make_professional("Dre Hélène Tremblay"))  # fmt: skip
            enroll(case, cohort)
            secret = invite_participant(case, by=liaison)
        db.session.commit()
        db.engine.dispose()
    return secret


def test_participant_follows_the_invitation_and_sees_the_schedule(page, invitation):
    page.goto(f"/welcome/{invitation}")
    assert_accessible(page)
    page.locator("input[name=new_password]").fill(PASSWORD)
    page.locator("input[name=confirm]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(urljoin(page.url, "/"))
    expect(page.locator("h1")).to_contain_text("Bienvenue")
    expect(page.locator("main table").first).to_contain_text(PLACE)
    expect(page.locator("main table").first).to_contain_text("Santé et relations")
    expect(page.locator("main table").first).to_contain_text("Dre Hélène Tremblay")
    assert_accessible(page)
    page.locator("main a[href='/my/calendar']").click()
    assert_accessible(page)


def test_a_used_invitation_shows_a_clear_page(page, invitation):
    page.goto(f"/welcome/{invitation}")
    page.locator("input[name=new_password]").fill(PASSWORD)
    page.locator("input[name=confirm]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(urljoin(page.url, "/"))
    page.locator("form[action='/logout'] button").click()
    page.goto(f"/welcome/{invitation}")
    expect(page.locator("main a[href='/login']")).to_be_visible()
    assert_accessible(page)
