"""Program fees: the amount assessed at admission, reductions, waivers, payments, balance."""

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..audit.services import record
from ..extensions import db
from .errors import CaseStateError
from .models import Case, Fee, Payment
from .settings import program_settings

CENT = Decimal("0.01")


def parse_amount(value) -> Decimal:
    """Read a positive amount of dollars with at most two decimals."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(_l("Write an amount such as 250.00.")) from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        raise ValueError(_l("Write an amount such as 250.00."))
    return amount


def default_fee(case: Case) -> Decimal:
    """The fee an admitted case is assessed: its site's default, else the program's."""
    amount = case.site.default_fee
    if amount is None:
        amount = program_settings().default_fee
    return amount.quantize(CENT)


def assess_fee(case: Case, *, by) -> Fee:
    """Assess the default fee of the case's site (or of the program) on an admitted case."""
    fee = Fee(case=case, amount=default_fee(case), assessed_by_id=by.id)
    db.session.add(fee)
    record(
        "fee.assessed",
        f"fee assessed: {fee.amount}",
        object_type="case",
        object_id=case.id,
        actor=by,
    )
    return fee


def _fee_of(case: Case) -> Fee:
    """The case's fee, or a refusal when none was assessed."""
    if case.fee is None:
        raise CaseStateError(_l("No fee is assessed before the prosecutor's admission."))
    return case.fee


def reduce_fee(case: Case, amount, reason: str, *, by) -> Fee:
    """Lower the fee on the sliding scale, with a reason (admin)."""
    fee, amount = _fee_of(case), parse_amount(amount)
    if not (reason or "").strip():
        raise ValueError(_l("Write the reason for the reduction."))
    if amount >= fee.amount:
        raise ValueError(_l("A reduction must lower the fee."))
    if amount < fee.amount - balance(case):
        raise ValueError(_l("The fee cannot go below what was already paid."))
    old, fee.amount, fee.adjustment_reason = fee.amount, amount, reason.strip()
    record(
        "fee.reduced",
        f"fee reduced from {old} to {amount}",
        object_type="case",
        object_id=case.id,
        actor=by,
    )
    return fee


def waive_fee(case: Case, reason: str, *, by) -> Fee:
    """Waive the fee entirely, with a reason (admin)."""
    fee = _fee_of(case)
    if not (reason or "").strip():
        raise ValueError(_l("Write the reason for the waiver."))
    fee.is_waived, fee.adjustment_reason = True, reason.strip()
    record("fee.waived", "fee waived", object_type="case", object_id=case.id, actor=by)
    return fee


def record_payment(case: Case, amount, *, method: str, receipt: str, paid_on: date, by) -> Payment:
    """Record a payment with its receipt number; it cannot exceed the balance."""
    fee, amount = _fee_of(case), parse_amount(amount)
    if not (method or "").strip() or not (receipt or "").strip():
        raise ValueError(_l("Give the payment method and the receipt number."))
    if fee.is_waived or amount > balance(case):
        raise ValueError(_l("The payment is more than the balance."))
    payment = Payment(
        case=case,
        amount=amount,
        method=method.strip()[:40],
        receipt=receipt.strip()[:60],
        paid_on=paid_on,
        recorded_by_id=by.id,
    )
    db.session.add(payment)
    db.session.flush()
    record(
        "fee.payment",
        f"payment recorded: {amount}",
        object_type="case",
        object_id=case.id,
        data={"payment_id": payment.id},
        actor=by,
    )
    return payment


def balance(case: Case) -> Decimal:
    """What remains to pay: nothing when waived or not yet assessed."""
    if case.fee is None or case.fee.is_waived:
        return Decimal("0.00")
    paid = db.session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.case_id == case.id)
    )
    return (case.fee.amount - Decimal(str(paid))).quantize(CENT)
