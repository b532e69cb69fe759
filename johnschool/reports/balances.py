"""The payments and balances report: each case's assessed fee, payments, balance and waiver.

A case appears once a fee is assessed. "Paid" counts the payments of the period asked for (all
of them without one), and a period lists only the cases that paid in it; the balance is always
what remains today. Totals cover every case the filters keep, not only the page shown. The
report holds only the cases the reader reaches: their site's, or every site's when
province-wide.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, case, func, select

from ..extensions import db
from ..pagination import paginate_rows
from ..referrals.access import case_criterion
from ..referrals.models import Case, Client, Fee, Payment
from ..research.export import defused

PER_PAGE = 50
CENT = Decimal("0.01")
COLUMNS = (
    "court_file",
    "family_name",
    "given_name",
    "state",
    "assessed",
    "paid",
    "balance",
    "waived",
)


@dataclass(frozen=True)
class BalanceFilters:
    """Which cases the report keeps: with a balance only or all, payments from and to a day."""

    outstanding_only: bool = False
    paid_from: date | None = None
    paid_to: date | None = None

    @property
    def has_period(self) -> bool:
        """Tell whether a period of payments was asked for."""
        return self.paid_from is not None or self.paid_to is not None

    def as_dict(self) -> dict:
        """The filters, for the audit log."""
        return {
            "outstanding_only": self.outstanding_only,
            "paid_from": self.paid_from.isoformat() if self.paid_from else None,
            "paid_to": self.paid_to.isoformat() if self.paid_to else None,
        }


@dataclass(frozen=True)
class Totals:
    """The sums over every case the filters keep."""

    cases: int
    assessed: Decimal
    paid: Decimal
    balance: Decimal
    waived: int


def _payments(filters: BalanceFilters | None = None):
    """The sum paid by each case, within the filters' period when given."""
    query = select(Payment.case_id, func.sum(Payment.amount).label("paid")).group_by(
        Payment.case_id
    )
    if filters is not None and filters.paid_from is not None:
        query = query.where(Payment.paid_on >= filters.paid_from)
    if filters is not None and filters.paid_to is not None:
        query = query.where(Payment.paid_on <= filters.paid_to)
    return query.subquery()


def report_query(filters: BalanceFilters, user) -> Select:
    """The report's rows of the cases user reaches, by name: assessed, paid, balance, waived."""
    everything = _payments()
    balance = case((Fee.is_waived, 0), else_=Fee.amount - func.coalesce(everything.c.paid, 0))
    query = (
        select(Case.id, Case.court_file, Case.state, Client.family_name, Client.given_name)
        .join(Fee, Fee.case_id == Case.id)
        .join(Client, Client.id == Case.client_id)
        .outerjoin(everything, everything.c.case_id == Case.id)
        .where(case_criterion(user))
    )
    paid = func.coalesce(everything.c.paid, 0)
    if filters.has_period:
        period = _payments(filters)
        query = query.join(period, period.c.case_id == Case.id)
        paid = period.c.paid
    query = query.add_columns(
        Fee.amount.label("assessed"),
        paid.label("paid"),
        balance.label("balance"),
        Fee.is_waived.label("is_waived"),
    )
    if filters.outstanding_only:
        query = query.where(balance > 0)
    return query.order_by(Client.search_name, Case.id)


def _money(value) -> Decimal:
    """A sum as dollars and cents, whatever type the database returned it in."""
    return Decimal(str(value or 0)).quantize(CENT)


def report_totals(filters: BalanceFilters, user) -> Totals:
    """Sum the assessed fees, payments and balances of every case the filters keep."""
    rows = report_query(filters, user).order_by(None).subquery()
    waived = func.coalesce(func.sum(case((rows.c.is_waived, 1), else_=0)), 0)
    count, assessed, paid, balance, waived = db.session.execute(
        select(
            func.count(),
            func.sum(rows.c.assessed),
            func.sum(rows.c.paid),
            func.sum(rows.c.balance),
            waived,
        )
    ).one()
    return Totals(count, _money(assessed), _money(paid), _money(balance), int(waived))


def report_page(filters: BalanceFilters, user, page: int, totals: Totals):
    """One page of the report; the count comes from the totals already summed."""
    return paginate_rows(report_query(filters, user), lambda: totals.cases, page, PER_PAGE)


def report_csv(filters: BalanceFilters, user) -> str:
    """Write every case the filters keep, then a line of totals, as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in db.session.execute(report_query(filters, user)):
        writer.writerow(
            [
                defused(cell)
                for cell in (
                    row.court_file,
                    row.family_name,
                    row.given_name,
                    row.state,
                    _money(row.assessed),
                    _money(row.paid),
                    _money(row.balance),
                    "yes" if row.is_waived else "no",
                )
            ]
        )
    totals = report_totals(filters, user)
    writer.writerow(
        ["Total", "", "", "", totals.assessed, totals.paid, totals.balance, totals.waived]
    )
    return out.getvalue()
