"""The fees API: payments with receipts (liaison, admin), reductions and waivers (admin)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from johnschool.clock import program_today
from johnschool.extensions import db
from johnschool.referrals.models import Case, Payment

from ..factories import make_token, make_user
from ..referrals.test_fee_views import admitted_case, referred_case

PAYMENT = {"amount": "250.00", "method": "cash", "receipt": "R-0042"}


@pytest.fixture
def api(client):
    """Send requests with the bearer token of a new account of a role."""

    def as_role(role):
        headers = {"Authorization": f"Bearer {make_token(make_user(role, language='en'))}"}

        def send(path, json=None):
            return client.post(f"/api/v1{path}", json=json, headers=headers)

        return send

    return as_role


@pytest.fixture
def case(app):
    """An admitted case: 300.00 assessed."""
    return admitted_case(make_user("liaison"))


def payment_count():
    """How many payments are saved."""
    return db.session.scalar(select(func.count()).select_from(Payment))


def fee_of(case):
    """The case's fee as saved."""
    db.session.expire_all()
    return db.session.get(Case, case.id).fee


@pytest.mark.parametrize("role", ["liaison", "admin"])
def test_payment_is_recorded_and_the_balance_answered(api, case, role):
    response = api(role)(f"/referrals/{case.id}/payments", PAYMENT)
    assert response.status_code == 201
    data = response.get_json()
    assert data["balance"] == "50.00"
    saved = db.session.get(Payment, data["payment_id"])
    assert saved.amount == Decimal("250.00") and saved.receipt == "R-0042"
    assert saved.paid_on == program_today()


def test_payment_takes_a_date(api, case):
    yesterday = program_today() - timedelta(days=1)
    body = {**PAYMENT, "paid_on": yesterday.isoformat()}
    response = api("liaison")(f"/referrals/{case.id}/payments", body)
    assert response.status_code == 201
    assert db.session.get(Payment, response.get_json()["payment_id"]).paid_on == yesterday


def test_empty_payment_names_every_missing_field(api, case):
    response = api("liaison")(f"/referrals/{case.id}/payments", {})
    assert response.status_code == 422
    data = response.get_json()
    assert data["error"] and set(data["fields"]) == {"amount", "method", "receipt"}
    assert payment_count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "12.345"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": True}, "amount"),
        ({"amount": "300.01"}, "amount"),
        ({"method": "bitcoin"}, "method"),
        ({"receipt": "  "}, "receipt"),
        ({"paid_on": "03/11/2026"}, "paid_on"),
        ({"paid_on": "2999-01-01"}, "paid_on"),
    ],
)
def test_bad_payment_is_refused_with_its_field(api, case, changes, field):
    response = api("liaison")(f"/referrals/{case.id}/payments", {**PAYMENT, **changes})
    assert response.status_code == 422
    assert field in response.get_json()["fields"]
    assert payment_count() == 0


def test_payment_before_admission_is_a_conflict(api):
    case = referred_case(make_user("liaison"))
    response = api("liaison")(f"/referrals/{case.id}/payments", PAYMENT)
    assert response.status_code == 409 and response.get_json()["error"]
    assert payment_count() == 0


def test_payment_on_an_unknown_case_is_404(api):
    assert api("liaison")("/referrals/999999/payments", PAYMENT).status_code == 404


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
def test_other_roles_cannot_record_payments(api, case, role):
    assert api(role)(f"/referrals/{case.id}/payments", PAYMENT).status_code == 403
    assert payment_count() == 0


def test_anonymous_requests_are_unauthorized(client, case):
    assert client.post(f"/api/v1/referrals/{case.id}/payments", json=PAYMENT).status_code == 401
    assert client.post(f"/api/v1/referrals/{case.id}/fee", json={}).status_code == 401


def test_admin_reduces_the_fee(api, case):
    send = api("admin")
    send(f"/referrals/{case.id}/payments", {**PAYMENT, "amount": "100.00"})
    response = send(f"/referrals/{case.id}/fee", {"amount": "250.00", "reason": "Low income"})
    assert response.status_code == 200
    assert response.get_json() == {
        "amount": "250.00",
        "waived": False,
        "reason": "Low income",
        "balance": "150.00",
    }
    assert fee_of(case).amount == Decimal("250.00")


def test_admin_waives_the_fee(api, case):
    response = api("admin")(f"/referrals/{case.id}/fee", {"waived": True, "reason": "No income"})
    assert response.status_code == 200
    data = response.get_json()
    assert data["waived"] is True and data["balance"] == "0.00" and data["reason"] == "No income"
    assert fee_of(case).is_waived


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "amount"),
        ({"amount": "250.00"}, "reason"),
        ({"amount": "250.00", "reason": " "}, "reason"),
        ({"amount": "2.505", "reason": "Low income"}, "amount"),
        ({"amount": "300.00", "reason": "Low income"}, "amount"),
        ({"waived": True}, "reason"),
        ({"waived": "yes", "reason": "No income"}, "waived"),
    ],
)
def test_bad_fee_change_is_refused_with_its_field(api, case, body, field):
    response = api("admin")(f"/referrals/{case.id}/fee", body)
    assert response.status_code == 422
    assert field in response.get_json()["fields"]
    fee = fee_of(case)
    assert fee.amount == Decimal("300.00") and not fee.is_waived


def test_fee_change_before_admission_is_a_conflict(api):
    case = referred_case(make_user("liaison"))
    response = api("admin")(f"/referrals/{case.id}/fee", {"waived": True, "reason": "No income"})
    assert response.status_code == 409


@pytest.mark.parametrize("role", ["liaison", "staff", "participant", "researcher"])
def test_only_the_admin_changes_the_fee(api, case, role):
    body = {"waived": True, "reason": "No income"}
    assert api(role)(f"/referrals/{case.id}/fee", body).status_code == 403
    assert not fee_of(case).is_waived


def test_fee_endpoints_are_documented(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "post" in paths["/api/v1/referrals/{case_id}/payments"]
    assert "post" in paths["/api/v1/referrals/{case_id}/fee"]
