"""The payments and balances report: per case and in total, filtered, paginated, and as CSV."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.referrals.fees import record_payment, reduce_fee, waive_fee
from johnschool.reports.balances import BalanceFilters, report_totals

from ..enrollment.builders import admitted_case, referred_case
from ..factories import make_user
from ..query_counts import count_queries


@pytest.fixture
def liaison(app):
    return make_user("liaison", language="en")


def pay(case, by, amount, day):
    record_payment(case, amount, method="cash", receipt="R", paid_on=day, by=by)


@pytest.fixture
def cases(liaison):
    """Four cases: paid in full, partly paid, waived, reduced and unpaid; and one not admitted."""
    admin = make_user("admin")
    full, part, waived, reduced = (admitted_case(liaison) for _ in range(4))
    pay(full, liaison, "300.00", date(2026, 10, 5))
    pay(part, liaison, "100.00", date(2026, 10, 20))
    pay(part, liaison, "50.50", date(2026, 11, 3))
    waive_fee(waived, "hardship", by=admin)
    reduce_fee(reduced, "150.00", "sliding scale", by=admin)
    referred_case(liaison)
    db.session.commit()
    return {"full": full, "part": part, "waived": waived, "reduced": reduced}


def export(client, query=""):
    response = client.get(f"/reports/balances.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.text)))


def by_file(rows):
    return {row[0]: row[4:] for row in rows[1:-1]}


def test_csv_gives_each_case_its_assessed_paid_balance_and_waiver(client, sign_in, liaison, cases):
    sign_in(liaison)
    rows = export(client)
    assert rows[0] == [
        "court_file",
        "family_name",
        "given_name",
        "state",
        "assessed",
        "paid",
        "balance",
        "waived",
    ]
    assert by_file(rows) == {
        cases["full"].court_file: ["300.00", "300.00", "0.00", "no"],
        cases["part"].court_file: ["300.00", "150.50", "149.50", "no"],
        cases["waived"].court_file: ["300.00", "0.00", "0.00", "yes"],
        cases["reduced"].court_file: ["150.00", "0.00", "150.00", "no"],
    }
    assert rows[-1] == ["Total", "", "", "", "1050.00", "450.50", "299.50", "1"]


def test_with_a_balance_keeps_only_the_cases_that_owe(client, sign_in, liaison, cases):
    sign_in(liaison)
    rows = export(client, "?show=balance")
    assert set(by_file(rows)) == {cases["part"].court_file, cases["reduced"].court_file}
    assert rows[-1][4:] == ["450.00", "150.50", "299.50", "0"]


def test_a_period_counts_its_payments_and_keeps_the_cases_that_paid_in_it(
    client, sign_in, liaison, cases
):
    sign_in(liaison)
    rows = export(client, "?paid_from=2026-10-10&paid_to=2026-11-30")
    # Paid in the period: 150.50; the balance stays what remains today.
    assert by_file(rows) == {cases["part"].court_file: ["300.00", "150.50", "149.50", "no"]}
    november = by_file(export(client, "?paid_from=2026-11-01"))
    assert november == {cases["part"].court_file: ["300.00", "50.50", "149.50", "no"]}


def test_the_page_shows_the_same_numbers_and_totals(client, sign_in, liaison, cases):
    sign_in(liaison)
    page = client.get("/reports/balances").text
    assert cases["part"].court_file in page and "$149.50" in page
    assert "Total, 4 cases" in page and "$1,050.00" in page and "$299.50" in page
    assert "/reports/balances.csv" in page


def test_the_csv_link_keeps_the_filters(client, sign_in, liaison, cases):
    sign_in(liaison)
    page = client.get("/reports/balances?show=balance&paid_from=2026-10-01&page=2").text
    assert "/reports/balances.csv?show=balance&amp;paid_from=2026-10-01" in page
    assert "page=2" not in page.split("/reports/balances.csv")[1].split('"')[0]


def test_a_bad_date_is_refused_with_a_message_and_the_report_unfiltered(
    client, sign_in, liaison, cases
):
    sign_in(liaison)
    response = client.get("/reports/balances?paid_from=2026-10-01&paid_to=2026-09-01")
    assert response.status_code == 422
    assert "The last day comes on or after the first." in response.text
    assert "Total, 4 cases" in response.text
    assert client.get("/reports/balances?paid_from=yesterday").status_code == 422


def test_totals_cover_every_page(app, liaison):
    for _ in range(3):
        pay(admitted_case(liaison), liaison, "10.00", date(2026, 10, 1))
    db.session.commit()
    totals = report_totals(BalanceFilters(), liaison)
    assert totals.cases == 3 and totals.paid == Decimal("30.00")
    assert totals.balance == Decimal("870.00") and totals.assessed == Decimal("900.00")


def test_the_report_is_paginated(client, sign_in, liaison, monkeypatch):
    monkeypatch.setattr("johnschool.reports.balances.PER_PAGE", 2)
    made = [admitted_case(liaison) for _ in range(3)]
    sign_in(liaison)
    first, second = client.get("/reports/balances").text, client.get("/reports/balances?page=2")
    assert sum(case.court_file in first for case in made) == 2
    assert sum(case.court_file in second.text for case in made) == 1
    assert "Total, 3 cases" in second.text


def test_an_empty_report_says_fees_come_with_admission(client, sign_in, liaison):
    sign_in(liaison)
    assert "No fee is assessed yet" in client.get("/reports/balances").text


def test_the_export_is_logged_with_its_filters(client, sign_in, liaison, cases):
    sign_in(liaison)
    export(client, "?show=balance")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "fee.report_export"))
    assert entry.actor_id == liaison.id and json.loads(entry.data)["outstanding_only"] is True


def test_queries_do_not_grow_with_the_list(client, sign_in, liaison):
    for _ in range(2):
        pay(admitted_case(liaison), liaison, "10.00", date(2026, 10, 1))
    db.session.commit()
    sign_in(liaison)
    few = count_queries(client, "/reports/balances")
    for _ in range(5):
        pay(admitted_case(liaison), liaison, "10.00", date(2026, 10, 1))
    db.session.commit()
    assert count_queries(client, "/reports/balances") == few


def test_the_coordinator_sees_the_report(client, sign_in, cases):
    sign_in(make_user("admin"))
    assert client.get("/reports/balances").status_code == 200


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
@pytest.mark.parametrize("path", ["/reports/balances", "/reports/balances.csv"])
def test_other_roles_cannot_see_the_report(client, sign_in, role, path):
    sign_in(make_user(role))
    assert client.get(path).status_code == 403
