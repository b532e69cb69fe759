"""The screening letter to the prosecutor, downloaded from the case page: PDF, discreet, logged."""

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.clock import program_today
from johnschool.extensions import db
from johnschool.referrals.letters import format_date
from johnschool.referrals.services import override_decision

from ..factories import make_user
from ..test_pdf import REVEALING_WORDS, shown_text
from .test_fee_views import admitted_case, referred_case

COURT_FILE = "500-01-004242-261"


@pytest.fixture
def liaison(app):
    """A court liaison reading English."""
    return make_user("liaison", language="en")


def letter(client, case):
    """Download the case's letter."""
    return client.get(f"/cases/{case.id}/letter")


def test_letter_is_a_discreet_pdf_attachment(client, sign_in, liaison):
    case = referred_case(liaison, court_file=COURT_FILE)
    sign_in(liaison)
    response = letter(client, case)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF-")
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="notice-{program_today().isoformat()}.pdf"'
    assert not any(word in disposition.lower() for word in REVEALING_WORDS)
    assert "no-store" in response.headers["Cache-Control"]


def test_letter_is_logged(client, sign_in, liaison):
    case = referred_case(liaison)
    sign_in(liaison)
    assert letter(client, case).status_code == 200
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.letter"))
    assert entry.object_type == "case" and entry.object_id == case.id
    assert entry.actor_id == liaison.id


def test_french_client_gets_a_french_letter_with_the_court_file(client, sign_in, liaison):
    case = admitted_case(liaison, language="fr", court_file=COURT_FILE)
    sign_in(liaison)
    text = shown_text(letter(client, case).data)
    assert COURT_FILE in text
    assert "Résultat de l'évaluation : admissible" in text
    assert "Me Fortin" in text and "Paul Roy" in text


def test_english_client_gets_an_english_letter(client, sign_in):
    french_reader = make_user("liaison", language="fr")
    case = referred_case(french_reader, language="en")
    sign_in(french_reader)
    text = shown_text(letter(client, case).data)
    assert "Screening result: eligible" in text and "Résultat" not in text


def test_letter_shows_the_coordinators_override_dated_in_the_program(client, sign_in):
    coordinator = make_user("admin")
    case = referred_case(coordinator, priors=("266",))
    override_decision(case, "eligible", "Conviction ancienne, sans lien", by=coordinator)
    db.session.commit()
    sign_in(coordinator)
    response = letter(client, case)
    assert response.status_code == 200
    text = shown_text(response.data)
    assert "Résultat de l'évaluation : non admissible" in text
    day = format_date(program_today(), "fr")
    assert f"Décision modifiée par la coordination le {day} : admissible." in text
    assert "Conviction ancienne, sans lien" in text


def test_case_page_links_to_the_letter(client, sign_in, liaison):
    case = referred_case(liaison)
    sign_in(liaison)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'href="/cases/{case.id}/letter"' in page
    assert "Letter to the prosecutor (PDF)" in page


def test_unknown_case_is_404(client, sign_in, liaison):
    sign_in(liaison)
    assert client.get("/cases/999999/letter").status_code == 404


@pytest.mark.parametrize("role", ["staff", "researcher", "participant"])
def test_other_roles_cannot_download_the_letter(client, sign_in, liaison, role):
    case = referred_case(liaison)
    sign_in(make_user(role))
    assert letter(client, case).status_code == 403
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.letter")) is None


def test_anonymous_visitor_is_sent_to_sign_in(client, liaison):
    case = referred_case(liaison)
    assert letter(client, case).status_code == 302
