"""The home pages show each role its real next items, in queries that do not grow."""

from datetime import UTC, datetime, timedelta

from johnschool.extensions import db
from johnschool.research.perturbation import SPREAD
from johnschool.research.statistics import Filters, profile_table

from ..curriculum.builders import make_cohort, make_professional, make_session
from ..factories import make_user
from ..query_counts import count_queries
from ..research.builders import add_records

NOON = datetime(2030, 3, 4, 17, tzinfo=UTC)


def staff_with_sessions(count):
    """A staff account linked to a professional teaching count upcoming sessions."""
    user = make_user("staff", language="en")
    mine = make_professional("health", user_id=user.id)
    cohort = make_cohort()
    sessions = [
        make_session(cohort=cohort, starts_at=NOON + timedelta(days=day), professional_id=mine.id)
        for day in range(count)
    ]
    make_session(starts_at=datetime(2020, 1, 6, 14, tzinfo=UTC), professional_id=mine.id)
    db.session.commit()
    return user, sessions


def test_staff_home_lists_the_next_sessions_with_their_roll_call(app, sign_in):
    user, sessions = staff_with_sessions(7)
    page = sign_in(user).get("/").get_data(as_text=True)
    assert "You have no session to run" not in page
    for session in sessions[:5]:
        assert f'href="/sessions/{session.id}/roll-call"' in page
    assert f"/sessions/{sessions[5].id}/roll-call" not in page
    assert "2030-03-04 12:00" in page and "2020-01-06" not in page
    assert 'href="/assignments"' in page and "See all my sessions" in page


def test_staff_home_says_when_nothing_is_coming_or_the_account_is_not_linked(app, sign_in):
    user, _ = staff_with_sessions(0)
    assert "No upcoming session is assigned to you." in sign_in(user).get("/").get_data(
        as_text=True
    )
    unlinked = make_user("staff", language="en")
    assert "not linked to a professional" in sign_in(unlinked).get("/").get_data(as_text=True)


def test_staff_home_queries_do_not_grow_with_the_sessions(app, sign_in):
    user, _ = staff_with_sessions(1)
    client = sign_in(user)
    few = count_queries(client, "/")
    staff_with_sessions(0)
    mine = make_professional("law", user_id=None)
    for day in range(12):
        make_session(starts_at=NOON + timedelta(days=day), professional_id=mine.id)
    db.session.commit()
    assert count_queries(client, "/") == few


def test_researcher_home_shows_the_store_as_tables_publish_it_and_the_latest_exports(
    app, client, sign_in
):
    add_records(23, answers={"marital_status": "single"}, age_band="18-24")
    researcher = make_user("researcher", language="en")
    sign_in(researcher)
    client.get("/research/export.csv?dim=age_band&by=marital_status&period=2020-2024")
    grand_total = profile_table(["age_band"], Filters()).table.grand_total
    page = client.get("/").get_data(as_text=True)
    assert f"About {grand_total} de-identified records" in page
    assert abs(grand_total - 23) <= SPREAD
    assert 'href="/research' in page
    assert "dim=age_band" in page and "by=marital_status" in page and "period=2020-2024" in page
    other = make_user("researcher", language="en")
    sign_in(other)
    assert "You have not exported a table yet." in client.get("/").get_data(as_text=True)


def test_researcher_home_hides_a_store_smaller_than_k(app, client, sign_in):
    add_records(3, answers={"marital_status": "single"}, age_band="18-24")
    sign_in(make_user("researcher", language="en"))
    page = client.get("/").get_data(as_text=True)
    assert "Fewer than 5 de-identified records" in page and "About" not in page
