"""The coordinator's dashboard: each section's count and first rows, in constant queries."""

from datetime import timedelta

import pytest

from johnschool.clock import program_today
from johnschool.coordination.dashboard import coordinator_dashboard
from johnschool.enrollment.services import enroll
from johnschool.extensions import db
from johnschool.referrals.fees import record_payment

from ..attendance import program
from ..enrollment.builders import admitted_case, make_cohort, referred_case
from ..factories import make_user
from ..query_counts import count_queries
from ..research.closed_cases import closed_case


@pytest.fixture
def admin_client(client, sign_in):
    return sign_in(make_user("admin"))


def add_one_of_each(liaison):
    """A cohort with a full seat list and a waitlist, an unassigned session, a case waiting,
    an admitted case owing its fee, and a closed case with a follow-up due."""
    cohort = make_cohort(capacity=1, days_ahead=20)
    for _ in range(2):
        enroll(admitted_case(liaison), cohort, by=liaison)
    module = program.make_module("DASH")
    program.make_session(cohort, module, program.days_ago(-20))
    referred_case(liaison)
    closed_case(liaison, program_today() - timedelta(days=200))
    db.session.commit()
    return cohort


def test_the_sections_count_and_list_what_needs_the_coordinator(app, liaison):
    cohort = add_one_of_each(liaison)
    paid = admitted_case(liaison)
    record_payment(
        paid, "300.00", method="cash", receipt="R-1", paid_on=program_today(), by=liaison
    )
    db.session.commit()
    board = coordinator_dashboard(program_today(), make_user("admin"))
    (row,) = board.cohorts.rows
    assert (row.id, row.seats, row.waitlist, board.cohorts.total) == (cohort.id, 1, 1, 1)
    assert board.sessions.total == 1 and board.sessions.rows[0].professional_id is None
    assert board.waiting.total == 1 and board.waiting_by_state["eligible"] == 1
    # The two admitted cases enrolled in the cohort owe 300.00 each; the paid one owes nothing.
    assert board.balances.total == 2 and paid.id not in {r.id for r in board.balances.rows}
    assert {str(r.balance) for r in board.balances.rows} == {"300.00"}
    assert board.follow_ups.total == 1


def test_a_confirmed_rotation_with_everyone_assigned_is_not_listed(app, liaison):
    cohort = make_cohort(days_ahead=10, status="confirmed")
    module = program.make_module("DASH")
    professional = program.make_professional()
    program.make_session(cohort, module, program.days_ago(-10), professional=professional)
    program.make_session(cohort, module, program.days_ago(3))  # past: not listed
    db.session.commit()
    assert coordinator_dashboard(program_today(), make_user("admin")).sessions.total == 0


def test_only_the_first_rows_are_listed_but_all_are_counted(app, liaison):
    for _ in range(7):
        referred_case(liaison)
    board = coordinator_dashboard(program_today(), make_user("admin"))
    assert board.waiting.total == 7 and len(board.waiting.rows) == 5


def test_the_admin_home_shows_the_sections_with_links(app, admin_client, liaison):
    cohort = add_one_of_each(liaison)
    page = admin_client.get("/").get_data(as_text=True)
    assert f"/cohorts/{cohort.id}/enrollments" in page
    assert f"/admin/cohorts/{cohort.id}/rotation" in page
    assert "/cases?state=eligible" in page and "/follow-ups/due" in page


def test_an_empty_program_shows_empty_states(app, admin_client):
    page = admin_client.get("/").get_data(as_text=True)
    assert page.count('class="empty"') == 5


def test_the_admin_home_runs_the_same_queries_whatever_the_data(app, admin_client, liaison):
    add_one_of_each(liaison)
    few = count_queries(admin_client, "/")
    for _ in range(4):
        add_one_of_each(liaison)
    assert count_queries(admin_client, "/") == few


def test_an_individual_session_of_a_closed_case_is_not_listed(app, liaison):
    open_case = admitted_case(liaison)
    closed = closed_case(liaison, program_today())
    program.make_individual_session(open_case, program.days_ago(-5))
    program.make_individual_session(closed, program.days_ago(-5))
    db.session.commit()
    (row,) = coordinator_dashboard(program_today(), make_user("admin")).sessions.rows
    assert (row.kind, row.case_id) == ("individual", open_case.id)
