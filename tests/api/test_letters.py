"""The letters API: the screening and outcome letters as PDF files, neutral names, logged."""

import pytest
from sqlalchemy import func, select

from johnschool.audit.models import AuditEntry
from johnschool.enrollment.services import enroll, withdraw
from johnschool.extensions import db

from ..enrollment.builders import admitted_case, make_cohort, referred_case
from ..factories import make_user
from .calls import call


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison")


def logged(action):
    """How many audit entries of action there are."""
    return db.session.scalar(select(func.count()).where(AuditEntry.action == action))


def test_screening_letter_is_a_pdf_with_a_neutral_name_and_is_logged(client, liaison):
    case = referred_case(liaison)
    response = call(client, liaison, "GET", f"/referrals/{case.id}/letters/screening.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert case.client.family_name not in disposition and "john" not in disposition.lower()
    assert logged("case.letter") == 1


def test_outcome_letter_waits_for_a_final_outcome(client, admin, liaison):
    case = admitted_case(liaison)
    path = f"/referrals/{case.id}/letters/outcome.pdf"
    assert call(client, admin, "GET", path).status_code == 409
    enroll(case, make_cohort(), by=liaison)
    withdraw(case, "Declined the program.", by=liaison)
    db.session.commit()
    response = call(client, admin, "GET", path)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert logged("case.outcome_letter") == 1


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
def test_only_liaison_and_admin_get_letters(client, liaison, role):
    case = referred_case(liaison)
    path = f"/referrals/{case.id}/letters/screening.pdf"
    assert call(client, make_user(role), "GET", path).status_code == 403
    assert logged("case.letter") == 0


def test_unknown_case_has_no_letter(client, liaison):
    for name in ("screening", "outcome"):
        path = f"/referrals/999999/letters/{name}.pdf"
        assert call(client, liaison, "GET", path).status_code == 404
