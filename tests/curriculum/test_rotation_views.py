"""The rotation's pages: review, propose again, change by hand, confirm, my sessions."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.curriculum.models import Cohort, Session
from johnschool.extensions import db

from ..factories import make_user
from ..query_counts import count_queries
from .builders import make_cohort, make_module, make_professional, make_session

TWO_PM = datetime(2030, 3, 4, 14, tzinfo=UTC)


@pytest.fixture
def coordinator(app):
    """A program coordinator reading English."""
    return make_user("admin", language="en")


@pytest.fixture
def signed_in(coordinator, sign_in):
    """A test client with the coordinator signed in."""
    return sign_in(coordinator)


@pytest.fixture
def cohort(app):
    """A cohort with a law session at 14:00 UTC and a police session after it."""
    cohort = make_cohort()
    make_session(cohort=cohort, module=make_module("law"), starts_at=TWO_PM)
    make_session(cohort=cohort, module=make_module("police"), starts_at=TWO_PM + timedelta(hours=2))
    db.session.commit()
    return cohort


def sessions_of(cohort):
    """The cohort's sessions in time order, fresh from the database."""
    db.session.expire_all()
    query = select(Session).where(Session.cohort_id == cohort.id).order_by(Session.starts_at)
    return list(db.session.scalars(query))


def last_audit():
    """The newest audit entry."""
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def test_review_shows_sessions_in_the_program_zone_with_module_and_discipline(signed_in, cohort):
    page = signed_in.get(f"/admin/cohorts/{cohort.id}/rotation").get_data(as_text=True)
    # 14:00 UTC is 09:00 in Montreal in March.
    assert "2030-03-04 09:00–10:00" in page
    assert "(en)" in page and "Law" in page and "Police" in page
    assert "Propose a rotation" in page


def test_proposing_assigns_explains_and_flags_who_is_missing(signed_in, cohort):
    lawyer = make_professional("law", name="Maître Tremblay")
    make_professional("law", name="Maître Gagnon", off=[date(2030, 3, 4)])
    db.session.commit()
    response = signed_in.post(f"/admin/cohorts/{cohort.id}/rotation/propose", data={})
    assert response.status_code == 302
    law, police = sessions_of(cohort)
    assert (law.professional_id, police.professional_id) == (lawyer.id, None)
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "Only one qualified, available and free" in page
    assert "Everyone with this discipline is unavailable that day." in page
    assert "Nobody fits" in page and "Nobody has this discipline." in page
    assert last_audit().action == "rotation.propose"


def test_proposing_again_over_choices_needs_the_box_ticked(signed_in, cohort):
    first = make_professional("law")
    law, _ = sessions_of(cohort)
    law.professional_id = first.id
    second = make_professional("law")
    make_session(starts_at=TWO_PM - timedelta(days=1), professional_id=first.id)
    db.session.commit()
    url = f"/admin/cohorts/{cohort.id}/rotation/propose"
    refused = signed_in.post(url, data={})
    assert refused.status_code == 422
    assert "Tick the box to replace the current choices." in refused.get_data(as_text=True)
    assert sessions_of(cohort)[0].professional_id == first.id
    assert signed_in.post(url, data={"replace": "y"}).status_code == 302
    assert sessions_of(cohort)[0].professional_id == second.id


def test_a_conflict_is_warned_then_goes_through_when_forced(signed_in, cohort):
    officer = make_professional("police", name="Agente Roy")
    db.session.commit()
    law, _ = sessions_of(cohort)
    url = f"/admin/sessions/{law.id}/assign"
    warned = signed_in.post(url, data={"professional": officer.id, "backup": ""})
    assert warned.status_code == 409
    page = warned.get_data(as_text=True)
    assert "Agente Roy does not have this session&#39;s discipline." in page
    assert "Assign anyway" in page
    assert sessions_of(cohort)[0].professional_id is None
    seen = f"main:{officer.id}:unqualified"
    forced = signed_in.post(
        url, data={"professional": officer.id, "backup": "", "force": "y", "seen": seen}
    )
    assert forced.status_code == 302
    assert sessions_of(cohort)[0].professional_id == officer.id
    entry = last_audit()
    assert entry.action == "session.assign"
    assert json.loads(entry.data)["warnings"] == {"main": ["unqualified"], "backup": []}


