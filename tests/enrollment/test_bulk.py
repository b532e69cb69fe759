"""Bulk actions on a cohort: several admitted cases enrolled, several withdrawn, all or nothing."""

import json

import pytest
from sqlalchemy import func, select

from johnschool.audit.models import AuditEntry
from johnschool.enrollment.bulk import (
    SelectionRefused,
    enroll_cases,
    plan_enrollment,
    withdraw_cases,
)
from johnschool.enrollment.models import Enrollment
from johnschool.enrollment.services import CohortError, enroll
from johnschool.extensions import db
from johnschool.referrals.models import Case

from ..factories import make_user
from .builders import admitted_case, make_cohort, referred_case


@pytest.fixture
def liaison(app):
    return make_user("liaison", language="en")


def states(cases):
    db.session.expire_all()
    return [db.session.get(Case, case.id).state for case in cases]


def enrollment_count():
    return db.session.scalar(select(func.count()).select_from(Enrollment))


def ids(cases):
    return [case.id for case in cases]


# --- Services ---------------------------------------------------------------------------


def test_plan_seats_the_longest_admitted_first_and_waitlists_the_rest(liaison):
    cohort = make_cohort(capacity=2)
    cases = [admitted_case(liaison) for _ in range(3)]
    plan = plan_enrollment(cohort, ids(reversed(cases)))
    assert plan.seated == cases[:2] and plan.waitlisted == cases[2:] and plan.refusals == []


def test_enroll_cases_seats_then_waitlists_in_one_go(liaison):
    cohort = make_cohort(capacity=2)
    cases = [admitted_case(liaison) for _ in range(3)]
    enrollments = enroll_cases(cohort, ids(cases), expected_seats=2, by=liaison)
    db.session.commit()
    assert [e.status for e in enrollments] == ["enrolled", "enrolled", "waitlisted"]
    assert states(cases) == ["enrolled", "enrolled", "waitlisted"]
    created = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "enrollment.created")
    ).all()
    assert sorted(entry.object_id for entry in created) == ids(cases)
    bulk = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "enrollment.bulk_created")
    )
    assert bulk.object_id == cohort.id and json.loads(bulk.data)["case_ids"] == ids(cases)


def test_a_case_not_admitted_refuses_the_whole_selection(liaison):
    cohort = make_cohort(capacity=5)
    good, received = admitted_case(liaison), referred_case(liaison)
    with pytest.raises(SelectionRefused) as refused:
        enroll_cases(cohort, [good.id, received.id], expected_seats=1, by=liaison)
    db.session.rollback()
    assert [r.label for r in refused.value.refusals] == [received.court_file]
    assert "admis" in str(refused.value.refusals[0].reason)  # French outside a request
    assert enrollment_count() == 0 and states([good]) == ["admitted"]


def test_a_case_of_another_language_or_gone_is_refused(liaison):
    cohort = make_cohort()
    english = admitted_case(liaison, language="en")
    plan = plan_enrollment(cohort, [english.id, 999999])
    labels = sorted(refusal.label for refusal in plan.refusals)
    assert labels == sorted([english.court_file, "#999999"])


def test_seats_taken_since_the_confirmation_refuse_the_selection(liaison):
    cohort = make_cohort(capacity=2)
    cases = [admitted_case(liaison) for _ in range(2)]
    enroll(admitted_case(liaison), cohort, by=liaison)  # someone took a seat meanwhile
    with pytest.raises(CohortError):
        enroll_cases(cohort, ids(cases), expected_seats=2, by=liaison)


def test_a_closed_cohort_takes_nobody(liaison):
    cohort = make_cohort(status="cancelled")
    with pytest.raises(CohortError):
        plan_enrollment(cohort, [admitted_case(liaison).id])


def test_withdraw_cases_frees_seats_for_the_waitlist_but_not_for_the_chosen(liaison):
    cohort = make_cohort(capacity=2)
    cases = [admitted_case(liaison) for _ in range(4)]
    enroll_cases(cohort, ids(cases), expected_seats=2, by=liaison)
    db.session.commit()
    # One seated and the head of the waitlist leave: the seat goes to the next one waiting.
    withdraw_cases(cohort, [cases[0].id, cases[2].id], "moved away", by=liaison)
    db.session.commit()
    assert states(cases) == ["withdrawn", "enrolled", "withdrawn", "enrolled"]
    promoted = db.session.scalars(
        select(AuditEntry.object_id).where(AuditEntry.action == "enrollment.promoted")
    ).all()
    assert promoted == [cases[3].id]


def test_withdrawing_a_case_of_another_cohort_refuses_them_all(liaison):
    cohort, other = make_cohort(), make_cohort()
    mine, theirs = admitted_case(liaison), admitted_case(liaison)
    enroll(mine, cohort, by=liaison)
    enroll(theirs, other, by=liaison)
    db.session.commit()
    with pytest.raises(SelectionRefused) as refused:
        withdraw_cases(cohort, [mine.id, theirs.id], "reason", by=liaison)
    db.session.rollback()
    assert [r.label for r in refused.value.refusals] == [theirs.court_file]
    assert states([mine, theirs]) == ["enrolled", "enrolled"]


def test_withdrawal_needs_a_reason(liaison):
    cohort, case = make_cohort(), admitted_case(liaison)
    enroll(case, cohort, by=liaison)
    with pytest.raises(ValueError, match="motif"):
        withdraw_cases(cohort, [case.id], "  ", by=liaison)


# --- Pages ------------------------------------------------------------------------------


