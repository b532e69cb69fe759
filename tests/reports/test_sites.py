"""Receipts, sign-in sheets, attendance and the payments report reach only the user's site."""

from datetime import date

import pytest

from johnschool.extensions import db
from johnschool.referrals.fees import record_payment

from ..attendance.program import (
    days_ago,
    enroll,
    make_cohort,
    make_module,
    make_professional,
    make_session,
)
from ..coordination.sites import move_to, second_site
from ..factories import make_user


@pytest.fixture
def world(app):
    """In MTL and in QC: a cohort with a session today and an enrolled case that paid."""
    liaison, staff = make_user("liaison"), make_user("staff")
    module = make_module("LAW")
    rows = {}
    for code in ("mtl", "qc"):
        cohort = make_cohort()
        session = make_session(cohort, module, days_ago(0), professional=make_professional(staff))
        case = enroll(liaison, cohort, family_name=f"Nom{code.upper()}").case
        payment = record_payment(
            case, "40.00", method="cash", receipt=f"R-{code}", paid_on=date(2026, 11, 2), by=liaison
        )
        rows[code] = {"cohort": cohort, "session": session, "case": case, "payment": payment}
    db.session.commit()
    qc = second_site()
    move_to(qc["site"], rows["qc"]["cohort"], rows["qc"]["case"])
    return {**qc, "mtl": rows["mtl"], "qc": rows["qc"], "runner": staff}


@pytest.mark.parametrize("role", ["liaison", "admin"])
def test_another_sites_receipt_and_attendance_answer_404(client, sign_in, world, role):
    sign_in(world[role])
    mtl, qc = world["mtl"], world["qc"]
    assert client.get(f"/payments/{mtl['payment'].id}/receipt.pdf").status_code == 404
    assert client.get(f"/cohorts/{mtl['cohort'].id}/attendance.csv").status_code == 404
    assert client.get(f"/payments/{qc['payment'].id}/receipt.pdf").status_code == 200
    assert client.get(f"/cohorts/{qc['cohort'].id}/attendance.csv").status_code == 200


def test_another_sites_sign_in_sheet_answers_404_to_a_site_admin(client, sign_in, world):
    sign_in(world["admin"])
    assert client.get(f"/sessions/{world['mtl']['session'].id}/roster.pdf").status_code == 404
    assert client.get(f"/sessions/{world['qc']['session'].id}/roster.pdf").status_code == 200


def test_staff_moved_to_another_site_no_longer_print_the_old_sites_sheet(client, sign_in, world):
    runner = world["runner"]
    sign_in(runner)
    assert client.get(f"/sessions/{world['mtl']['session'].id}/roster.pdf").status_code == 200
    move_to(world["site"], runner)
    sign_in(runner)
    assert client.get(f"/sessions/{world['mtl']['session'].id}/roster.pdf").status_code == 404


def test_the_payments_report_and_its_csv_hold_only_the_sites_cases(client, sign_in, world):
    sign_in(world["liaison"])
    page = client.get("/reports/balances").text
    assert "NomQC" in page and "NomMTL" not in page
    lines = client.get("/reports/balances.csv").text.splitlines()
    assert len(lines) == 3 and "NomQC" in lines[1] and lines[2].startswith("Total,")
    assert lines[2].split(",")[5] == "40.00"


def test_a_province_wide_admin_reports_every_site(client, sign_in, world):
    sign_in(make_user("admin"))
    page = client.get("/reports/balances").text
    assert "NomQC" in page and "NomMTL" in page
    assert client.get(f"/payments/{world['mtl']['payment'].id}/receipt.pdf").status_code == 200
    lines = client.get("/reports/balances.csv").text.splitlines()
    assert len(lines) == 4 and lines[3].split(",")[5] == "80.00"
