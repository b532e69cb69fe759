"""Retention: identifiers erased past the retention period, the research store untouched."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from johnschool.audit.models import AuditEntry
from johnschool.auth.models import User
from johnschool.certificates.models import Certificate
from johnschool.cli import retention_cli
from johnschool.clock import program_today
from johnschool.enrollment.models import Enrollment
from johnschool.enrollment.services import enroll, withdraw
from johnschool.extensions import db
from johnschool.messages.models import OutboxMessage, ReminderPreference
from johnschool.messages.preferences import set_reminder_channels
from johnschool.messages.services import queue_message
from johnschool.portal.models import CalendarFeed, ParticipantAccount
from johnschool.portal.services import create_calendar_feed
from johnschool.referrals.models import Case, Client, Payment, PriorConviction
from johnschool.research.follow_ups import add_months
from johnschool.research.models import ResearchAnswer, ResearchLink, ResearchRecord
from johnschool.research.rates import outcome_rates
from johnschool.research.retention import purge
from johnschool.research.statistics import Filters, profile_table

from ..certificates.helpers import certificate_row
from ..enrollment.builders import admitted_case, make_cohort
from ..factories import FIRST_SITE, make_user
from .closed_cases import close_on, closed_case, referral

NAME = "Zébulon"
DIMENSION_PAIRS = (["age_band"], ["outcome", "year"], ["region", "language"], ["site"])


@pytest.fixture
def liaison(app):
    return make_user("liaison")


def years_ago(years: int, days: int = 0) -> date:
    """The day years (and days) before today."""
    return add_months(program_today(), -12 * years) - timedelta(days=days)


@pytest.fixture
def old_client(liaison):
    """A participant withdrawn six years ago: account, certificate, messages, notes."""
    case = admitted_case(liaison)
    client = case.client
    client.given_name, client.email, client.phone = NAME, "zebulon@example.org", "514-555-0199"
    client.postal_code = "H2X 1Y4"
    case.priors.append(PriorConviction(offence_code="266", note=f"{NAME} had a fight"))
    enrollment = enroll(case, make_cohort(), by=liaison)
    link = db.session.scalar(
        select(ParticipantAccount).where(ParticipantAccount.client_id == client.id)
    )
    create_calendar_feed(db.session.get(User, link.user_id))
    queue_message(
        kind="reminder", to_address=client.email, language="fr", subject="S", body=f"Bonjour {NAME}"
    )
    db.session.commit()
    certificate_row(enrollment, holder_name=f"{NAME} Client")
    withdraw(case, f"{NAME} moved to Gatineau", by=liaison)
    close_on(case, years_ago(6))
    db.session.commit()
    return case


def record_of(record_id: int) -> dict:
    """A research record and its answers, as plain values."""
    db.session.expire_all()
    record = db.session.get(ResearchRecord, record_id)
    columns = {name: getattr(record, name) for name in ResearchRecord.__table__.columns.keys()}
    answers = db.session.execute(
        select(ResearchAnswer.item_code, ResearchAnswer.value).where(
            ResearchAnswer.record_id == record.id
        )
    ).all()
    return {"record": columns, "answers": sorted(answers)}


def test_purge_erases_the_person_everywhere(old_client):
    purge(program_today())
    db.session.commit()
    db.session.expire_all()
    client = db.session.get(Client, old_client.client_id)
    assert (client.family_name, client.given_name, client.search_name) == ("", "", "")
    assert client.birth_date is client.email is client.phone is client.postal_code is None
    assert client.person_key is None and client.erased_at is not None
    case = db.session.get(Case, old_client.id)
    assert case.court_file == "—" and case.priors[0].note is None
    assert case.search_name == ""
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.case_id == case.id))
    assert NAME not in enrollment.end_reason
    assert db.session.scalar(select(Certificate.holder_name)) == ""
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert len(messages) == 2  # the portal invitation, and the reminder
    assert {(m.to_address, m.body, m.status) for m in messages} == {("", "", "failed")}
    account = db.session.scalar(select(ParticipantAccount)).user_id

    user = db.session.get(User, account)
    assert not user.is_active and NAME not in user.name and "zebulon" not in user.email
    assert db.session.scalar(select(CalendarFeed.revoked_at)) is not None


def test_purge_leaves_the_research_record_unchanged_and_unlinked(old_client):
    record_id = old_client.research_record.id
    before = record_of(record_id)
    assert before["record"]["age_band"] and before["record"]["region"] == "QC-06"  # Montréal
    assert before["record"]["site"] == FIRST_SITE  # a coarse category: kept, like the region
    purge(program_today())
    db.session.commit()
    assert record_of(record_id) == before
    assert db.session.scalar(select(func.count()).select_from(ResearchLink)) == 0
    # A later change to the case finds no record to sync, and makes no new one.
    db.session.get(Case, old_client.id).source = "police"
    db.session.commit()
    assert record_of(record_id) == before
    assert db.session.scalar(select(func.count()).select_from(ResearchRecord)) == 1


def test_purge_clears_the_verification_code_receipts_and_exact_dates(old_client):
    old_client.payments.append(
        Payment(amount=Decimal("50.00"), method="cash", receipt="R-2020-118", paid_on=years_ago(7))
    )
    db.session.commit()
    code = db.session.scalar(select(Certificate.verification_code))
    received_year = old_client.received_on.year
    purge(program_today())
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(select(Certificate.verification_code)) != code
    assert db.session.scalar(select(Payment.receipt)) == "—"
    case = db.session.get(Case, old_client.id)
    assert (case.received_on.month, case.received_on.day) == (1, 1)
    assert case.received_on.year == received_year
    assert (case.offence_date.month, case.offence_date.day, case.deadline.day) == (1, 1, 1)
    assert (case.created_at.month, case.created_at.day, case.created_at.hour) == (1, 1, 0)
    assert db.session.scalar(select(Payment.paid_on)).timetuple()[1:3] == (1, 1)


def test_statistics_are_identical_before_and_after_the_purge(old_client, liaison):
    for number in range(8):
        closed_case(liaison, years_ago(6), given_name=f"Other {number}")
    db.session.commit()

    def published():
        db.session.expire_all()
        tables = [profile_table(names, Filters()) for names in DIMENSION_PAIRS]
        return [table.table.values for table in tables], outcome_rates(Filters())

    before = published()
    assert purge(program_today()).clients == 9
    db.session.commit()
    assert published() == before


def test_purge_writes_one_audit_entry_with_counts_and_no_name(old_client):
    report = purge(program_today())
    db.session.commit()
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "retention.purged")
    ).all()
    assert len(entries) == 1
    assert (report.clients, report.cases, report.messages, report.certificates) == (1, 1, 2, 1)
    assert report.accounts == 1
    assert '"clients":1' in entries[0].data and NAME not in entries[0].data + entries[0].summary


def test_a_dry_run_counts_the_same_and_changes_nothing(old_client):
    audit_count = len(db.session.scalars(select(AuditEntry.id)).all())
    dry = purge(program_today(), dry_run=True)
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Client, old_client.client_id).given_name == NAME
    assert len(db.session.scalars(select(AuditEntry.id)).all()) == audit_count
    assert purge(program_today()) == dry


def test_a_client_with_an_open_or_recent_case_is_kept(liaison, old_client):
    recent = closed_case(liaison, years_ago(4), given_name="Recent")
    almost = closed_case(liaison, years_ago(5), given_name="Almost")
    other_case = referral(liaison, priors=())
    other_case.client_id = old_client.client_id
    db.session.commit()
    assert purge(program_today()).clients == 0
    db.session.commit()
    db.session.expire_all()
    kept = [db.session.get(Client, c.client_id).given_name for c in (recent, almost, old_client)]
    assert kept == ["Recent", "Almost", NAME]


def test_a_case_closed_a_day_past_the_retention_is_erased(liaison):
    case = closed_case(liaison, years_ago(5, days=1), given_name="Gone")
    assert purge(program_today()).clients == 1
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Client, case.client_id).given_name == ""


def test_the_retention_period_is_the_admin_setting(liaison):
    from johnschool.referrals.settings import program_settings

    program_settings().retention_years = 2
    closed_case(liaison, years_ago(3))
    db.session.commit()
    assert purge(program_today(), dry_run=True).clients == 1


def test_the_command_prints_counts_only(app, old_client):
    runner = app.test_cli_runner()
    dry = runner.invoke(retention_cli, ["purge", "--dry-run"])
    assert dry.exit_code == 0 and "would erase: 1 clients, 1 cases" in dry.output
    db.session.expire_all()
    assert db.session.get(Client, old_client.client_id).given_name == NAME
    done = runner.invoke(retention_cli, ["purge"])
    assert done.exit_code == 0 and "erased: 1 clients" in done.output
    for identifier in (NAME, "zebulon", "500-01-", "H2X"):
        assert identifier not in dry.output + done.output
    db.session.expire_all()
    assert db.session.get(Client, old_client.client_id).given_name == ""


def test_the_coordinator_sets_the_retention_period_on_the_settings_page(client, sign_in, admin):
    from johnschool.referrals.settings import program_settings

    sign_in(admin)
    assert 'name="retention_years"' in client.get("/admin/settings").get_data(as_text=True)
    form = {
        "deadline_days": "120",
        "default_fee": "300.00",
        "accepted_charges": "286.1(1)",
        "late_tolerance_minutes": "15",
        "retention_years": "7",
    }
    assert client.post("/admin/settings", data=form).status_code == 302
    assert program_settings().retention_years == 7
    refused = client.post("/admin/settings", data={**form, "retention_years": "0"})
    assert refused.status_code == 422 and 'id="retention_years-error"' in refused.get_data(
        as_text=True
    )


def test_purge_erases_the_number_for_texts(old_client, liaison):
    set_reminder_channels(old_client.client, "sms", "514 872-1234", by=liaison, consent=True)
    db.session.commit()
    purge(program_today())
    db.session.commit()
    db.session.expire_all()
    preference = db.session.scalar(select(ReminderPreference))
    assert preference.sms_phone is None and not preference.wants_sms
