"""Re-offending checks at 6, 12 and 24 months: when due, how recorded, who may see them."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.clock import program_today
from johnschool.extensions import db
from johnschool.referrals.errors import CaseStateError
from johnschool.research.follow_ups import (
    FollowUpError,
    add_months,
    due_follow_ups,
    latest_outcome_due,
    record_check,
)
from johnschool.research.models import ReoffendingCheck, ResearchRecord

from ..factories import make_user
from ..query_counts import count_queries
from .closed_cases import closed_case, referral


@pytest.fixture
def liaison(app):
    """A liaison reading English, so that pages can be checked for their words."""
    return make_user("liaison", language="en")


def statuses(case, today):
    """The status of each check on today, by month."""
    return {item.months: item.status for item in due_follow_ups(case, today)}


def test_months_are_added_on_the_calendar_keeping_the_end_of_month():
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2025, 3, 15), 24) == date(2027, 3, 15)
    assert add_months(date(2025, 1, 31), -2) == date(2024, 11, 30)


@given(st.dates(date(2000, 1, 1), date(2090, 1, 1)), st.sampled_from([6, 12, 24]))
def test_the_due_list_bound_matches_the_due_day_of_every_outcome(today, months):
    bound = latest_outcome_due(today, months)
    assert add_months(bound, months) <= today
    assert add_months(bound + timedelta(days=1), months) > today


@pytest.mark.parametrize(
    ("today", "six_months"),
    [
        (date(2025, 7, 14), "upcoming"),
        (date(2025, 7, 15), "due"),
        (date(2025, 8, 14), "due"),
        (date(2025, 8, 15), "overdue"),
    ],
)
def test_the_six_month_check_is_due_on_its_day_then_overdue_a_month_later(
    liaison, today, six_months
):
    case = closed_case(liaison, date(2025, 1, 15))
    assert statuses(case, today) == {6: six_months, 12: "upcoming", 24: "upcoming"}


def test_the_twelve_and_twenty_four_month_checks_fall_due_in_turn(liaison):
    case = closed_case(liaison, date(2023, 3, 10))
    assert statuses(case, date(2024, 3, 10)) == {6: "overdue", 12: "due", 24: "upcoming"}
    assert statuses(case, date(2025, 3, 10)) == {6: "overdue", 12: "overdue", 24: "due"}
    assert statuses(case, date(2025, 4, 10)) == {6: "overdue", 12: "overdue", 24: "overdue"}


def test_an_open_case_has_no_follow_up_and_refuses_a_check(liaison):
    case = referral(liaison, priors=())
    db.session.commit()
    assert due_follow_ups(case, program_today()) == []
    with pytest.raises(CaseStateError):
        record_check(case, 6, program_today(), False, None, by=liaison)


def test_a_check_before_its_due_day_is_refused(liaison):
    today = program_today()
    case = closed_case(liaison, add_months(today, -6) + timedelta(days=1))
    with pytest.raises(FollowUpError) as refused:
        record_check(case, 6, today, False, None, by=liaison)
    assert refused.value.field == "checked_on"
    with pytest.raises(FollowUpError):
        record_check(case, 12, today, False, None, by=liaison)


def test_a_check_in_the_future_or_at_another_month_is_refused(liaison):
    today = program_today()
    case = closed_case(liaison, add_months(today, -30))
    with pytest.raises(FollowUpError) as future:
        record_check(case, 24, today + timedelta(days=1), False, None, by=liaison)
    assert future.value.field == "checked_on"
    with pytest.raises(FollowUpError) as month:
        record_check(case, 18, today, False, None, by=liaison)
    assert month.value.field == "months"


@pytest.mark.parametrize(
    ("has_new_charge", "category"), [(False, "violent"), (True, None), (True, "parking")]
)
def test_a_category_goes_with_a_new_charge_and_only_then(liaison, has_new_charge, category):
    case = closed_case(liaison, add_months(program_today(), -7))
    with pytest.raises(FollowUpError) as refused:
        record_check(case, 6, program_today(), has_new_charge, category, by=liaison)
    assert refused.value.field == "offence_category"


def test_recording_again_corrects_the_check_and_both_are_audited(liaison):
    today = program_today()
    case = closed_case(liaison, add_months(today, -7))
    record_check(case, 6, today, False, None, by=liaison)
    db.session.commit()
    record_check(case, 6, today - timedelta(days=3), True, "exploitation", by=liaison)
    db.session.commit()
    checks = db.session.scalars(select(ReoffendingCheck)).all()
    assert [(c.months, c.has_new_charge, c.offence_category) for c in checks] == [
        (6, True, "exploitation")
    ]
    assert checks[0].checked_on == today - timedelta(days=3)
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.action.like("follow_up.%"))
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["follow_up.recorded", "follow_up.corrected"]
    assert statuses(case, today)[6] == "done"


def test_the_research_record_carries_the_check_result(liaison):
    case = closed_case(liaison, add_months(program_today(), -13))
    record_check(case, 12, program_today(), True, "other", by=liaison)
    db.session.commit()
    stored = db.session.get(ResearchRecord, case.research_record.id)
    assert (stored.reoffended_6, stored.reoffended_12, stored.reoffended_24) == (None, True, None)


# --- Pages -----------------------------------------------------------------------------


def test_the_case_page_shows_the_checks_of_a_closed_case_only(client, sign_in, liaison):
    closed = closed_case(liaison, add_months(program_today(), -7))
    open_case = referral(liaison, priors=())
    db.session.commit()
    sign_in(liaison)
    page = client.get(f"/cases/{closed.id}").get_data(as_text=True)
    assert 'id="follow-ups-title"' in page and "Overdue" in page
    assert f"/cases/{closed.id}/follow-ups/checks" in page
    assert 'id="follow-ups-title"' not in client.get(f"/cases/{open_case.id}").get_data(
        as_text=True
    )


def test_a_check_saved_from_the_case_page_goes_back_to_it(client, sign_in, liaison):
    case = closed_case(liaison, add_months(program_today(), -7))
    sign_in(liaison)
    response = client.post(
        f"/cases/{case.id}/follow-ups/checks",
        data={
            "months": "6",
            "checked_on": program_today().isoformat(),
            "has_new_charge": "yes",
            "offence_category": "sexual",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}#follow-ups-title")
    check = db.session.scalar(select(ReoffendingCheck))
    assert (check.case_id, check.has_new_charge, check.offence_category) == (
        case.id,
        True,
        "sexual",
    )


def test_a_check_refused_keeps_what_was_typed_and_says_why(client, sign_in, liaison):
    case = closed_case(liaison, add_months(program_today(), -7))
    sign_in(liaison)
    typed = (program_today() - timedelta(days=2)).isoformat()
    response = client.post(
        f"/cases/{case.id}/follow-ups/checks",
        data={"months": "12", "checked_on": typed, "has_new_charge": "no"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'value="{typed}"' in page
    assert '<option selected value="12">' in page
    due = add_months(case.updated_at.date(), 12).isoformat()
    assert due in page and 'class="errors"' in page
    assert db.session.scalar(select(ReoffendingCheck)) is None


def test_a_check_on_an_open_case_is_refused_as_a_conflict(client, sign_in, liaison):
    case = referral(liaison, priors=())
    db.session.commit()
    sign_in(liaison)
    response = client.post(
        f"/cases/{case.id}/follow-ups/checks",
        data={"months": "6", "checked_on": program_today().isoformat(), "has_new_charge": "no"},
    )
    assert response.status_code == 409


def test_the_due_list_shows_cases_with_a_check_due_and_not_those_done_or_not_yet(
    client, sign_in, liaison
):
    today = program_today()
    due = closed_case(liaison, add_months(today, -6), family_name="Duecase")
    done = closed_case(liaison, add_months(today, -6), family_name="Donecase")
    record_check(done, 6, today, False, None, by=liaison)
    closed_case(liaison, add_months(today, -6) + timedelta(days=1), family_name="Notyet")
    db.session.commit()
    sign_in(liaison)
    page = client.get("/follow-ups/due").get_data(as_text=True)
    assert "Duecase" in page and f"/cases/{due.id}" in page
    assert "Donecase" not in page and "Notyet" not in page


def test_the_due_list_is_paginated_with_the_same_number_of_queries(
    client, sign_in, liaison, monkeypatch
):
    monkeypatch.setattr("johnschool.research.follow_up_views.PER_PAGE", 3)
    sign_in(liaison)
    closed_case(liaison, add_months(program_today(), -25))
    few = count_queries(client, "/follow-ups/due")
    for _ in range(5):
        closed_case(liaison, add_months(program_today(), -25))
    assert count_queries(client, "/follow-ups/due") == few
    second = client.get("/follow-ups/due?page=2").get_data(as_text=True)
    assert second.count("#follow-ups-title") == 3


def test_the_due_list_says_so_when_nothing_is_due(client, sign_in, liaison):
    sign_in(liaison)
    response = client.get("/follow-ups/due")
    assert response.status_code == 200
    assert 'class="empty"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["researcher", "staff", "participant"])
def test_only_liaisons_and_the_coordinator_reach_follow_ups(client, sign_in, liaison, role):
    case = closed_case(liaison, add_months(program_today(), -7))
    sign_in(make_user(role))
    assert client.get("/follow-ups/due").status_code == 403
    posted = client.post(
        f"/cases/{case.id}/follow-ups/checks",
        data={"months": "6", "checked_on": program_today().isoformat(), "has_new_charge": "no"},
    )
    assert posted.status_code == 403
    assert db.session.scalar(select(ReoffendingCheck)) is None


def test_the_demo_records_the_checks_due_once_only(liaison):
    from johnschool.research.demo import OLDER_CASES, load_demo_follow_ups

    first = load_demo_follow_ups(liaison)
    db.session.commit()
    assert first >= 2 * len(OLDER_CASES)
    assert load_demo_follow_ups(liaison) == 0
    db.session.commit()
    checks = db.session.scalars(select(ReoffendingCheck)).all()
    assert len(checks) == first
    assert {c.offence_category for c in checks} == {None, "exploitation"}
