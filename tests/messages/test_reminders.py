"""Session reminders: once per participant and session, discreet, in the client's language."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from johnschool.attendance.models import MakeUpBooking
from johnschool.audit.models import AuditEntry
from johnschool.curriculum.models import Professional
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.messages.models import OutboxMessage
from johnschool.messages.reminders import queue_reminders

from .conftest import enroll, individual_session

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
# 14:00 UTC on December 3 is 9:00 in Quebec (UTC-5 in winter).
SOON = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
FORBIDDEN = ("prostitution", "sexuel", "sexual", "john", "crime", "tribunal", "court", "client")


def reminders():
    """The reminders in the outbox, oldest first."""
    db.session.flush()
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "reminder").order_by(OutboxMessage.id)
    ).all()


def test_every_enrolled_participant_of_a_session_soon_gets_one_reminder(make_case, make_cohort):
    cohort, session = make_cohort(SOON)
    seated = [make_case(email=f"p{number}@example.com") for number in range(3)]
    for case in seated:
        enroll(case, cohort)
    enroll(make_case(email="waiting@example.com"), cohort, status="waitlisted")
    enroll(make_case(email="gone@example.com"), cohort, status="withdrawn")

    assert queue_reminders(NOW) == 3
    queued = reminders()
    assert sorted(message.to_address for message in queued) == [
        "p0@example.com",
        "p1@example.com",
        "p2@example.com",
    ]
    assert {message.dedupe_key for message in queued} == {
        f"reminder:{session.id}:{case.id}" for case in seated
    }
    assert {message.case_id for message in queued} == {case.id for case in seated}


def test_running_the_reminders_twice_queues_nothing_more(make_case, make_cohort):
    cohort, _ = make_cohort(SOON)
    enroll(make_case(), cohort)
    assert queue_reminders(NOW) == 1
    assert queue_reminders(NOW + timedelta(hours=1)) == 0
    assert len(reminders()) == 1


def test_two_sessions_of_one_cohort_give_two_reminders(make_case, make_cohort):
    cohort, first = make_cohort(SOON)
    second = first.__class__(
        kind="group",
        cohort=cohort,
        module=first.module,
        discipline="law",
        starts_at=SOON - timedelta(days=1),
        ends_at=SOON - timedelta(days=1) + timedelta(hours=3),
        place=first.place,
    )
    db.session.add(second)
    enroll(make_case(), cohort)
    assert queue_reminders(NOW) == 2


@pytest.mark.parametrize(
    "starts_at",
    [NOW + timedelta(hours=48, minutes=1), NOW - timedelta(hours=1), NOW],
    ids=["after-48-hours", "already-started", "starting-now"],
)
def test_no_reminder_for_a_session_outside_the_next_48_hours(make_case, make_cohort, starts_at):
    cohort, _ = make_cohort(starts_at)
    enroll(make_case(), cohort)
    assert queue_reminders(NOW) == 0


def test_the_window_is_given_in_hours(make_case, make_cohort):
    cohort, _ = make_cohort(NOW + timedelta(hours=60))
    enroll(make_case(), cohort)
    assert queue_reminders(NOW) == 0
    assert queue_reminders(NOW, hours=72) == 1


def test_no_reminder_for_a_cancelled_session_or_cohort(make_case, make_cohort):
    cancelled_session, _ = make_cohort(SOON, is_cancelled=True)
    cancelled_cohort, _ = make_cohort(SOON, status="cancelled")
    enroll(make_case(), cancelled_session)
    enroll(make_case(), cancelled_cohort)
    assert queue_reminders(NOW) == 0


@pytest.mark.parametrize("email", [None, ""])
def test_no_reminder_for_a_client_without_an_email(make_case, make_cohort, email):
    cohort, _ = make_cohort(SOON)
    enroll(make_case(email=email), cohort)
    assert queue_reminders(NOW) == 0


def test_an_individual_session_reminds_its_own_case_only(make_case, make_cohort):
    case = make_case(email="me@example.com")
    make_case(email="other@example.com")
    session = individual_session(case, SOON)
    individual_session(case, SOON + timedelta(hours=3), is_cancelled=True)
    assert queue_reminders(NOW) == 1
    [message] = reminders()
    assert message.to_address == "me@example.com"
    assert message.dedupe_key == f"reminder:{session.id}:{case.id}"


def test_an_individual_session_of_a_closed_case_is_not_reminded(make_case):
    individual_session(make_case(state="failed"), SOON)
    assert queue_reminders(NOW) == 0


def test_the_french_reminder_gives_the_day_time_and_place_in_quebec_time(make_case, make_cohort):
    cohort, _ = make_cohort(SOON, place="Salle 204, 100 rue Principale")
    enroll(make_case(language="fr"), cohort)
    queue_reminders(NOW)
    [message] = reminders()
    assert message.language == "fr"
    assert "3 décembre" in message.subject
    assert "jeudi 3 décembre 2026" in message.body
    assert "09 h 00" in message.body and "12 h 00" in message.body
    assert "Salle 204, 100 rue Principale" in message.body


def test_the_english_reminder_is_dated_in_english(make_case, make_cohort):
    cohort, _ = make_cohort(SOON)
    enroll(make_case(language="en"), cohort)
    queue_reminders(NOW)
    [message] = reminders()
    assert message.language == "en"
    assert message.subject == "Reminder: your appointment on December 3"
    assert "Thursday, December 3, 2026" in message.body
    assert "9:00" in message.body and "a.m." in message.body and "12:00" in message.body


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_reminder_never_says_what_the_program_is_about_or_who_teaches(
    make_case, make_cohort, language
):
    cohort, session = make_cohort(SOON)
    session.module.title_fr = "Exploitation sexuelle et prostitution"
    session.module.title_en = "Sexual exploitation and prostitution"
    session.professional = Professional(name="Marie Tremblay", organization="DPCP")
    enroll(make_case(language=language), cohort)
    queue_reminders(NOW)
    [message] = reminders()
    text = f"{message.subject}\n{message.body}".lower()
    assert [word for word in FORBIDDEN if word in text] == []
    assert "exploitation" not in text and "module" not in text
    assert "tremblay" not in text and "dpcp" not in text
    assert message.attachment is None


def test_queued_reminders_are_in_the_audit_log_as_a_count(make_case, make_cohort):
    cohort, _ = make_cohort(SOON)
    enroll(make_case(), cohort)
    queue_reminders(NOW)
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "message.reminders_queued")
    )
    assert entry.summary == "1 session reminder(s) queued"
    assert "@" not in entry.data
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_a_make_up_booked_in_another_cohort_is_reminded_until_cancelled(make_case, make_cohort):
    own, _ = make_cohort(SOON + timedelta(days=20))
    other, session = make_cohort(SOON)
    booked, cancelled = make_case(email="booked@example.com"), make_case(email="no@example.com")
    for case in (booked, cancelled):
        enroll(case, own)
    enrollments = db.session.scalars(select(Enrollment).order_by(Enrollment.id)).all()
    db.session.add_all(
        [
            MakeUpBooking(enrollment_id=enrollments[0].id, session_id=session.id),
            MakeUpBooking(enrollment_id=enrollments[1].id, session_id=session.id, cancelled_at=NOW),
        ]
    )
    assert queue_reminders(NOW) == 1
    assert [message.to_address for message in reminders()] == ["booked@example.com"]
    assert reminders()[0].dedupe_key == f"reminder:{session.id}:{booked.id}"
