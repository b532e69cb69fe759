"""The enrollment pages: the case page's section, enroll, withdraw, and a cohort's list."""

import pytest
from sqlalchemy import select

from johnschool.enrollment.models import Enrollment
from johnschool.enrollment.services import enroll
from johnschool.extensions import db
from johnschool.referrals.models import Case

from ..factories import make_user
from ..query_counts import count_queries
from .builders import admitted_case, make_cohort, referred_case


@pytest.fixture
def liaison(app):
    """A court liaison reading English."""
    return make_user("liaison", language="en")


@pytest.fixture
def signed_in(client, sign_in, liaison):
    """The test client, signed in as the liaison."""
    return sign_in(liaison)


def state_of(case):
    """The case's state, read again from the database."""
    db.session.expire_all()
    return db.session.get(Case, case.id).state


def enrolled_cases(cohort, count, by):
    """count admitted cases enrolled (or waitlisted) in cohort, in order."""
    cases = [admitted_case(by) for _ in range(count)]
    for case in cases:
        enroll(case, cohort, by=by)
        db.session.commit()
    return cases


def test_case_page_offers_open_cohorts_of_the_clients_language_with_seats_left(signed_in, liaison):
    case = admitted_case(liaison)
    open_fr = make_cohort(capacity=3)
    full_fr = make_cohort(capacity=1)
    enrolled_cases(full_fr, 1, liaison)
    english, cancelled = make_cohort(language="en"), make_cohort(status="cancelled")
    started = make_cohort(days_ahead=-1)
    html = signed_in.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'value="{open_fr.id}"' in html and "3 seats left" in html
    assert f'value="{full_fr.id}"' in html and "full: waitlist" in html
    for closed in (english, cancelled, started):
        assert f'value="{closed.id}"' not in html


def test_liaison_enrolls_an_admitted_case_from_the_case_page(signed_in, liaison):
    case, cohort = admitted_case(liaison), make_cohort()
    response = signed_in.post(f"/cases/{case.id}/enroll", data={"cohort_id": cohort.id})
    assert response.status_code == 302 and response.location == f"/cases/{case.id}"
    assert state_of(case) == "enrolled"
    html = signed_in.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"The case is enrolled in cohort {cohort.code}." in html
    assert f"/cohorts/{cohort.id}/enrollments" in html and "Withdraw from the cohort" in html


