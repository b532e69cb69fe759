"""Retention: erase the identifying fields of people whose cases closed long enough ago.

A client is erased once every one of their cases is closed (completed, failed, withdrawn
or returned) and closed more than ``ProgramSettings.retention_years`` years ago; the
closing moment is the case's ``updated_at``, as for follow-ups (see follow_ups.py). A
client with a case still open, or closed too recently, keeps everything.

Erased: the client's names, birth date, email, phone, postal code and matching keys; each
case's court file number (a placeholder); free text written about the person: notes on
prior convictions and their jurisdiction, attendance notes and correction reasons, the
reasons of withdrawals, of screening overrides, of fee adjustments and of certificate
revocations (any of them may name the person, so all are replaced); the address, body and
attachment of the outbox messages to the client; the holder's name on certificates; and
the client's participant account is deactivated, its name and email replaced, its
calendar feeds revoked. Coded reasons ("completed", "deadline passed") stay. Also erased,
so that nothing ties what remains of a case to its research record: the link between
them (research_link), the certificates' verification codes, the receipt numbers, and the
exact dates of the case, its consent, admission and payments (moved to January 1 of
their year).

Kept: the research record (the sync keeps the age band and region derived before; its id
and cell key are random; its site stays too: like the region, a site is a coarse category,
the city whose every case shares it, not an identifier, and tables by site are suppressed
and perturbed like any other dimension, so no count under k is ever shown), the case's
states, years and coded facts, questionnaire answers, follow-ups and the audit log, whose
summaries hold no personal data. Updates run
as bulk statements, so the research store's sync sees nothing to redo and the statistics
stay exactly as they were.
"""

import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import String, bindparam, cast, delete, exists, func, literal, or_, select, update

from ..attendance.models import Attendance
from ..audit.services import record
from ..auth.models import User
from ..certificates.models import Certificate
from ..clock import program_zone
from ..coordination.documents import delete_case_documents
from ..coordination.models import CaseNote
from ..database import utcnow
from ..enrollment.models import Enrollment
from ..extensions import db
from ..messages.models import OutboxMessage, ReminderPreference
from ..portal.models import CalendarFeed, ParticipantAccount
from ..referrals.models import (
    Admission,
    Case,
    Client,
    Consent,
    Fee,
    Payment,
    PriorConviction,
    ScreeningDecision,
)
from ..referrals.settings import program_settings
from .follow_ups import CLOSED_STATES, add_months
from .models import ResearchLink

PLACEHOLDER = "—"
CODED_END_REASONS = ("completed", "deadline passed")
BATCH = 500


@dataclass
class PurgeReport:
    """How many of each kind of record were (or, in a dry run, would be) erased."""

    clients: int = 0
    cases: int = 0
    messages: int = 0
    certificates: int = 0
    accounts: int = 0


def retention_cutoff(today: date, years: int) -> datetime:
    """Cases closed before this moment closed more than years ago."""
    return datetime.combine(add_months(today, -12 * years), time(), program_zone())


def expired_client_ids(today: date) -> list[int]:
    """The clients not yet erased whose every case closed more than the retention ago."""
    cutoff = retention_cutoff(today, program_settings().retention_years)
    kept = exists().where(
        Case.client_id == Client.id,
        or_(Case.state.not_in(CLOSED_STATES), Case.updated_at >= cutoff),
    )
    has_case = exists().where(Case.client_id == Client.id)
    query = select(Client.id).where(Client.erased_at.is_(None), has_case, ~kept)
    return list(db.session.scalars(query.order_by(Client.id)))


def purge(today: date, *, dry_run: bool = False, by=None) -> PurgeReport:
    """Erase (or, in a dry run, count) the identifiers past retention; audit with counts."""
    report = PurgeReport()
    ids = expired_client_ids(today)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        _add(report, _count(batch))
        if not dry_run:
            _erase(batch)
    if not dry_run:
        db.session.expire_all()
        record(
            "retention.purged",
            "identifying fields erased past retention",
            data=asdict(report),
            actor=by,
        )
    return report


def _add(report: PurgeReport, counts: dict) -> None:
    """Add a batch's counts to the report."""
    for name, value in counts.items():
        setattr(report, name, getattr(report, name) + value)


def _count(client_ids: list[int]) -> dict:
    """Count what erasing these clients touches."""

    def count(model, condition):
        return db.session.scalar(select(func.count()).select_from(model).where(condition))

    return {
        "clients": len(client_ids),
        "cases": count(Case, Case.client_id.in_(client_ids)),
        "messages": count(OutboxMessage, _messages_of(client_ids)),
        "certificates": count(Certificate, Certificate.enrollment_id.in_(_enrollments(client_ids))),
        "accounts": count(ParticipantAccount, ParticipantAccount.client_id.in_(client_ids)),
    }


def _cases(client_ids):
    """SQL: the ids of the clients' cases."""
    return select(Case.id).where(Case.client_id.in_(client_ids))


def _enrollments(client_ids):
    """SQL: the ids of the enrollments of the clients' cases."""
    return select(Enrollment.id).where(Enrollment.case_id.in_(_cases(client_ids)))


def _accounts(client_ids):
    """SQL: the ids of the clients' participant accounts."""
    return select(ParticipantAccount.user_id).where(ParticipantAccount.client_id.in_(client_ids))


def _messages_of(client_ids):
    """SQL: the outbox messages about the clients' cases or to their addresses."""
    addresses = select(Client.email).where(Client.id.in_(client_ids), Client.email.is_not(None))
    account_addresses = select(User.email).where(User.id.in_(_accounts(client_ids)))
    return or_(
        OutboxMessage.case_id.in_(_cases(client_ids)),
        OutboxMessage.to_address.in_(addresses),
        OutboxMessage.to_address.in_(account_addresses),
    )


