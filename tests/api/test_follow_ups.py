"""The individual follow-ups API: requirements, scheduling with warnings, attendance."""

from datetime import timedelta

import pytest

from johnschool.clock import program_today
from johnschool.curriculum.models import Professional, ProfessionalDiscipline
from johnschool.extensions import db

from ..attendance.program import days_ago, enroll, make_cohort, make_individual_session
from ..enrollment.builders import referred_case
from ..factories import make_user
from .calls import call


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison", language="en")


@pytest.fixture
def enrolled(liaison):
    """An enrolled case that needs one sexology session."""
    enrollment = enroll(liaison, make_cohort(), follow_ups={"sexology": 1})
    db.session.commit()
    return enrollment.case


def sexologist(user=None, disciplines=("sexology",)):
    """A professional of disciplines, with user's login when given; committed."""
    professional = Professional(name="Dr Lemieux", user_id=user.id if user else None)
    professional.disciplines = [ProfessionalDiscipline(discipline=d) for d in disciplines]
    db.session.add(professional)
    db.session.commit()
    return professional


def test_requirement_is_set_shown_and_removed(client, liaison, enrolled):
    path = f"/referrals/{enrolled.id}/follow-ups/requirements/health"
    response = call(client, liaison, "PUT", path, {"session_count": 2})
    assert response.status_code == 200
    assert {"discipline": "health", "session_count": 2} in response.get_json()["requirements"]
    call(client, liaison, "PUT", path, {"session_count": 0})
    listed = call(client, liaison, "GET", f"/referrals/{enrolled.id}/follow-ups").get_json()
    assert listed["requirements"] == [{"discipline": "sexology", "session_count": 1}]


@pytest.mark.parametrize("count", [21, -1, "2", None, True])
def test_requirement_count_out_of_range_answers_422(client, liaison, enrolled, count):
    path = f"/referrals/{enrolled.id}/follow-ups/requirements/health"
    response = call(client, liaison, "PUT", path, {"session_count": count})
    assert response.status_code == 422 and "session_count" in response.get_json()["fields"]


def test_unknown_discipline_or_case_answers_404(client, liaison, enrolled):
    body = {"session_count": 1}
    path = f"/referrals/{enrolled.id}/follow-ups/requirements/astrology"
    assert call(client, liaison, "PUT", path, body).status_code == 404
    assert call(client, liaison, "GET", "/referrals/999999/follow-ups").status_code == 404


def test_requirement_of_a_case_not_admitted_answers_409(client, liaison):
    case = referred_case(liaison)
    path = f"/referrals/{case.id}/follow-ups/requirements/health"
    assert call(client, liaison, "PUT", path, {"session_count": 1}).status_code == 409


def session_body(professional, *, force=False, days=7):
    """A session to schedule days from now, 14:00 to 15:00 program time."""
    day = (program_today() + timedelta(days=days)).isoformat()
    return {
        "professional_id": professional.id,
        "starts_at": f"{day}T14:00",
        "ends_at": f"{day}T15:00",
        "place": "Bureau 2",
        "force": force,
    }


def test_scheduling_with_a_warning_is_held_until_forced(client, liaison, enrolled):
    nurse = sexologist(disciplines=("health",))
    path = f"/referrals/{enrolled.id}/follow-ups"
    held = call(client, liaison, "POST", path, session_body(nurse))
    assert held.status_code == 409 and held.get_json()["warnings"] == ["missing_discipline"]
    assert call(client, liaison, "GET", path).get_json()["sessions"] == []
    forced = call(client, liaison, "POST", path, session_body(nurse, force=True))
    assert forced.status_code == 201
    session = forced.get_json()["session"]
    assert session["discipline"] == "sexology" and session["professional_id"] == nurse.id
    assert [s["id"] for s in call(client, liaison, "GET", path).get_json()["sessions"]] == [
        session["id"]
    ]


def test_scheduling_without_warnings_reads_local_times(client, liaison, enrolled):
    response = call(
        client, liaison, "POST", f"/referrals/{enrolled.id}/follow-ups", session_body(sexologist())
    )
    assert response.status_code == 201 and response.get_json()["warnings"] == []
    starts_at = response.get_json()["session"]["starts_at"]
    assert starts_at.endswith("+00:00") and ("T18:00" in starts_at or "T19:00" in starts_at)


def test_an_inactive_professional_is_refused(client, liaison, enrolled):
    former = sexologist()
    former.is_active = False
    db.session.commit()
    response = call(
        client, liaison, "POST", f"/referrals/{enrolled.id}/follow-ups", session_body(former)
    )
    assert response.status_code == 422 and "professional_id" in response.get_json()["fields"]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"professional_id": 999999}, "professional_id"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"ends_at": "2000-01-01T00:00"}, "ends_at"),
        ({"place": " "}, "place"),
        ({"discipline": "astrology"}, "discipline"),
    ],
)
def test_a_bad_session_body_answers_422_on_its_field(client, liaison, enrolled, change, field):
    body = session_body(sexologist()) | change
    response = call(client, liaison, "POST", f"/referrals/{enrolled.id}/follow-ups", body)
    assert response.status_code == 422 and field in response.get_json()["fields"]


def attendance_path(case, session):
    """The address of an individual session's attendance."""
    return f"/referrals/{case.id}/follow-ups/{session.id}/attendance"


def test_the_professional_records_the_attendance(client, enrolled):
    staff = make_user("staff")
    session = make_individual_session(enrolled, days_ago(0), professional=sexologist(staff))
    db.session.commit()
    response = call(client, staff, "PUT", attendance_path(enrolled, session), {"status": "present"})
    assert response.status_code == 200
    assert response.get_json()["attendance"] == {"status": "present", "minutes_late": None}
    again = call(client, staff, "PUT", attendance_path(enrolled, session), {"status": "absent"})
    assert again.get_json()["attendance"]["status"] == "absent"


def test_other_staff_and_the_liaison_cannot_record_it(client, liaison, enrolled):
    session = make_individual_session(enrolled, days_ago(0), professional=sexologist())
    db.session.commit()
    path, body = attendance_path(enrolled, session), {"status": "present"}
    assert call(client, make_user("staff"), "PUT", path, body).status_code == 403
    assert call(client, liaison, "PUT", path, body).status_code == 403


def test_attendance_refusals(client, admin, liaison, enrolled):
    today = make_individual_session(enrolled, days_ago(0))
    later = make_individual_session(enrolled, days_ago(-3))
    other = enroll(liaison, make_cohort(), follow_ups={"sexology": 1}).case
    db.session.commit()
    late = {"status": "late"}
    bad = call(client, admin, "PUT", attendance_path(enrolled, today), late)
    assert bad.status_code == 422 and "minutes_late" in bad.get_json()["fields"]
    body = {"status": "present"}
    assert call(client, admin, "PUT", attendance_path(enrolled, later), body).status_code == 409
    assert call(client, admin, "PUT", attendance_path(other, today), body).status_code == 404
