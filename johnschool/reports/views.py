"""Pages and downloads of the reports: sign-in sheets, receipts, attendance, payments."""

from flask import Response, render_template, request
from flask_login import current_user

from ..audit.services import record
from ..curriculum.access import cohort_or_404
from ..database import writes_database
from ..extensions import db
from ..permissions import Role, role_required
from ..referrals.queries import STATE_LABELS, money
from . import bp
from .access import payment_or_404, session_for_sheet
from .attendance_csv import attendance_csv, attendance_filename
from .balances import report_csv, report_page, report_totals
from .forms import BalanceFilterForm
from .receipt import receipt_filename, receipt_of, render_receipt
from .roster_sheet import render_roster_sheet, roster_filename, roster_sheet

SESSION_ROLES = (Role.STAFF, Role.ADMIN)
CASE_ROLES = (Role.LIAISON, Role.ADMIN)
BALANCES_CSV_NAME = "balances.csv"


def download(data, filename: str, mimetype: str) -> Response:
    """Send a file to download under a discreet name."""
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/sessions/<int:session_id>/roster.pdf")
@role_required(*SESSION_ROLES)
@writes_database
def session_roster(session_id):
    """Download a session's roster and sign-in sheet, for those who run it; logged."""
    session = session_for_sheet(session_id)
    sheet = roster_sheet(session)
    data = render_roster_sheet(sheet)
    record("session.roster", "sign-in sheet printed", object_type="session", object_id=session.id)
    db.session.commit()
    return download(data, roster_filename(sheet), "application/pdf")


@bp.get("/payments/<int:payment_id>/receipt.pdf")
@role_required(*CASE_ROLES)
@writes_database
def payment_receipt(payment_id):
    """Download the receipt of a payment, in the client's language; logged on the case."""
    payment = payment_or_404(payment_id)
    receipt = receipt_of(payment)
    data = render_receipt(receipt)
    record(
        "fee.receipt",
        "receipt produced",
        object_type="case",
        object_id=payment.case_id,
        data={"payment_id": payment.id},
    )
    db.session.commit()
    return download(data, receipt_filename(receipt), "application/pdf")


@bp.get("/cohorts/<int:cohort_id>/attendance.csv")
@role_required(*CASE_ROLES)
@writes_database
def cohort_attendance_csv(cohort_id):
    """Download a cohort's attendance, one line per person and session; logged."""
    cohort = cohort_or_404(cohort_id)
    data = attendance_csv(cohort)
    record(
        "cohort.attendance_export",
        "attendance exported",
        object_type="cohort",
        object_id=cohort.id,
    )
    db.session.commit()
    return download(data, attendance_filename(cohort), "text/csv")


def _filter_form() -> BalanceFilterForm:
    """The report's filters from the query string, checked."""
    form = BalanceFilterForm(formdata=request.args)
    form.validate()
    return form


@bp.get("/reports/balances")
@role_required(*CASE_ROLES)
def balances():
    """List the cases' fees, payments and balances, filtered, with totals."""
    form = _filter_form()
    filters = form.filters()
    totals = report_totals(filters, current_user)
    page = report_page(filters, current_user, request.args.get("page", 1, type=int), totals)
    status = 422 if form.errors else 200
    return render_template(
        "reports/balances.html",
        form=form,
        page=page,
        totals=totals,
        filters=filters,
        money=money,
        states=STATE_LABELS.translated(),
        csv_args={key: value for key, value in request.args.items() if key != "page"},
    ), status


@bp.get("/reports/balances.csv")
@role_required(*CASE_ROLES)
@writes_database
def balances_csv():
    """Download the payments and balances report, the same numbers as the page; logged."""
    form = _filter_form()
    filters = form.filters()
    data = report_csv(filters, current_user)
    record("fee.report_export", "payments report exported", data=filters.as_dict())
    db.session.commit()
    return download(data, BALANCES_CSV_NAME, "text/csv")
