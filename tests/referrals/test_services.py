"""The case lifecycle through the domain services."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.audit.services import verify_chain
from johnschool.extensions import db
from johnschool.referrals.models import Case
from johnschool.referrals.services import (
    CaseStateError,
    create_referral,
    override_decision,
    record_admission,
    record_consent,
    return_to_prosecutor,
    screen_case,
)

from ..factories import make_user

TODAY = date(2026, 11, 1)


def client_data(**changes):
    """A client as the referral form or the API gives it."""
    data = {
        "family_name": "Tremblay",
        "given_name": "Jean-François",
        "birth_date": date(1980, 4, 2),
        "language": "fr",
        "email": "jf@example.org",
        "phone": "450-555-0101",
        "postal_code": "J4K 1A1",
    }
    return {**data, **changes}


def referral_data(**changes):
    """A referral for buying sexual services."""
    data = {
        "source": "police",
        "offence_code": "286.1(1)",
        "offence_date": date(2026, 10, 1),
        "court_file": "505-01-123456-261",
        "involves_minor": False,
        "received_on": TODAY,
    }
    return {**data, **changes}


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison")


def refer(liaison, priors=(), **client_changes):
    """Enter a referral and commit it."""
    case = create_referral(
        client_data(**client_changes),
        referral_data(),
        [{"offence_code": code, "conviction_date": date(2015, 3, 1)} for code in priors],
        by=liaison,
    )
    db.session.commit()
    return case


def test_clean_referral_is_screened_eligible_at_once(liaison):
    case = refer(liaison)
    assert case.state == "eligible"
    assert case.deadline == date(2027, 3, 1)  # 120 days after the referral
    rules = json.loads(case.latest_decision.rules)
    assert [rule["result"] for rule in rules] == ["pass"] * 8
    assert all(rule["reason_fr"] and rule["reason_en"] for rule in rules)


def test_assault_prior_makes_the_case_ineligible_with_the_reason(liaison):
    case = refer(liaison, priors=["266"])
    assert case.state == "ineligible"
    violent = next(
        r for r in json.loads(case.latest_decision.rules) if r["rule"] == "no_violent_priors"
    )
    assert violent["result"] == "fail" and "266" in violent["reason_fr"]


def test_unknown_prior_sends_the_case_to_review(liaison):
    assert refer(liaison, priors=["999.9"]).state == "needs_review"


def test_same_person_under_another_spelling_who_took_part_is_found_and_refused(liaison):
    first = refer(liaison)
    record_consent(
        first, counsel_advised=True, accepts_responsibility=True, consented_on=TODAY, by=liaison
    )
    record_admission(first, prosecutor="Me Gagnon", admitted_on=TODAY, by=liaison)
    second = refer(liaison, family_name=" TREMBLAY ", given_name="jean francois")
    assert first.state == "admitted"
    assert second.state == "ineligible"
    rule = next(
        r for r in json.loads(second.latest_decision.rules) if r["rule"] == "first_participation"
    )
    assert rule["result"] == "fail" and str(first.id) in rule["reason_en"]


def test_same_name_with_another_birth_date_is_another_person(liaison):
    refer(liaison)
    assert refer(liaison, birth_date=date(1981, 4, 2)).state == "eligible"


def test_a_case_keeps_its_clients_normalized_name_for_the_search(liaison):
    case = refer(liaison, family_name="Tremblay-Côté", given_name="Jean-François")
    assert case.search_name == case.client.search_name == "tremblay cote jean francois"


def test_screening_again_keeps_every_decision(liaison):
    case = refer(liaison, priors=["999.9"])
    case.priors[0].offence_code = "334"
    screen_case(case, by=liaison)
    db.session.commit()
    assert [d.outcome for d in case.decisions] == ["needs_review", "eligible"]
    assert case.state == "eligible"


def test_full_path_from_referral_to_admission(liaison):
    case = refer(liaison)
    record_consent(
        case, counsel_advised=True, accepts_responsibility=True, consented_on=TODAY, by=liaison
    )
    record_admission(case, prosecutor="Me Gagnon", admitted_on=TODAY, by=liaison)
    db.session.commit()
    assert case.state == "admitted"
    assert case.consent.consented_on == TODAY and case.admission.prosecutor == "Me Gagnon"
    actions = list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_type == "case", AuditEntry.object_id == case.id)
            .order_by(AuditEntry.id)
        )
    )
    assert actions == [
        "case.created",
        "case.screened",
        "case.consented",
        "case.admitted",
        "fee.assessed",
    ]
    assert verify_chain().is_intact


@pytest.mark.parametrize("priors", [["266"], ["999.9"]], ids=["ineligible", "needs review"])
def test_consent_is_refused_unless_eligible(liaison, priors):
    case = refer(liaison, priors=priors)
    with pytest.raises(CaseStateError):
        record_consent(
            case, counsel_advised=True, accepts_responsibility=True, consented_on=TODAY, by=liaison
        )


def test_consent_needs_counsel_advised_and_responsibility_accepted(liaison):
    case = refer(liaison)
    with pytest.raises(ValueError):
        record_consent(
            case, counsel_advised=False, accepts_responsibility=True, consented_on=TODAY, by=liaison
        )
    assert case.state == "eligible"


def test_admission_is_refused_before_consent(liaison):
    case = refer(liaison)
    with pytest.raises(CaseStateError):
        record_admission(case, prosecutor="Me Gagnon", admitted_on=TODAY, by=liaison)


def test_screening_is_refused_after_consent(liaison):
    case = refer(liaison)
    record_consent(
        case, counsel_advised=True, accepts_responsibility=True, consented_on=TODAY, by=liaison
    )
    with pytest.raises(CaseStateError):
        screen_case(case, by=liaison)


def test_admin_overrides_review_with_a_reason_shown_with_the_decision(liaison):
    admin = make_user("admin")
    case = refer(liaison, priors=["999.9"])
    override_decision(case, "eligible", "Section 999.9 is a provincial fine.", by=admin)
    db.session.commit()
    decision = case.latest_decision
    assert case.state == "eligible" and decision.effective_outcome == "eligible"
    assert decision.outcome == "needs_review"
    assert decision.override_reason == "Section 999.9 is a provincial fine."


def test_override_needs_an_admin_and_a_reason(liaison):
    admin = make_user("admin")
    case = refer(liaison, priors=["266"])
    with pytest.raises(PermissionError):
        override_decision(case, "eligible", "A reason.", by=liaison)
    with pytest.raises(ValueError):
        override_decision(case, "eligible", "   ", by=admin)
    assert case.state == "ineligible"


def test_override_is_refused_for_an_eligible_case(liaison):
    case = refer(liaison)
    with pytest.raises(CaseStateError):
        override_decision(case, "ineligible", "A reason.", by=make_user("admin"))


def test_ineligible_case_is_returned_and_cannot_be_returned_twice(liaison):
    case = refer(liaison, priors=["271"])
    return_to_prosecutor(case, by=liaison)
    db.session.commit()
    assert db.session.get(Case, case.id).state == "returned"
    with pytest.raises(CaseStateError):
        return_to_prosecutor(case, by=liaison)


def test_eligible_case_cannot_be_returned(liaison):
    with pytest.raises(CaseStateError):
        return_to_prosecutor(refer(liaison), by=liaison)


def test_offence_codes_are_stored_as_the_catalogue_writes_them(liaison):
    case = create_referral(
        client_data(),
        referral_data(offence_code=" 286.1 (1) "),
        [{"offence_code": "art. 266"}],
        by=liaison,
    )
    assert case.offence_code == "286.1(1)" and case.priors[0].offence_code == "266"
    assert case.state == "ineligible"


def test_expire_fails_enrolled_cases_past_their_deadline_only(app, liaison):
    from johnschool.cli import cases_cli

    overdue, on_time, admitted = (
        refer(liaison),
        refer(liaison, family_name="Roy"),
        refer(liaison, family_name="Côté"),
    )
    overdue.state, on_time.state = "enrolled", "enrolled"  # enrollment arrives with its issue
    overdue.deadline = date(2020, 1, 1)
    admitted.deadline = date(2020, 1, 1)
    db.session.commit()
    result = app.test_cli_runner().invoke(cases_cli, ["expire"])
    assert result.exit_code == 0 and "1 case" in result.output
    db.session.expire_all()
    assert [overdue.state, on_time.state, admitted.state] == ["failed", "enrolled", "eligible"]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.expired")).one()
    assert entry.object_id == overdue.id and entry.actor_id is None
