"""The API's override, withdrawal and return: the same services and refusals as the pages."""

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.enrollment.models import Enrollment
from johnschool.enrollment.services import enroll
from johnschool.extensions import db

from ..enrollment.builders import admitted_case, make_cohort, referred_case
from ..factories import make_user
from ..research.closed_cases import referral
from .calls import call


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison")


def test_admin_overrides_an_ineligible_case_with_a_reason(client, admin, liaison):
    case = referral(liaison)  # a violent prior: ineligible
    db.session.commit()
    response = call(
        client,
        admin,
        "POST",
        f"/referrals/{case.id}/override",
        {"outcome": "eligible", "reason": "Prior conviction pardoned."},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["state"] == "eligible"
    assert body["decision"]["override"] == {
        "outcome": "eligible",
        "reason": "Prior conviction pardoned.",
    }
    assert body["decision"]["screened_outcome"] == "ineligible"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.overridden"))


@pytest.mark.parametrize(
    "body, field",
    [({"outcome": "eligible"}, "reason"), ({"outcome": "maybe", "reason": "x"}, "outcome")],
)
def test_override_needs_an_outcome_and_a_written_reason(client, admin, liaison, body, field):
    case = referral(liaison)
    db.session.commit()
    response = call(client, admin, "POST", f"/referrals/{case.id}/override", body)
    assert response.status_code == 422 and field in response.get_json()["fields"]
    db.session.expire_all()
    assert case.state == "ineligible"


def test_override_of_an_eligible_case_answers_409(client, admin, liaison):
    case = referred_case(liaison)
    body = {"outcome": "ineligible", "reason": "No."}
    response = call(client, admin, "POST", f"/referrals/{case.id}/override", body)
    assert response.status_code == 409
    db.session.expire_all()
    assert case.state == "eligible"


def test_only_the_admin_overrides(client, liaison):
    case = referral(liaison)
    db.session.commit()
    body = {"outcome": "eligible", "reason": "x"}
    assert call(client, liaison, "POST", f"/referrals/{case.id}/override", body).status_code == 403


def test_unknown_case_answers_404_to_override(client, admin):
    body = {"outcome": "eligible", "reason": "x"}
    assert call(client, admin, "POST", "/referrals/999999/override", body).status_code == 404


def seated(liaison, cohort):
    """An admitted case enrolled (or waitlisted) in cohort; committed."""
    enrollment = enroll(admitted_case(liaison), cohort, by=liaison)
    db.session.commit()
    return enrollment


def test_withdrawal_frees_the_seat_for_the_head_of_the_waitlist(client, liaison):
    cohort = make_cohort(capacity=1)
    first, second = seated(liaison, cohort), seated(liaison, cohort)
    assert second.status == "waitlisted"
    response = call(
        client, liaison, "POST", f"/enrollments/{first.id}/withdraw", {"reason": "Moved away."}
    )
    assert response.status_code == 200
    assert response.get_json()["status"] == "withdrawn"
    assert response.get_json()["case_state"] == "withdrawn"
    db.session.expire_all()
    assert db.session.get(Enrollment, second.id).status == "enrolled"


def test_withdrawal_needs_a_reason(client, liaison):
    enrollment = seated(liaison, make_cohort())
    response = call(client, liaison, "POST", f"/enrollments/{enrollment.id}/withdraw", {})
    assert response.status_code == 422 and "reason" in response.get_json()["fields"]
    db.session.expire_all()
    assert enrollment.status == "enrolled"


def test_withdrawing_twice_answers_409(client, admin, liaison):
    enrollment = seated(liaison, make_cohort())
    path, body = f"/enrollments/{enrollment.id}/withdraw", {"reason": "Declined."}
    assert call(client, admin, "POST", path, body).status_code == 200
    assert call(client, admin, "POST", path, body).status_code == 409


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
def test_only_liaison_and_admin_withdraw(client, liaison, role):
    enrollment = seated(liaison, make_cohort())
    path = f"/enrollments/{enrollment.id}/withdraw"
    assert call(client, make_user(role), "POST", path, {"reason": "x"}).status_code == 403


def test_withdrawn_case_goes_back_to_the_prosecutor(client, liaison):
    enrollment = seated(liaison, make_cohort())
    call(client, liaison, "POST", f"/enrollments/{enrollment.id}/withdraw", {"reason": "x"})
    path = f"/referrals/{enrollment.case_id}/return"
    response = call(client, liaison, "POST", path)
    assert response.status_code == 200 and response.get_json()["state"] == "returned"
    assert call(client, liaison, "POST", path).status_code == 409
