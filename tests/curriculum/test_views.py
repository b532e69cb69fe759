"""The cohort pages: list, creation, the cohort page, session edits and cancellations."""

from datetime import date

import pytest
from sqlalchemy import select

from johnschool.curriculum.models import Cohort, Session
from johnschool.extensions import db

from ..factories import make_user
from ..query_counts import count_queries
from .helpers import enroll_directly, make_cohort


@pytest.fixture
def coordinator(app):
    """A program coordinator reading English."""
    return make_user("admin", language="en")


@pytest.fixture
def signed_in(coordinator, sign_in):
    """A test client with the coordinator signed in."""
    return sign_in(coordinator)


def cohort_form(**changes):
    """A filled new-cohort form."""
    data = {
        "code": "2026-10-LGL",
        "language": "fr",
        "capacity": "12",
        "place": "Salle 2",
        "starts_on": "2026-10-17",
        "format": "one_day",
        "start_time": "09:30",
    }
    return data | changes


def test_coordinator_creates_a_cohort_and_lands_on_its_sessions(signed_in, today, curriculum):
    response = signed_in.post("/admin/cohorts/new", data=cohort_form())
    cohort = db.session.scalar(select(Cohort))
    assert response.status_code == 302
    assert response.location.endswith(f"/cohorts/{cohort.id}")
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "2026-10-17 09:30" in page
    assert "The law and its consequences" in page
    assert page.count("/edit") == 6


def test_new_cohort_errors_are_per_field_and_keep_what_was_typed(signed_in, today, curriculum):
    form = cohort_form(capacity="500", starts_on="2026-09-01", place="Salle à garder")
    response = signed_in.post("/admin/cohorts/new", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="capacity-error"' in page and 'id="starts_on-error"' in page
    assert 'value="Salle à garder"' in page and 'value="2026-10-LGL"' in page
    assert db.session.scalar(select(Cohort)) is None


def test_a_duplicate_code_is_shown_on_the_code_field(signed_in, today, curriculum):
    make_cohort(code="2026-10-LGL")
    response = signed_in.post("/admin/cohorts/new", data=cohort_form())
    assert response.status_code == 422
    assert "Another cohort has this code." in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Cohort)).all()) == 1


def test_a_day_ending_after_midnight_is_shown_on_the_start_time(signed_in, today, curriculum):
    response = signed_in.post("/admin/cohorts/new", data=cohort_form(start_time="18:00"))
    assert response.status_code == 422
    assert 'id="start_time-error"' in response.get_data(as_text=True)


def test_cohort_list_shows_seats_taken_of_capacity_and_status(signed_in, today, curriculum):
    cohort = make_cohort(capacity=12)
    liaison = make_user("liaison")
    enroll_directly(cohort, liaison)
    enroll_directly(cohort, liaison)
    enroll_directly(cohort, liaison, status="waitlisted")
    page = signed_in.get("/cohorts").get_data(as_text=True)
    assert "2 of 12" in page and "Planned" in page


def test_cohort_list_runs_the_same_queries_however_many_cohorts(
    signed_in, today, curriculum, client
):
    liaison = make_user("liaison")
    enroll_directly(make_cohort(code="A"), liaison)
    few = count_queries(client, "/cohorts")
    for number in range(6):
        enroll_directly(make_cohort(code=f"B{number}"), liaison)
    assert count_queries(client, "/cohorts") == few


def test_cohort_page_runs_the_same_queries_however_many_sessions_are_assigned(
    signed_in, today, curriculum, client
):
    from johnschool.curriculum.professionals import create_professional

    cohort = make_cohort()

    def assign(session):
        session.professional = create_professional({"name": "P"}, [session.discipline], by=None)
        session.backup = create_professional({"name": "B"}, [session.discipline], by=None)
        db.session.commit()

    assign(cohort.sessions[0])
    one = count_queries(client, f"/cohorts/{cohort.id}")
    for session in db.session.get(Cohort, cohort.id).sessions[1:]:
        assign(session)
    assert count_queries(client, f"/cohorts/{cohort.id}") == one


def test_cohort_page_shows_the_professional_and_backup_of_each_session(
    signed_in, today, curriculum
):
    from johnschool.curriculum.professionals import create_professional

    cohort = make_cohort()
    cohort.sessions[0].professional = create_professional({"name": "Me Gagnon"}, ["law"], by=None)
    cohort.sessions[0].backup = create_professional({"name": "Me Lavoie"}, ["law"], by=None)
    db.session.commit()
    page = signed_in.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Me Gagnon" in page and "Me Lavoie" in page and "not assigned" in page


