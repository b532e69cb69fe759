"""The receipt of one payment, as a PDF in the client's language.

The receipt names the payer, since it is theirs to keep, but not the court file nor what the
program is about: its issuer is the name set for certificates, else a neutral one. Its title
and file name carry the receipt number only.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..pdf import neutral_filename, render_flowables
from ..referrals.forms import METHOD_LABELS
from ..referrals.models import Payment
from ..referrals.queries import money
from ..referrals.settings import program_settings
from . import layout

NEUTRAL_ISSUERS = {"fr": "Programme de formation", "en": "Training program"}


@dataclass(frozen=True)
class Receipt:
    """What a receipt prints; the same receipt always gives the same bytes."""

    language: str
    payment_id: int
    number: str
    paid_on: date
    payer: str
    amount: Decimal
    method: str
    paid_to_date: Decimal  # this payment and those before it
    issuer: str = ""  # empty: the neutral name in the receipt's language


def receipt_of(payment: Payment) -> Receipt:
    """The receipt of a payment, with what the case had paid once it was made."""
    paid = db.session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(
            Payment.case_id == payment.case_id, Payment.id <= payment.id
        )
    )
    client = payment.case.client
    return Receipt(
        language=client.language,
        payment_id=payment.id,
        number=payment.receipt,
        paid_on=payment.paid_on,
        payer=client.full_name,
        amount=payment.amount,
        method=payment.method,
        paid_to_date=Decimal(str(paid)).quantize(Decimal("0.01")),
        issuer=program_settings().certificate_program_name or "",
    )


def receipt_filename(receipt: Receipt) -> str:
    """Return the discreet file name of a receipt: its number, or the payment's when unusable."""
    try:
        return neutral_filename("receipt", receipt.number)
    except ValueError:  # a number with no letter or digit a file name can hold
        return neutral_filename("receipt", receipt.payment_id)


def render_receipt(receipt: Receipt) -> bytes:
    """Render a receipt to PDF bytes, in its language."""
    with force_locale(receipt.language):
        flowables = _flowables(receipt)
    return render_flowables(flowables, title=f"Document {receipt.number}")


def _method(code: str) -> str:
    """A payment method in the forced language (the request's labels are cached in another)."""
    return str(METHOD_LABELS.lazy(code)) if code in METHOD_LABELS else code


def _flowables(receipt: Receipt) -> list:
    """Lay out the issuer, the heading and the payment's facts."""
    issuer = receipt.issuer.strip() or NEUTRAL_ISSUERS.get(receipt.language, NEUTRAL_ISSUERS["fr"])
    rows = [
        (_("Receipt number"), receipt.number),
        (_("Payment date"), receipt.paid_on.isoformat()),
        (_("Received from"), receipt.payer),
        (_("Amount"), money(receipt.amount)),
        (_("Method"), _method(receipt.method)),
        (_("Paid to date"), money(receipt.paid_to_date)),
    ]
    return [
        layout.text(issuer, bold=True),
        layout.gap(20),
        layout.title(_("Receipt")),
        layout.gap(),
        layout.facts(rows),
        layout.gap(24),
        layout.text(_("Thank you for your payment.")),
    ]