def test_enrolling_in_a_full_cohort_says_the_waitlist_position(signed_in, liaison):
    cohort = make_cohort(capacity=1)
    enrolled_cases(cohort, 2, liaison)
    case = admitted_case(liaison)
    response = signed_in.post(
        f"/cases/{case.id}/enroll", data={"cohort_id": cohort.id}, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert "the case is on its waitlist, position 2" in html
    assert "position 2 on the waitlist" in html and state_of(case) == "waitlisted"


def test_cohort_of_another_language_is_refused_with_the_field_marked(signed_in, liaison):
    case, english = admitted_case(liaison), make_cohort(language="en")
    french = make_cohort()
    response = signed_in.post(f"/cases/{case.id}/enroll", data={"cohort_id": english.id})
    assert response.status_code == 422
    assert "language must be the client" in response.get_data(as_text=True)
    assert 'id="cohort_id-error"' in response.get_data(as_text=True)
    assert f'value="{french.id}"' in response.get_data(as_text=True)
    assert state_of(case) == "admitted"


def test_enroll_without_a_cohort_is_refused(signed_in, liaison):
    case = admitted_case(liaison)
    make_cohort()
    response = signed_in.post(f"/cases/{case.id}/enroll", data={})
    assert response.status_code == 422 and "Choose a cohort." in response.get_data(as_text=True)


def test_enrolling_a_case_not_yet_admitted_answers_409(signed_in, liaison):
    case, cohort = referred_case(liaison), make_cohort()
    response = signed_in.post(f"/cases/{case.id}/enroll", data={"cohort_id": cohort.id})
    assert response.status_code == 409
    assert "Only an admitted case can be enrolled." in response.get_data(as_text=True)
    assert db.session.scalars(select(Enrollment)).all() == []


def test_staff_cannot_enroll_a_case(client, sign_in, liaison):
    case, cohort = admitted_case(liaison), make_cohort()
    sign_in(make_user("staff"))
    response = client.post(f"/cases/{case.id}/enroll", data={"cohort_id": cohort.id})
    assert response.status_code == 403 and state_of(case) == "admitted"


def test_withdrawal_asks_for_confirmation_and_a_reason_and_keeps_what_was_typed(signed_in, liaison):
    cohort = make_cohort(capacity=1)
    seated, waiting = enrolled_cases(cohort, 2, liaison)
    page = signed_in.get(f"/cases/{seated.id}/withdraw")
    assert page.status_code == 200 and "I confirm the withdrawal" in page.get_data(as_text=True)
    refused = signed_in.post(f"/cases/{seated.id}/withdraw", data={"reason": "Moved to Gaspé"})
    assert refused.status_code == 422 and "Moved to Gaspé" in refused.get_data(as_text=True)
    assert state_of(seated) == "enrolled"
    done = signed_in.post(
        f"/cases/{seated.id}/withdraw", data={"reason": "Moved to Gaspé", "confirm": "y"}
    )
    assert done.status_code == 302
    assert (state_of(seated), state_of(waiting)) == ("withdrawn", "enrolled")


def test_withdrawal_without_a_reason_is_refused(signed_in, liaison):
    (case,) = enrolled_cases(make_cohort(), 1, liaison)
    response = signed_in.post(f"/cases/{case.id}/withdraw", data={"confirm": "y"})
    assert response.status_code == 422 and state_of(case) == "enrolled"
    assert "Write the reason for the withdrawal." in response.get_data(as_text=True)


def test_withdrawing_a_case_without_a_seat_answers_409(signed_in, liaison):
    case = admitted_case(liaison)
    assert signed_in.get(f"/cases/{case.id}/withdraw").status_code == 409
    response = signed_in.post(f"/cases/{case.id}/withdraw", data={"reason": "x", "confirm": "y"})
    assert response.status_code == 409 and state_of(case) == "admitted"


def test_cohort_list_shows_the_seated_then_the_waitlist_in_order(signed_in, liaison):
    cohort = make_cohort(capacity=2)
    cases = enrolled_cases(cohort, 4, liaison)
    html = signed_in.get(f"/cohorts/{cohort.id}/enrollments").get_data(as_text=True)
    names = [case.client.family_name for case in cases]
    assert [html.index(name) for name in names] == sorted(html.index(name) for name in names)
    assert "Waitlist, position 1" in html and "Waitlist, position 2" in html
    assert "2 taken of 2" in html


def test_cohort_list_is_paginated_and_counts_positions_across_pages(
    signed_in, liaison, monkeypatch
):
    monkeypatch.setattr("johnschool.enrollment.queries.ENROLLMENTS_PER_PAGE", 2)
    cohort = make_cohort(capacity=1)
    cases = enrolled_cases(cohort, 4, liaison)
    html = signed_in.get(f"/cohorts/{cohort.id}/enrollments?page=2").get_data(as_text=True)
    assert cases[2].client.family_name in html and cases[0].client.family_name not in html
    assert "Waitlist, position 2" in html and "Waitlist, position 3" in html


def test_empty_cohort_list_says_so(signed_in):
    cohort = make_cohort()
    html = signed_in.get(f"/cohorts/{cohort.id}/enrollments").get_data(as_text=True)
    assert "Nobody is enrolled or waiting in this cohort yet." in html


def test_unknown_cohort_answers_404(signed_in):
    assert signed_in.get("/cohorts/999999/enrollments").status_code == 404


def test_cohort_list_runs_as_many_queries_for_many_enrollments_as_for_few(signed_in, liaison):
    cohort = make_cohort(capacity=2)
    enrolled_cases(cohort, 3, liaison)
    few = count_queries(signed_in, f"/cohorts/{cohort.id}/enrollments")
    enrolled_cases(cohort, 4, liaison)
    assert count_queries(signed_in, f"/cohorts/{cohort.id}/enrollments") == few


def test_case_page_query_count_does_not_grow_with_open_cohorts(signed_in, liaison):
    case = admitted_case(liaison)
    make_cohort()
    few = count_queries(signed_in, f"/cases/{case.id}")
    for _ in range(4):
        enrolled_cases(make_cohort(capacity=1), 1, liaison)
    assert count_queries(signed_in, f"/cases/{case.id}") == few