@pytest.mark.parametrize("role", ["liaison", "staff"])
def test_liaison_and_staff_read_the_cohort_without_its_actions(
    app, sign_in, today, curriculum, role
):
    cohort = make_cohort()
    client = sign_in(make_user(role, language="en"))
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "The law and its consequences" in page
    assert "/admin/sessions/" not in page and "/cancel" not in page
    assert "/admin/cohorts/new" not in client.get("/cohorts").get_data(as_text=True)


def test_session_edit_form_shows_local_times_and_saves_a_move(signed_in, today, curriculum):
    session = make_cohort().sessions[1]
    form = signed_in.get(f"/admin/sessions/{session.id}/edit").get_data(as_text=True)
    assert 'value="10:15"' in form and 'value="11:30"' in form and 'value="2026-10-17"' in form
    response = signed_in.post(
        f"/admin/sessions/{session.id}/edit",
        data={"day": "2026-11-07", "starts_at": "13:00", "ends_at": "14:15", "place": "Salle 9"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    session = db.session.get(Session, session.id)
    assert session.starts_at.isoformat() == "2026-11-07T18:00:00+00:00"
    assert session.place == "Salle 9"


def test_session_edit_refuses_an_end_before_the_start_and_keeps_the_input(
    signed_in, today, curriculum
):
    session = make_cohort().sessions[0]
    response = signed_in.post(
        f"/admin/sessions/{session.id}/edit",
        data={"day": "2026-11-07", "starts_at": "13:00", "ends_at": "12:00", "place": "Salle 9"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="ends_at-error"' in page and 'value="Salle 9"' in page
    db.session.expire_all()
    assert db.session.get(Session, session.id).place != "Salle 9"


def test_session_is_cancelled_only_once_confirmed(signed_in, today, curriculum):
    session = make_cohort().sessions[0]
    url = f"/admin/sessions/{session.id}/cancel"
    assert "I confirm" in signed_in.get(url).get_data(as_text=True)
    assert signed_in.post(url, data={}).status_code == 422
    db.session.expire_all()
    assert db.session.get(Session, session.id).is_cancelled is False
    assert signed_in.post(url, data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Session, session.id).is_cancelled is True


def test_cohort_is_cancelled_once_confirmed(signed_in, today, curriculum):
    cohort = make_cohort()
    url = f"/admin/cohorts/{cohort.id}/cancel"
    assert signed_in.post(url, data={}).status_code == 422
    assert signed_in.post(url, data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).status == "cancelled"


def test_cohort_with_people_enrolled_is_not_cancelled_and_says_why(signed_in, today, curriculum):
    cohort = make_cohort()
    enroll_directly(cohort, make_user("liaison"))
    response = signed_in.post(f"/admin/cohorts/{cohort.id}/cancel", data={"confirm": "y"})
    assert response.status_code == 409
    assert "withdraw them first" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).status == "planned"


def test_unknown_cohort_and_session_are_not_found(signed_in, today, curriculum):
    assert signed_in.get("/cohorts/999").status_code == 404
    assert signed_in.get("/admin/sessions/999/edit").status_code == 404


def test_nav_links_cohorts_for_staff_and_curriculum_for_the_coordinator(app, sign_in, coordinator):
    page = sign_in(coordinator).get("/").get_data(as_text=True)
    assert all(url in page for url in ("/cohorts", "/admin/modules", "/admin/professionals"))
    staff = sign_in(make_user("staff")).get("/").get_data(as_text=True)
    assert "/cohorts" in staff and "/admin/modules" not in staff
    researcher = sign_in(make_user("researcher")).get("/").get_data(as_text=True)
    assert "/cohorts" not in researcher


def test_starts_on_is_checked_against_the_program_today(signed_in, today, curriculum):
    response = signed_in.post("/admin/cohorts/new", data=cohort_form(starts_on=str(today)))
    assert response.status_code == 302
    assert db.session.scalar(select(Cohort)).starts_on == date(2026, 10, 1)


def test_a_cancelled_session_cannot_be_edited_and_the_page_says_why(signed_in, today, curriculum):
    session = make_cohort().sessions[0]
    signed_in.post(f"/admin/sessions/{session.id}/cancel", data={"confirm": "y"})
    response = signed_in.post(
        f"/admin/sessions/{session.id}/edit",
        data={"day": "2026-11-07", "starts_at": "13:00", "ends_at": "14:00", "place": "Salle 9"},
    )
    assert response.status_code == 409
    assert "This session is cancelled." in response.get_data(as_text=True)


def test_session_edit_refuses_times_overlapping_another_session_of_the_cohort(
    signed_in, today, curriculum
):
    session = make_cohort().sessions[1]
    response = signed_in.post(
        f"/admin/sessions/{session.id}/edit",
        data={"day": "2026-10-17", "starts_at": "09:30", "ends_at": "10:45", "place": "Salle 9"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="starts_at-error"' in page and "overlap another session of the cohort" in page
    db.session.expire_all()
    assert db.session.get(Session, session.id).place != "Salle 9"
