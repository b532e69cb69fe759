"""The final outcome report to the prosecutor: attended with dates, or what was missing."""

import pytest
from sqlalchemy import select

from johnschool.attendance.models import Attendance
from johnschool.attendance.reports import outcome_letter
from johnschool.attendance.services import refresh_completion
from johnschool.audit.models import AuditEntry
from johnschool.clock import program_today
from johnschool.extensions import db
from johnschool.referrals.fees import waive_fee
from johnschool.referrals.letters import format_date
from johnschool.referrals.services import return_to_prosecutor

from ..factories import make_user
from ..test_pdf import REVEALING_WORDS, shown_text
from .program import (
    days_ago,
    enroll,
    make_cohort,
    make_individual_session,
    make_module,
    make_session,
)


@pytest.fixture
def liaison(app):
    return make_user("liaison", language="en")


def program_case(liaison, *, language="fr", attend=("LAW", "HEALTH")):
    """An enrolled case of a two-module program; it attended the modules in attend."""
    modules = {
        "LAW": make_module("LAW", title_fr="Le droit", title_en="The law"),
        "HEALTH": make_module(
            "HEALTH", title_fr="La santé", title_en="Health", discipline="health"
        ),
    }
    cohort = make_cohort()
    enrollment = enroll(liaison, cohort, language=language, follow_ups={"sexology": 1})
    for code, module in modules.items():
        session = make_session(cohort, module, days_ago(10))
        status = "present" if code in attend else "absent"
        db.session.add(
            Attendance(session_id=session.id, enrollment_id=enrollment.id, status=status)
        )
    individual = make_individual_session(enrollment.case, days_ago(5))
    db.session.add(
        Attendance(session_id=individual.id, enrollment_id=enrollment.id, status="present")
    )
    db.session.commit()
    return enrollment


def test_a_completed_case_lists_modules_and_individual_sessions_in_the_clients_language(liaison):
    enrollment = program_case(liaison, language="en")
    waive_fee(enrollment.case, "No income", by=make_user("admin"))
    assert refresh_completion(enrollment, by=liaison)
    letter = outcome_letter(enrollment.case, program_today())
    assert letter.outcome == "completed" and letter.language == "en"
    assert list(letter.attended) == [
        ("The law", days_ago(10)),
        ("Health", days_ago(10)),
        ("Individual session (sexology)", days_ago(5)),
    ]
    assert list(letter.missing) == []


def test_a_failed_case_says_what_was_missing_in_words(liaison):
    enrollment = program_case(liaison, attend=("LAW",))
    case = enrollment.case
    case.deadline, case.state = days_ago(1), "failed"
    db.session.commit()
    letter = outcome_letter(case, program_today())
    assert letter.outcome == "failed" and letter.language == "fr"
    assert list(letter.missing) == [
        "La santé",
        "Solde des frais non payé : 300,00 $",
        f"Échéance dépassée le {format_date(days_ago(1), 'fr')}",
    ]


def test_a_case_returned_after_failing_keeps_its_outcome(liaison):
    enrollment = program_case(liaison, attend=())
    enrollment.case.state = "failed"
    db.session.commit()
    return_to_prosecutor(enrollment.case, by=liaison)
    db.session.commit()
    assert outcome_letter(enrollment.case, program_today()).outcome == "failed"


def test_the_page_serves_a_discreet_pdf_and_logs_it(client, sign_in, liaison):
    enrollment = program_case(liaison, language="en")
    enrollment.case.state = "withdrawn"
    db.session.commit()
    sign_in(liaison)
    response = client.get(f"/cases/{enrollment.case_id}/outcome-letter")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert not any(word in disposition.lower() for word in REVEALING_WORDS)
    text = shown_text(response.data)
    assert "Final outcome: withdrawn from the program" in text
    assert "The law" in text and "Health" in text
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.outcome_letter"))
    assert entry.object_id == enrollment.case_id and entry.actor_id == liaison.id


def test_an_enrolled_case_has_no_outcome_report_yet(client, sign_in, liaison):
    enrollment = program_case(liaison)
    sign_in(liaison)
    response = client.get(f"/cases/{enrollment.case_id}/outcome-letter")
    assert response.status_code == 409
    assert "once the case is completed, failed or withdrawn" in response.get_data(as_text=True)


def test_case_page_shows_what_is_missing_and_links_the_report_when_final(client, sign_in, liaison):
    enrollment = program_case(liaison, attend=("LAW",))
    sign_in(liaison)
    page = client.get(f"/cases/{enrollment.case_id}").get_data(as_text=True)
    assert "Module: Health" in page and "outcome-letter" not in page
    enrollment.case.state = "failed"
    db.session.commit()
    page = client.get(f"/cases/{enrollment.case_id}").get_data(as_text=True)
    assert f"/cases/{enrollment.case_id}/outcome-letter" in page
