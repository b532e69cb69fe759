"""What completes a case: a payment or waiver that settles the last thing, the daily expiry."""

import pytest

from johnschool.attendance.models import Attendance
from johnschool.extensions import db
from johnschool.referrals.models import Case
from johnschool.referrals.settings import program_settings

from ..factories import make_token, make_user
from .program import days_ago, enroll, make_cohort, make_module, make_session


@pytest.fixture
def liaison(app):
    return make_user("liaison", language="en")


def attended_everything(liaison):
    """An enrolled case that attended its only module and still owes the fee."""
    cohort = make_cohort()
    session = make_session(cohort, make_module("LAW"), days_ago(3))
    enrollment = enroll(liaison, cohort)
    db.session.add(Attendance(session_id=session.id, enrollment_id=enrollment.id, status="present"))
    db.session.commit()
    return enrollment


def state_of(enrollment):
    db.session.expire_all()
    return db.session.get(Case, enrollment.case_id).state


def test_the_payment_that_settles_the_fee_completes_the_case(client, sign_in, liaison):
    enrollment = attended_everything(liaison)
    sign_in(liaison)
    data = {"amount": "300.00", "method": "cash", "receipt": "R-9", "paid_on": days_ago(0)}
    assert client.post(f"/cases/{enrollment.case_id}/payments", data=data).status_code == 302
    assert state_of(enrollment) == "completed"


def test_a_partial_payment_leaves_the_case_enrolled(client, sign_in, liaison):
    enrollment = attended_everything(liaison)
    sign_in(liaison)
    data = {"amount": "100.00", "method": "cash", "receipt": "R-9", "paid_on": days_ago(0)}
    client.post(f"/cases/{enrollment.case_id}/payments", data=data)
    assert state_of(enrollment) == "enrolled"


def test_a_waiver_through_the_api_completes_the_case(client, liaison):
    enrollment = attended_everything(liaison)
    headers = {"Authorization": f"Bearer {make_token(make_user('admin'))}"}
    body = {"waived": True, "reason": "Sans revenu"}
    response = client.post(
        f"/api/v1/referrals/{enrollment.case_id}/fee", json=body, headers=headers
    )
    assert response.status_code == 200
    assert state_of(enrollment) == "completed"


def test_expiry_completes_a_case_met_in_time_and_fails_the_others(app, liaison):
    met = attended_everything(liaison)
    from johnschool.referrals.fees import waive_fee

    waive_fee(met.case, "Sans revenu", by=make_user("admin"))
    lacking = attended_everything(liaison)
    for enrollment in (met, lacking):
        enrollment.case.deadline = days_ago(1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["cases", "expire"])
    assert result.exit_code == 0
    assert (state_of(met), state_of(lacking)) == ("completed", "failed")


def test_the_coordinator_sets_the_late_tolerance_and_the_certificate_fields(client, sign_in):
    sign_in(make_user("admin"))
    data = {
        "deadline_days": "120",
        "default_fee": "300.00",
        "accepted_charges": "286.1(1)",
        "late_tolerance_minutes": "20",
        "retention_years": "5",
        "certificate_program_name": "Programme de formation",
        "certificate_signatory": "Claire Coordonnatrice",
    }
    assert client.post("/admin/settings", data=data).status_code == 302
    row = program_settings()
    assert row.late_tolerance_minutes == 20
    assert row.certificate_signatory == "Claire Coordonnatrice"
    bad = client.post("/admin/settings", data={**data, "late_tolerance_minutes": "-1"})
    assert bad.status_code == 422
