"""The receipt of a payment: a PDF in the client's language, discreet, logged, for case staff."""

from datetime import date

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.referrals.fees import record_payment

from ..enrollment.builders import admitted_case
from ..factories import make_user
from ..test_pdf import REVEALING_WORDS, shown_text


@pytest.fixture
def liaison(app):
    return make_user("liaison", language="en")


def pay(case, liaison, amount, receipt, day=date(2026, 11, 2), method="debit"):
    payment = record_payment(case, amount, method=method, receipt=receipt, paid_on=day, by=liaison)
    db.session.commit()
    return payment


def receipt(client, payment):
    return client.get(f"/payments/{payment.id}/receipt.pdf")


def test_receipt_shows_the_payment_and_what_was_paid_so_far(client, sign_in, liaison):
    case = admitted_case(liaison, language="en")
    pay(case, liaison, "100.00", "R-1")
    second = pay(case, liaison, "50.00", "R-2", method="cash")
    pay(case, liaison, "25.00", "R-3")
    sign_in(liaison)
    response = receipt(client, second)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = shown_text(response.data)
    assert "Receipt" in text and "R-2" in text and "2026-11-02" in text
    assert case.client.full_name in text
    assert "$50.00" in text and "Cash" in text
    assert "$150.00" in text  # paid to date: the first two payments, not the third
    assert case.court_file not in text


def test_receipt_is_in_the_clients_language(client, sign_in, liaison):
    case = admitted_case(liaison, language="fr")
    payment = pay(case, liaison, "100.00", "R-7", method="cash")
    sign_in(liaison)  # the liaison reads English; the receipt is the client's
    text = shown_text(receipt(client, payment).data)
    assert "Reçu" in text and "Comptant" in text and "100,00" in text


def test_receipt_has_a_neutral_name_and_title(client, sign_in, liaison):
    case = admitted_case(liaison)
    payment = pay(case, liaison, "100.00", "R 2026/0042")
    sign_in(liaison)
    response = receipt(client, payment)
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="receipt-R-2026-0042.pdf"'
    assert not any(word in disposition.lower() for word in REVEALING_WORDS)
    assert b"/Title (Document R 2026/0042)" in response.data


def test_a_receipt_number_unfit_for_a_file_name_falls_back_on_the_payment(client, sign_in, liaison):
    payment = pay(admitted_case(liaison), liaison, "10.00", "№ ééé")
    sign_in(liaison)
    disposition = receipt(client, payment).headers["Content-Disposition"]
    assert disposition == f'attachment; filename="receipt-{payment.id}.pdf"'


def test_receipt_is_the_same_bytes_each_time_and_logged(client, sign_in, liaison):
    case = admitted_case(liaison)
    payment = pay(case, liaison, "100.00", "R-1")
    sign_in(liaison)
    assert receipt(client, payment).data == receipt(client, payment).data
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "fee.receipt"))
    assert [(e.object_id, e.actor_id) for e in entries] == [(case.id, liaison.id)] * 2


def test_the_case_page_links_each_payment_to_its_receipt(client, sign_in, liaison):
    case = admitted_case(liaison)
    payment = pay(case, liaison, "100.00", "R-1")
    sign_in(liaison)
    assert f"/payments/{payment.id}/receipt.pdf" in client.get(f"/cases/{case.id}").text


def test_the_coordinator_downloads_receipts_too(client, sign_in, liaison):
    payment = pay(admitted_case(liaison), liaison, "100.00", "R-1")
    sign_in(make_user("admin"))
    assert receipt(client, payment).status_code == 200


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
def test_other_roles_cannot_download_a_receipt(client, sign_in, liaison, role):
    payment = pay(admitted_case(liaison), liaison, "100.00", "R-1")
    sign_in(make_user(role))
    assert receipt(client, payment).status_code == 403


def test_unknown_payment_is_not_found(client, sign_in, liaison):
    sign_in(liaison)
    assert client.get("/payments/999999/receipt.pdf").status_code == 404
