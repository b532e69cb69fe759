"""The fees on the case page: payments with receipts, reductions and waivers by the coordinator."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from johnschool.audit.models import AuditEntry
from johnschool.clock import program_today
from johnschool.extensions import db
from johnschool.referrals.fees import balance
from johnschool.referrals.models import Case, Payment
from johnschool.referrals.services import (
    create_referral,
    record_admission,
    record_consent,
)

from ..factories import make_user

DAY = date(2026, 11, 2)


@pytest.fixture
def liaison(app):
    """A court liaison reading English."""
    return make_user("liaison", language="en")


@pytest.fixture
def coordinator(app):
    """A program coordinator reading English."""
    return make_user("admin", language="en")


def referred_case(by, *, language="fr", court_file="500-01-000001-261", priors=()):
    """A referral entered and screened, not yet admitted."""
    case = create_referral(
        {
            "family_name": "Roy",
            "given_name": "Paul",
            "birth_date": date(1975, 5, 5),
            "language": language,
        },
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": date(2026, 9, 1),
            "court_file": court_file,
        },
        [{"offence_code": code} for code in priors],
        by=by,
    )
    db.session.commit()
    return case


def admitted_case(by, **referral):
    """A case taken through consent and admission: the default fee (300.00) is assessed."""
    case = referred_case(by, **referral)
    record_consent(case, counsel_advised=True, accepts_responsibility=True, consented_on=DAY, by=by)
    record_admission(case, prosecutor="Me Fortin", admitted_on=DAY, by=by)
    db.session.commit()
    return case


def payment(**changes):
    """A filled payment form."""
    return {
        "amount": "100.00",
        "method": "debit",
        "receipt": "R-0001",
        "paid_on": program_today().isoformat(),
        **changes,
    }


def payment_count():
    """How many payments are saved."""
    return db.session.scalar(select(func.count()).select_from(Payment))


def reload(case):
    """The case as saved."""
    db.session.expire_all()
    return db.session.get(Case, case.id)


def test_before_admission_the_page_says_the_fee_comes_later(client, sign_in, liaison):
    case = referred_case(liaison)
    sign_in(liaison)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "The fee is assessed when the prosecutor admits the case." in page
    assert f"/cases/{case.id}/payments" not in page


def test_admitted_case_shows_the_fee_and_the_payment_form(client, sign_in, liaison):
    case = admitted_case(liaison)
    sign_in(liaison)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "<strong>$300.00</strong>" in page and "No payment yet." in page
    assert f'action="/cases/{case.id}/payments"' in page
    assert f'value="{program_today().isoformat()}"' in page
    assert "/fee/reduce" not in page and "/fee/waive" not in page


def test_payment_is_recorded_and_the_balance_shown(client, sign_in, liaison):
    case = admitted_case(liaison)
    sign_in(liaison)
    response = client.post(f"/cases/{case.id}/payments", data=payment())
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The payment was recorded." in page
    assert "<strong>$200.00</strong>" in page
    assert "R-0001" in page and "Debit card" in page and "$100.00" in page
    saved = reload(case)
    assert balance(saved) == Decimal("200.00") and saved.payments[0].method == "debit"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "fee.payment"))


def test_french_reader_sees_french_amounts(client, sign_in):
    french = make_user("liaison", language="fr")
    case = admitted_case(french)
    sign_in(french)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "300,00\xa0$" in page


@pytest.mark.parametrize("amount", ["12.345", "abc", "-5", "0"])
def test_bad_amount_is_refused_with_its_message_and_nothing_saved(client, sign_in, liaison, amount):
    case = admitted_case(liaison)
    sign_in(liaison)
    response = client.post(f"/cases/{case.id}/payments", data=payment(amount=amount))
    assert response.status_code == 422
    assert "Write an amount such as 250.00." in response.get_data(as_text=True)
    assert payment_count() == 0


def test_payment_over_the_balance_is_refused(client, sign_in, liaison):
    case = admitted_case(liaison)
    sign_in(liaison)
    response = client.post(f"/cases/{case.id}/payments", data=payment(amount="300.01"))
    assert response.status_code == 422
    assert "The payment is more than the balance." in response.get_data(as_text=True)
    assert payment_count() == 0


def test_payment_needs_method_receipt_and_a_date_not_in_the_future(client, sign_in, liaison):
    case = admitted_case(liaison)
    sign_in(liaison)
    for data in (
        payment(receipt=""),
        payment(method="bitcoin"),
        payment(paid_on="2999-01-01"),
        {},
    ):
        assert client.post(f"/cases/{case.id}/payments", data=data).status_code == 422
    assert payment_count() == 0


def test_payment_before_admission_is_refused_with_409(client, sign_in, liaison):
    case = referred_case(liaison)
    sign_in(liaison)
    response = client.post(f"/cases/{case.id}/payments", data=payment())
    assert response.status_code == 409
    assert "No fee is assessed before the prosecutor" in response.get_data(as_text=True)
    assert payment_count() == 0


def test_the_coordinator_records_payments_too(client, sign_in, coordinator):
    case = admitted_case(coordinator)
    sign_in(coordinator)
    assert client.post(f"/cases/{case.id}/payments", data=payment()).status_code == 302
    assert payment_count() == 1


@pytest.mark.parametrize("action", ["reduce", "waive"])
def test_liaison_cannot_reduce_or_waive(client, sign_in, liaison, action):
    case = admitted_case(liaison)
    sign_in(liaison)
    data = {"amount": "100.00", "reason": "Low income", "confirm": "y"}
    assert client.post(f"/cases/{case.id}/fee/{action}", data=data).status_code == 403
    saved = reload(case)
    assert saved.fee.amount == Decimal("300.00") and not saved.fee.is_waived


def test_coordinator_reduces_the_fee_with_a_reason(client, sign_in, coordinator):
    case = admitted_case(coordinator)
    sign_in(coordinator)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "/fee/reduce" in page and "/fee/waive" in page
    data = {"amount": "150.00", "reason": "Income under the threshold"}
    response = client.post(f"/cases/{case.id}/fee/reduce", data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Income under the threshold" in page and "<strong>$150.00</strong>" in page
    saved = reload(case)
    assert saved.fee.amount == Decimal("150.00")
    assert saved.fee.adjustment_reason == "Income under the threshold"


@pytest.mark.parametrize(
    "data",
    [
        {"amount": "150.00", "reason": ""},
        {"amount": "", "reason": "Low income"},
        {"amount": "350.00", "reason": "Low income"},
    ],
)
def test_reduction_needs_a_lower_amount_and_a_reason(client, sign_in, coordinator, data):
    case = admitted_case(coordinator)
    sign_in(coordinator)
    assert client.post(f"/cases/{case.id}/fee/reduce", data=data).status_code == 422
    assert reload(case).fee.amount == Decimal("300.00")


def test_coordinator_waives_the_fee_once_confirmed(client, sign_in, coordinator):
    case = admitted_case(coordinator)
    sign_in(coordinator)
    unconfirmed = client.post(f"/cases/{case.id}/fee/waive", data={"reason": "No income"})
    assert unconfirmed.status_code == 422 and not reload(case).fee.is_waived
    data = {"reason": "No income", "confirm": "y"}
    response = client.post(f"/cases/{case.id}/fee/waive", data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The fee is waived." in page and "No income" in page
    assert "<strong>$0.00</strong>" in page and "/payments" not in page
    saved = reload(case)
    assert saved.fee.is_waived and balance(saved) == Decimal("0.00")


def test_fee_changes_before_admission_are_refused_with_409(client, sign_in, coordinator):
    case = referred_case(coordinator)
    sign_in(coordinator)
    reduce = {"amount": "150.00", "reason": "Low income"}
    assert client.post(f"/cases/{case.id}/fee/reduce", data=reduce).status_code == 409
    waive = {"reason": "No income", "confirm": "y"}
    assert client.post(f"/cases/{case.id}/fee/waive", data=waive).status_code == 409


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
def test_other_roles_cannot_touch_fees(client, sign_in, liaison, role):
    case = admitted_case(liaison)
    sign_in(make_user(role))
    for path in ("payments", "fee/reduce", "fee/waive"):
        assert client.post(f"/cases/{case.id}/{path}", data=payment()).status_code == 403
    assert payment_count() == 0