def test_the_cohort_pages_lead_to_the_bulk_enrollment(client, sign_in, liaison):
    cohort = make_cohort()
    admitted = admitted_case(liaison)
    english = admitted_case(liaison, language="en")
    sign_in(liaison)
    assert f"/cohorts/{cohort.id}/enroll-cases" in client.get(f"/cohorts/{cohort.id}").text
    page = client.get(f"/cohorts/{cohort.id}/enroll-cases").text
    assert f'value="{admitted.id}"' in page and f'value="{english.id}"' not in page


def test_review_lists_who_gets_a_seat_and_who_waits_without_enrolling(client, sign_in, liaison):
    cohort = make_cohort(capacity=1)
    first, second = admitted_case(liaison), admitted_case(liaison)
    sign_in(liaison)
    response = client.post(
        f"/cohorts/{cohort.id}/enroll-cases/review", data={"case_ids": [first.id, second.id]}
    )
    assert response.status_code == 200
    seated, waiting = response.text.split("goes on the waitlist")
    assert first.court_file in seated and second.court_file in waiting
    assert 'name="expected_seats" type="hidden" value="1"' in response.text
    assert enrollment_count() == 0


def test_confirmation_enrolls_and_says_how_many(client, sign_in, liaison):
    cohort = make_cohort(capacity=1)
    cases = [admitted_case(liaison), admitted_case(liaison)]
    sign_in(liaison)
    response = client.post(
        f"/cohorts/{cohort.id}/enroll-cases/confirm",
        data={"case_ids": ids(cases), "expected_seats": 1},
        follow_redirects=True,
    )
    assert "1 enrolled, 1 on the waitlist." in response.text
    assert states(cases) == ["enrolled", "waitlisted"]


def test_review_refuses_a_case_not_admitted_with_its_reason(client, sign_in, liaison):
    cohort = make_cohort()
    good, received = admitted_case(liaison), referred_case(liaison)
    sign_in(liaison)
    response = client.post(
        f"/cohorts/{cohort.id}/enroll-cases/review", data={"case_ids": [good.id, received.id]}
    )
    assert response.status_code == 409
    assert received.court_file in response.text
    assert "Only an admitted case can be enrolled." in response.text
    assert "/enroll-cases/confirm" not in response.text


def test_confirmation_after_the_seats_changed_shows_the_new_plan(client, sign_in, liaison):
    cohort = make_cohort(capacity=1)
    case = admitted_case(liaison)
    enroll(admitted_case(liaison), cohort, by=liaison)
    db.session.commit()
    sign_in(liaison)
    response = client.post(
        f"/cohorts/{cohort.id}/enroll-cases/confirm",
        data={"case_ids": [case.id], "expected_seats": 1},
    )
    assert response.status_code == 409 and "seats changed" in response.text
    assert 'name="expected_seats" type="hidden" value="0"' in response.text
    assert states([case]) == ["admitted"]


def test_an_empty_selection_is_refused_with_the_list_again(client, sign_in, liaison):
    cohort = make_cohort()
    sign_in(liaison)
    response = client.post(f"/cohorts/{cohort.id}/enroll-cases/review", data={})
    assert response.status_code == 422 and "Choose at least one case." in response.text


def test_bulk_withdrawal_asks_for_a_reason_and_a_confirmation(client, sign_in, liaison):
    cohort = make_cohort()
    cases = [admitted_case(liaison), admitted_case(liaison)]
    enroll_cases(cohort, ids(cases), expected_seats=2, by=liaison)
    db.session.commit()
    sign_in(liaison)
    listing = client.get(f"/cohorts/{cohort.id}/enrollments").text
    assert f"/cohorts/{cohort.id}/withdrawals/review" in listing
    review = client.post(f"/cohorts/{cohort.id}/withdrawals/review", data={"case_ids": ids(cases)})
    assert review.status_code == 200 and cases[1].court_file in review.text
    unconfirmed = client.post(
        f"/cohorts/{cohort.id}/withdrawals", data={"case_ids": ids(cases), "reason": "x"}
    )
    assert unconfirmed.status_code == 422 and states(cases) == ["enrolled", "enrolled"]
    done = client.post(
        f"/cohorts/{cohort.id}/withdrawals",
        data={"case_ids": ids(cases), "reason": "moved", "confirm": "y"},
        follow_redirects=True,
    )
    assert "2 cases were withdrawn from the cohort." in done.text
    assert states(cases) == ["withdrawn", "withdrawn"]


def test_bulk_withdrawal_refuses_a_case_outside_the_cohort(client, sign_in, liaison):
    cohort = make_cohort()
    outsider = admitted_case(liaison)
    sign_in(liaison)
    response = client.post(
        f"/cohorts/{cohort.id}/withdrawals",
        data={"case_ids": [outsider.id], "reason": "moved", "confirm": "y"},
    )
    assert response.status_code == 409
    assert "holds no seat and no waitlist place in this cohort" in response.text


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
def test_other_roles_cannot_act_on_a_cohort_in_bulk(client, sign_in, liaison, role):
    cohort, case = make_cohort(), admitted_case(liaison)
    sign_in(make_user(role))
    assert client.get(f"/cohorts/{cohort.id}/enroll-cases").status_code == 403
    for path in ("enroll-cases/review", "enroll-cases/confirm", "withdrawals/review"):
        response = client.post(f"/cohorts/{cohort.id}/{path}", data={"case_ids": [case.id]})
        assert response.status_code == 403
    assert states([case]) == ["admitted"]