def test_forcing_does_not_cover_a_warning_not_yet_shown(signed_in, cohort):
    officer = make_professional("police")
    db.session.commit()
    law, _ = sessions_of(cohort)
    response = signed_in.post(
        f"/admin/sessions/{law.id}/assign",
        data={"professional": officer.id, "backup": "", "force": "y", "seen": ""},
    )
    assert response.status_code == 409
    assert sessions_of(cohort)[0].professional_id is None


def test_a_choice_without_conflict_goes_through_at_once(signed_in, cohort):
    main, backup = make_professional("law"), make_professional("law")
    db.session.commit()
    law, _ = sessions_of(cohort)
    response = signed_in.post(
        f"/admin/sessions/{law.id}/assign", data={"professional": main.id, "backup": backup.id}
    )
    assert response.location.endswith(f"/admin/cohorts/{cohort.id}/rotation")
    law = sessions_of(cohort)[0]
    assert (law.professional_id, law.backup_id) == (main.id, backup.id)


def test_the_same_person_as_main_and_backup_is_refused_keeping_the_choice(signed_in, cohort):
    main = make_professional("law", name="Maître Tremblay")
    db.session.commit()
    law, _ = sessions_of(cohort)
    response = signed_in.post(
        f"/admin/sessions/{law.id}/assign", data={"professional": main.id, "backup": main.id}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The backup must be someone other than the main professional." in page
    assert f'<option selected value="{main.id}">' in page


def test_confirm_is_refused_with_a_session_unassigned_then_accepted(signed_in, cohort, coordinator):
    professional = make_professional("law", "police")
    law, police = sessions_of(cohort)
    law.professional_id = professional.id
    db.session.commit()
    url = f"/admin/cohorts/{cohort.id}/rotation/confirm"
    refused = signed_in.post(url, data={}, follow_redirects=True)
    assert "1 session has no professional" in refused.get_data(as_text=True)
    assert db.session.get(Cohort, cohort.id).status == "planned"
    police = sessions_of(cohort)[1]
    police.professional_id = professional.id
    db.session.commit()
    accepted = signed_in.post(url, data={}, follow_redirects=True)
    assert "The rotation is confirmed." in accepted.get_data(as_text=True)
    db.session.expire_all()
    confirmed = db.session.get(Cohort, cohort.id)
    assert confirmed.status == "confirmed"
    assert confirmed.rotation_confirmed_by_id == coordinator.id
    assert last_audit().action == "rotation.confirm"


def test_a_confirmed_rotation_cannot_be_proposed_again(signed_in, cohort):
    cohort.status = "confirmed"
    db.session.commit()
    response = signed_in.post(
        f"/admin/cohorts/{cohort.id}/rotation/propose", data={}, follow_redirects=True
    )
    assert "change its sessions one by one" in response.get_data(as_text=True)


def test_unknown_cohort_and_session_are_404(signed_in):
    assert signed_in.get("/admin/cohorts/999/rotation").status_code == 404
    assert signed_in.post("/admin/cohorts/999/rotation/propose").status_code == 404
    assert signed_in.get("/admin/sessions/999/assign").status_code == 404


@pytest.mark.parametrize("role", ["liaison", "staff", "participant", "researcher"])
def test_only_the_coordinator_may_change_the_rotation(app, sign_in, cohort, role):
    professional = make_professional("law")
    db.session.commit()
    client = sign_in(make_user(role))
    law, _ = sessions_of(cohort)
    assert client.post(f"/admin/cohorts/{cohort.id}/rotation/propose").status_code == 403
    assert client.post(f"/admin/cohorts/{cohort.id}/rotation/confirm").status_code == 403
    assigned = client.post(
        f"/admin/sessions/{law.id}/assign", data={"professional": professional.id}
    )
    assert assigned.status_code == 403
    assert sessions_of(cohort)[0].professional_id is None


def staff_professional(name="Inf. Côté"):
    """A staff account linked to a professional."""
    user = make_user("staff", language="en")
    professional = make_professional("health", name=name, user_id=user.id)
    db.session.commit()
    return user, professional


def test_staff_see_only_their_own_upcoming_sessions_with_their_role(app, sign_in):
    user, mine = staff_professional()
    _, other = staff_professional("Someone else")
    cohort = make_cohort(place="Salle Lafontaine")
    make_session(cohort=cohort, starts_at=TWO_PM, professional_id=mine.id)
    make_session(cohort=cohort, starts_at=TWO_PM + timedelta(hours=2), backup_id=mine.id)
    make_session(starts_at=TWO_PM + timedelta(hours=4), professional_id=other.id)
    make_session(starts_at=datetime(2020, 1, 6, 14, tzinfo=UTC), professional_id=mine.id)
    make_session(starts_at=TWO_PM + timedelta(days=1), professional_id=mine.id, is_cancelled=True)
    db.session.commit()
    page = sign_in(user).get("/assignments").get_data(as_text=True)
    assert page.count("<tr>") == 3  # the header and two sessions
    assert "2030-03-04 09:00" in page and "2030-03-04 11:00" in page
    assert "2030-03-04 13:00" not in page and "2020-01-06" not in page
    assert cohort.code in page and "Salle Lafontaine" in page
    assert "<td>Main</td>" in page and "<td>Backup</td>" in page
    assert "not confirmed yet" in page


def test_staff_without_a_professional_get_an_explanation(app, sign_in):
    page = sign_in(make_user("staff", language="en")).get("/assignments").get_data(as_text=True)
    assert "not linked to a professional" in page


def test_staff_with_nothing_upcoming_are_told_so(app, sign_in):
    user, _ = staff_professional()
    page = sign_in(user).get("/assignments").get_data(as_text=True)
    assert "No upcoming session is assigned to you." in page


def test_assignments_are_paginated(app, sign_in):
    user, mine = staff_professional()
    cohort = make_cohort()
    for day in range(30):
        make_session(cohort=cohort, starts_at=TWO_PM + timedelta(days=day), professional_id=mine.id)
    db.session.commit()
    client = sign_in(user)
    assert "Page 1 of 2" in client.get("/assignments").get_data(as_text=True)
    assert client.get("/assignments?page=2").get_data(as_text=True).count("<tr>") == 6


def add_assigned_sessions(cohort, professional, count):
    """Add count sessions of cohort taught by professional, each with its own module."""
    backup = make_professional("law")
    for _ in range(count):
        make_session(
            cohort=cohort,
            starts_at=TWO_PM + timedelta(days=len(cohort.sessions)),
            professional_id=professional.id,
            backup_id=backup.id,
            rotation_note=json.dumps({"main": {"code": "manual", "params": {}}}),
        )
        db.session.expire(cohort, ["sessions"])
    db.session.commit()


def test_review_queries_do_not_grow_with_the_sessions(signed_in, cohort):
    professional = make_professional("law")
    add_assigned_sessions(cohort, professional, 2)
    few = count_queries(signed_in, f"/admin/cohorts/{cohort.id}/rotation")
    add_assigned_sessions(cohort, make_professional("law"), 12)
    assert count_queries(signed_in, f"/admin/cohorts/{cohort.id}/rotation") == few


def test_assignments_queries_do_not_grow_with_the_sessions(app, sign_in):
    user, mine = staff_professional()
    client = sign_in(user)
    add_assigned_sessions(make_cohort(), mine, 2)
    few = count_queries(client, "/assignments")
    add_assigned_sessions(make_cohort(), mine, 10)
    add_assigned_sessions(make_cohort(), mine, 10)
    assert count_queries(client, "/assignments") == few