def _bulk(model, condition, **values) -> None:
    """Update every row of model matching condition, without loading any."""
    db.session.execute(
        update(model).where(condition).values(**values),
        execution_options={"synchronize_session": False},
    )


def _erase(client_ids: list[int]) -> None:
    """Erase the identifying fields of these clients and of everything tied to them."""
    cases, enrollments = _cases(client_ids), _enrollments(client_ids)
    _erase_messages_and_accounts(client_ids)
    _bulk(Certificate, Certificate.enrollment_id.in_(enrollments), holder_name="")
    _bulk(
        Certificate,
        Certificate.enrollment_id.in_(enrollments) & Certificate.revocation_reason.is_not(None),
        revocation_reason=PLACEHOLDER,
    )
    _bulk(Attendance, Attendance.enrollment_id.in_(enrollments), note=None)
    _bulk(
        Attendance,
        Attendance.enrollment_id.in_(enrollments) & Attendance.correction_reason.is_not(None),
        correction_reason=PLACEHOLDER,
    )
    _bulk(
        Enrollment,
        Enrollment.case_id.in_(cases) & Enrollment.end_reason.not_in(CODED_END_REASONS),
        end_reason=PLACEHOLDER,
    )
    _bulk(PriorConviction, PriorConviction.case_id.in_(cases), note=None, jurisdiction=None)
    _bulk(
        ScreeningDecision,
        ScreeningDecision.case_id.in_(cases) & ScreeningDecision.override_reason.is_not(None),
        override_reason=PLACEHOLDER,
    )
    _bulk(
        Fee,
        Fee.case_id.in_(cases) & Fee.adjustment_reason.is_not(None),
        adjustment_reason=PLACEHOLDER,
    )
    _bulk(CaseNote, CaseNote.case_id.in_(cases), text=PLACEHOLDER)
    delete_case_documents(cases)
    _bulk(Case, Case.client_id.in_(client_ids), court_file=PLACEHOLDER, search_name="")
    _bulk(Payment, Payment.case_id.in_(cases), receipt=PLACEHOLDER)
    _erase_verification_codes(enrollments)
    _blur_dates(client_ids)
    db.session.execute(delete(ResearchLink).where(ResearchLink.case_id.in_(cases)))
    _erase_clients(client_ids)


def _update_rows(model, rows: list[dict]) -> None:
    """Give each row of model, by its id ("row"), its own new values: one statement."""
    if not rows:
        return
    table = model.__table__
    names = [name for name in rows[0] if name != "row"]
    statement = update(table).where(table.c.id == bindparam("row"))
    db.session.execute(statement.values({name: bindparam(name) for name in names}), rows)


def _erase_verification_codes(enrollments) -> None:
    """Give the certificates codes nobody holds: verifying the old one finds nothing."""
    ids = db.session.scalars(
        select(Certificate.id).where(Certificate.enrollment_id.in_(enrollments))
    )
    _update_rows(
        Certificate,
        [{"row": i, "verification_code": "erased-" + secrets.token_hex(16)} for i in ids],
    )


def _new_year(value):
    """January 1 of a date's or moment's year (a moment at midnight UTC)."""
    if isinstance(value, datetime):
        return datetime(value.year, 1, 1, tzinfo=UTC)
    return date(value.year, 1, 1)


def _blur(model, columns: tuple[str, ...], condition) -> None:
    """Move the columns' dates of the matching rows to January 1 of their year."""
    rows = db.session.execute(
        select(model.id, *(getattr(model, c) for c in columns)).where(condition)
    )
    _update_rows(
        model,
        [
            {"row": row[0], **{c: _new_year(v) for c, v in zip(columns, row[1:], strict=True)}}
            for row in rows
        ],
    )


def _blur_dates(client_ids: list[int]) -> None:
    """Keep only the years of the dates of the clients' cases, consents, admissions, payments."""
    cases = _cases(client_ids)
    case_dates = ("offence_date", "received_on", "deadline", "created_at", "updated_at")
    _blur(Case, case_dates, Case.client_id.in_(client_ids))
    _blur(Consent, ("consented_on", "recorded_at"), Consent.case_id.in_(cases))
    _blur(Admission, ("admitted_on", "recorded_at"), Admission.case_id.in_(cases))
    _blur(Payment, ("paid_on", "recorded_at"), Payment.case_id.in_(cases))


def _erase_messages_and_accounts(client_ids: list[int]) -> None:
    """Blank the messages to the clients, then close and rename their participant accounts."""
    messages = _messages_of(client_ids)
    _bulk(OutboxMessage, messages & (OutboxMessage.status == "pending"), status="failed")
    _bulk(
        OutboxMessage,
        messages,
        to_address="",
        body="",
        attachment=None,
        attachment_name=None,
        last_error=None,
    )
    accounts = _accounts(client_ids)
    now = utcnow()
    open_feeds = CalendarFeed.user_id.in_(accounts) & CalendarFeed.revoked_at.is_(None)
    _bulk(CalendarFeed, open_feeds, revoked_at=now)
    _bulk(
        User,
        User.id.in_(accounts),
        is_active=False,
        session_version=User.session_version + 1,
        name=PLACEHOLDER,
        email=literal("erased-") + cast(User.id, String) + "@invalid.example",
    )


def _erase_clients(client_ids: list[int]) -> None:
    """Blank the clients' identifying fields and note when."""
    _bulk(
        Client,
        Client.id.in_(client_ids),
        family_name="",
        given_name="",
        birth_date=None,
        email=None,
        phone=None,
        postal_code=None,
        person_key=None,
        search_name="",
        erased_at=utcnow(),
    )
    _bulk(ReminderPreference, ReminderPreference.client_id.in_(client_ids), sms_phone=None)
