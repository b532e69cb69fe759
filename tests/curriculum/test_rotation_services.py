"""The rotation over the database: propose, apply, change by hand, confirm."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.curriculum import rotation
from johnschool.curriculum.models import Session
from johnschool.curriculum.rotation_services import (
    DOUBLE_BOOKED,
    UNAVAILABLE,
    UNQUALIFIED,
    AssignmentConflict,
    RotationError,
    apply_rotation,
    assign_session,
    confirm_rotation,
    propose_rotation,
)
from johnschool.extensions import db
from johnschool.referrals.services import create_referral

from .builders import make_cohort, make_module, make_professional, make_session

TWO_PM = datetime(2030, 3, 4, 14, tzinfo=UTC)


def mains(proposals):
    """The main professional's id of each proposal."""
    return [p.main.professional_id for p in proposals]


def test_a_session_of_another_cohort_at_the_same_time_books_its_professional(app):
    first, second = make_professional("law"), make_professional("law")
    make_session(starts_at=TWO_PM + timedelta(minutes=30), professional_id=first.id)
    ours = make_session()
    assert mains(propose_rotation(ours.cohort)) == [second.id]


def test_an_individual_follow_up_books_its_professional(app, admin):
    first, second = make_professional("sexology"), make_professional("sexology")
    case = create_referral(
        {"family_name": "Roy", "given_name": "Paul", "birth_date": date(1975, 5, 5)},
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": date(2026, 9, 1),
            "court_file": "500-01-000002-261",
        },
        [],
        by=admin,
    )
    follow_up = Session(
        kind="individual",
        case_id=case.id,
        discipline="sexology",
        starts_at=TWO_PM,
        ends_at=TWO_PM + timedelta(hours=1),
        place="Bureau",
        professional_id=first.id,
    )
    db.session.add(follow_up)
    ours = make_session(discipline="sexology")
    assert mains(propose_rotation(ours.cohort)) == [second.id]


def test_a_cancelled_session_books_nobody(app):
    first, _ = make_professional("law"), make_professional("law")
    make_session(starts_at=TWO_PM, professional_id=first.id, is_cancelled=True)
    ours = make_session()
    assert mains(propose_rotation(ours.cohort)) == [first.id]


def test_unavailability_is_read_on_the_program_day_not_the_utc_day(app):
    # 23:30 in Montreal on March 3 is already March 4 in UTC.
    evening = datetime(2030, 3, 4, 4, 30, tzinfo=UTC)
    away = make_professional("law", off=[date(2030, 3, 3)])
    other = make_professional("law", off=[date(2030, 3, 4)])
    ours = make_session(starts_at=evening)
    proposal = propose_rotation(ours.cohort)[0]
    assert proposal.main.professional_id == other.id
    assert proposal.backup.code == rotation.ALL_UNAVAILABLE
    assert away.id != proposal.backup.professional_id


def test_load_counts_the_90_days_before_and_last_taught_looks_further_back(app):
    recent, long_ago, busy = (make_professional("law") for _ in range(3))
    for days in (10, 20):
        make_session(starts_at=TWO_PM - timedelta(days=days), professional_id=busy.id)
    make_session(starts_at=TWO_PM - timedelta(days=100), professional_id=recent.id)
    for days in (300, 400):
        make_session(starts_at=TWO_PM - timedelta(days=days), professional_id=long_ago.id)
    ours = make_session()
    proposal = propose_rotation(ours.cohort)[0]
    assert (proposal.main.professional_id, proposal.main.code) == (
        long_ago.id,
        rotation.LONGEST_AGO,
    )
    assert proposal.main.params["last_taught"] == (TWO_PM - timedelta(days=300)).isoformat()
    assert proposal.main.params["load"] == 0
    assert proposal.backup.professional_id == recent.id


def test_sessions_of_the_cohort_itself_are_not_history(app, admin):
    first, second = make_professional("law"), make_professional("law")
    cohort = make_cohort()
    make_session(cohort=cohort, starts_at=TWO_PM - timedelta(hours=3), professional_id=second.id)
    make_session(cohort=cohort)
    # The earlier choice of second is replaced, not counted: 1 then 2, by id.
    assert mains(propose_rotation(cohort)) == [first.id, second.id]


def test_apply_stores_choices_and_explanations_and_audits(app, admin):
    professional = make_professional("law")
    ours = make_session()
    apply_rotation(ours.cohort, propose_rotation(ours.cohort), by=admin)
    assert ours.professional_id == professional.id and ours.backup_id is None
    note = json.loads(ours.rotation_note)
    assert note["main"]["code"] == rotation.ONLY_CANDIDATE
    assert note["backup"]["code"] == rotation.NO_OTHER_QUALIFIED
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.object_id) == ("rotation.propose", ours.cohort_id)
    assert json.loads(entry.data) == {"sessions": 1, "flagged": 0}


def test_a_proposal_of_a_confirmed_cohort_is_refused(app, admin):
    ours = make_session(cohort=make_cohort(status="confirmed"))
    with pytest.raises(RotationError):
        apply_rotation(ours.cohort, propose_rotation(ours.cohort), by=admin)


def test_assigning_with_conflicts_is_refused_unless_forced(app, admin):
    unqualified = make_professional("police", off=[date(2030, 3, 4)])
    elsewhere = make_session(starts_at=TWO_PM, professional_id=unqualified.id)
    ours = make_session()
    with pytest.raises(AssignmentConflict) as refused:
        assign_session(ours, unqualified, None, by=admin)
    codes = {w.code for w in refused.value.warnings}
    assert codes == {UNQUALIFIED, UNAVAILABLE, DOUBLE_BOOKED}
    assert ours.professional_id is None
    warnings = assign_session(ours, unqualified, None, by=admin, force=True)
    assert len(warnings) == 3 and ours.professional_id == unqualified.id
    double = next(w for w in warnings if w.code == DOUBLE_BOOKED)
    assert double.params["session_id"] == elsewhere.id


def test_a_backup_who_teaches_at_the_same_time_is_a_conflict(app, admin):
    main, backup = make_professional("law"), make_professional("law")
    make_session(starts_at=TWO_PM, professional_id=backup.id)
    ours = make_session()
    with pytest.raises(AssignmentConflict) as refused:
        assign_session(ours, main, backup, by=admin)
    assert [(w.role, w.code) for w in refused.value.warnings] == [("backup", DOUBLE_BOOKED)]


def test_the_backup_cannot_be_the_main(app, admin):
    professional = make_professional("law")
    ours = make_session()
    with pytest.raises(RotationError):
        assign_session(ours, professional, professional, by=admin, force=True)


def test_confirm_is_refused_while_a_session_has_nobody_then_accepted(app, admin):
    professional = make_professional("law")
    cohort = make_cohort()
    first = make_session(cohort=cohort, module=make_module())
    make_session(
        cohort=cohort, starts_at=TWO_PM + timedelta(hours=2), professional_id=professional.id
    )
    with pytest.raises(RotationError, match="1"):
        confirm_rotation(cohort, by=admin)
    assert cohort.status == "planned"
    assign_session(first, professional, None, by=admin)
    confirm_rotation(cohort, by=admin)
    assert cohort.status == "confirmed"
    assert cohort.rotation_confirmed_by_id == admin.id and cohort.rotation_confirmed_at
