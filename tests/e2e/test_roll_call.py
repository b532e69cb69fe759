"""Taking attendance at the door on a tablet: everyone marked, the unmarked count reaches zero."""

import secrets

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from johnschool import create_app
from johnschool.auth.models import User
from johnschool.demo import rows_filed_under
from johnschool.extensions import db

from ..attendance.program import (
    days_ago,
    enroll,
    make_cohort,
    make_module,
    make_professional,
    make_session,
)
from .accessibility import assert_accessible
from .pages import ACCOUNTS, log_in

pytestmark = pytest.mark.e2e

TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def todays_session(live_server):
    """A session today run by the demo staff member, with four participants enrolled."""
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{live_server.database}", "SECRET_KEY": "e2e", "TESTING": True}
    )
    with app.app_context():
        staff = db.session.scalar(select(User).where(User.email == ACCOUNTS["staff"].email))
        liaison = db.session.scalar(select(User).where(User.email == ACCOUNTS["liaison"].email))
        with rows_filed_under(staff.site):
            cohort = make_cohort()
            cohort.code = f"E2E-{secrets.token_hex(3)}"
            module = make_module(f"E2E-{secrets.token_hex(3)}")
            session = make_session(
                cohort, module, days_ago(0), professional=make_professional(staff)
            )
            people = [enroll(liaison, cohort) for _ in range(4)]
            db.session.commit()
        ids = session.id, [person.id for person in people]
        db.session.remove()
        db.engine.dispose()
    return ids


def test_staff_take_attendance_on_a_tablet_until_nobody_is_unmarked(new_page, todays_session):
    session_id, people = todays_session
    page = new_page(viewport=TABLET)
    log_in(page, ACCOUNTS["staff"])
    page.goto("/sessions")
    assert_accessible(page)
    page.locator(f"a[href='/sessions/{session_id}/roll-call']").click()
    expect(page.locator("#unmarked")).to_contain_text("4")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    assert_accessible(page)

    first, second, third, fourth = people
    page.locator(f"input[name='status-{first}'][value='present']").check()
    page.locator(f"input[name='status-{second}'][value='absent']").check()
    # Keyboard alone: focus a radio of the group, then Space marks it.
    page.locator(f"input[name='status-{third}'][value='present']").focus()
    page.keyboard.press("Space")
    page.locator("main button[type=submit]").first.click()
    expect(page.locator("#unmarked")).to_contain_text("1")
    expect(page.locator(f"input[name='status-{third}'][value='present']")).to_be_checked()

    page.locator(f"input[name='status-{fourth}'][value='late']").check()
    page.locator(f"input[name='minutes-{fourth}']").fill("5")
    page.locator("main button[type=submit]").last.click()
    expect(page.locator("#unmarked")).to_contain_text("0")
    expect(page.locator("input[type=radio]:checked")).to_have_count(4)
    assert_accessible(page)
