"""The liaisons' daily digest: one discreet email a day to each liaison with an alert."""

from datetime import timedelta

from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.auth.services import set_active
from johnschool.clock import program_today
from johnschool.coordination.digest import queue_digests
from johnschool.extensions import db
from johnschool.messages.models import OutboxMessage

from ..attendance import program
from ..enrollment.builders import referred_case
from ..factories import make_user


def due_in(case, days):
    case.deadline = program_today() + timedelta(days=days)
    db.session.commit()
    return case


def digests():
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "digest").order_by(OutboxMessage.id)
    ).all()


def test_the_command_queues_one_digest_per_liaison_with_alerts(app, liaison):
    other = make_user("liaison", language="en")
    make_user("liaison")  # no case near its deadline: no digest
    first, second = due_in(referred_case(liaison), 3), due_in(referred_case(liaison), 8)
    due_in(referred_case(other), 1)
    result = app.test_cli_runner().invoke(args=["notify", "digest"])
    assert result.exit_code == 0 and "2 digest(s) queued" in result.output
    french, english = digests()
    assert (french.to_address, french.language) == (liaison.email, "fr")
    assert french.subject == "Votre résumé du jour"
    assert (english.to_address, english.subject) == (other.email, "Your daily summary")
    assert f"/cases/{first.id}" in french.body and f"/cases/{second.id}" in french.body


def test_a_second_run_the_same_day_queues_nothing(app, liaison):
    due_in(referred_case(liaison), 3)
    assert queue_digests(program_today()) == 1
    db.session.commit()
    assert queue_digests(program_today()) == 0
    assert len(digests()) == 1
    assert queue_digests(program_today() + timedelta(days=1)) == 1


def test_the_digest_names_no_one_and_says_what_is_missing_in_general_words(app, liaison):
    module = program.make_module("EXPLOITATION-LAW", title_fr="Exploitation sexuelle")
    cohort = program.make_cohort()
    program.make_session(cohort, module, program.days_ago(1))
    case = due_in(program.enroll(liaison, cohort, family_name="Tremblay").case, 2)
    queue_digests(program_today())
    (message,) = digests()
    body = message.subject + message.body
    for secret in ("Tremblay", "Paul", case.court_file, "EXPLOITATION", "Exploitation"):
        assert secret not in body
    assert f"dossier no {case.id}" in body.lower() or f"n° {case.id}" in body
    assert "1 séance" in body and "paiement" in body


def test_an_inactive_liaison_gets_no_digest(app, liaison):
    due_in(referred_case(liaison), 3)
    set_active(liaison, False, by=make_user("admin"))
    db.session.commit()
    assert queue_digests(program_today()) == 0


def test_queuing_is_audited_with_a_count(app, liaison):
    due_in(referred_case(liaison), 3)
    queue_digests(program_today())
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "message.digests_queued")
    )
    assert entry.summary == "1 deadline digest(s) queued"
