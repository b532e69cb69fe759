"""Fees: assessed at admission, reduced or waived by an admin with a reason, paid with receipts."""

from datetime import date
from decimal import Decimal

import pytest

from johnschool.extensions import db
from johnschool.referrals.fees import balance, record_payment, reduce_fee, waive_fee
from johnschool.referrals.services import (
    CaseStateError,
    create_referral,
    record_admission,
    record_consent,
)

from ..factories import make_user

DAY = date(2026, 11, 2)


@pytest.fixture
def people(app):
    """A liaison and a coordinator."""
    return make_user("liaison"), make_user("admin")


def admitted_case(liaison):
    """A case taken through consent and admission."""
    case = create_referral(
        {"family_name": "Roy", "given_name": "Paul", "birth_date": date(1975, 5, 5)},
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": date(2026, 9, 1),
            "court_file": "500-01-000001-261",
        },
        [],
        by=liaison,
    )
    record_consent(
        case, counsel_advised=True, accepts_responsibility=True, consented_on=DAY, by=liaison
    )
    record_admission(case, prosecutor="Me Fortin", admitted_on=DAY, by=liaison)
    db.session.commit()
    return case


def pay(case, amount, liaison, receipt="R-1"):
    """Record a payment by cash."""
    return record_payment(case, amount, method="cash", receipt=receipt, paid_on=DAY, by=liaison)


def test_admission_assesses_the_default_fee(people):
    case = admitted_case(people[0])
    assert case.fee.amount == Decimal("300.00") and balance(case) == Decimal("300.00")


def test_payments_lower_the_balance_to_zero(people):
    liaison, _ = people
    case = admitted_case(liaison)
    pay(case, "100.00", liaison)
    pay(case, "200", liaison, receipt="R-2")
    db.session.commit()
    assert balance(case) == Decimal("0.00") and len(case.payments) == 2


@pytest.mark.parametrize("amount", ["0", "-5", "12.345", "abc", "NaN", "300.01"])
def test_bad_or_excessive_amounts_are_refused(people, amount):
    liaison, _ = people
    case = admitted_case(liaison)
    with pytest.raises(ValueError):
        pay(case, amount, liaison)


def test_payment_needs_a_receipt_number(people):
    liaison, _ = people
    case = admitted_case(liaison)
    with pytest.raises(ValueError):
        record_payment(case, "50", method="cash", receipt=" ", paid_on=DAY, by=liaison)


def test_sliding_scale_reduction_needs_a_reason_and_a_lower_amount(people):
    liaison, admin = people
    case = admitted_case(liaison)
    with pytest.raises(ValueError):
        reduce_fee(case, "150.00", "", by=admin)
    with pytest.raises(ValueError):
        reduce_fee(case, "350.00", "More", by=admin)
    reduce_fee(case, "150.00", "Income under the threshold.", by=admin)
    assert balance(case) == Decimal("150.00")
    assert case.fee.adjustment_reason == "Income under the threshold."


def test_waived_fee_leaves_nothing_to_pay(people):
    liaison, admin = people
    case = admitted_case(liaison)
    waive_fee(case, "No income.", by=admin)
    assert balance(case) == Decimal("0.00")
    with pytest.raises(ValueError):
        pay(case, "10", liaison)


def test_no_payment_before_admission(people):
    liaison, _ = people
    case = create_referral(
        {"family_name": "Roy", "given_name": "Paul", "birth_date": date(1975, 5, 5)},
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": date(2026, 9, 1),
            "court_file": "500-01-000001-261",
        },
        [],
        by=liaison,
    )
    with pytest.raises(CaseStateError):
        pay(case, "10", liaison)


def test_reduction_cannot_go_below_what_was_paid(people):
    liaison, admin = people
    case = admitted_case(liaison)
    pay(case, "200.00", liaison)
    with pytest.raises(ValueError):
        reduce_fee(case, "150.00", "Income under the threshold.", by=admin)
    reduce_fee(case, "200.00", "Income under the threshold.", by=admin)
    assert balance(case) == Decimal("0.00")
