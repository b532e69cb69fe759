"""The cohorts API: open a cohort with its sessions, list cohorts, read one."""

from datetime import date

import pytest
from sqlalchemy import func, select

from johnschool.curriculum import services
from johnschool.curriculum.models import Cohort
from johnschool.curriculum.services import CohortDraft, create_cohort, load_default_curriculum
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.referrals.services import create_referral

from ..factories import make_token, make_user

TODAY = date(2026, 10, 1)
COHORT_KEYS = {
    "id",
    "code",
    "language",
    "capacity",
    "seats_taken",
    "place",
    "starts_on",
    "format",
    "status",
}
SESSION_KEYS = {
    "id",
    "module",
    "module_title",
    "starts_at",
    "ends_at",
    "discipline",
    "place",
    "is_cancelled",
}


@pytest.fixture(autouse=True)
def curriculum(app, monkeypatch):
    """The shipped curriculum, with every site's today fixed."""
    monkeypatch.setattr(services, "site_today", lambda site: TODAY)
    load_default_curriculum()
    db.session.commit()


def api_as(client, role):
    """A function sending requests with a bearer token of a new account of role."""
    headers = {"Authorization": f"Bearer {make_token(make_user(role, language='en'))}"}

    def send(method, path, json=None):
        return client.open(f"/api/v1{path}", method=method, json=json, headers=headers)

    return send


@pytest.fixture
def admin_api(client):
    """Send requests as the coordinator."""
    return api_as(client, "admin")


def body(**changes):
    """A new cohort as DESIGN.md gives it."""
    data = {
        "code": "2026-10-LGL",
        "language": "fr",
        "capacity": 20,
        "place": "Salle 2",
        "starts_on": "2026-10-19",
        "format": "weekly",
    }
    return data | changes


def cohort_count():
    """How many cohorts exist."""
    return db.session.scalar(select(func.count(Cohort.id)))


def test_new_cohort_answers_201_with_its_generated_sessions(admin_api):
    response = admin_api("POST", "/cohorts", body())
    assert response.status_code == 201
    data = response.get_json()
    assert set(data) == COHORT_KEYS | {"sessions"}
    assert data["seats_taken"] == 0 and data["status"] == "planned"
    assert len(data["sessions"]) == 6
    assert all(set(session) == SESSION_KEYS for session in data["sessions"])
    first, third = data["sessions"][0], data["sessions"][2]
    assert first["module"] == "law_and_consequences" and first["discipline"] == "law"
    assert first["module_title"] == "Le droit et les conséquences"
    # 09:00 in Toronto: daylight-saving time on October 19, standard time on November 2.
    assert first["starts_at"] == "2026-10-19T13:00:00+00:00"
    assert first["ends_at"] == "2026-10-19T14:00:00+00:00"
    assert third["starts_at"] == "2026-11-02T14:00:00+00:00"
    assert {session["place"] for session in data["sessions"]} == {"Salle 2"}


def test_start_time_may_be_given(admin_api):
    response = admin_api("POST", "/cohorts", body(format="one_day", start_time="08:00"))
    assert response.get_json()["sessions"][0]["starts_at"] == "2026-10-19T12:00:00+00:00"


def test_every_invalid_field_is_named_at_once(admin_api):
    response = admin_api(
        "POST",
        "/cohorts",
        {"code": "", "language": "de", "capacity": "20", "starts_on": "19/10/2026", "format": "x"},
    )
    assert response.status_code == 422
    data = response.get_json()
    assert data["error"] == "invalid"
    assert set(data["fields"]) == {"code", "language", "capacity", "place", "starts_on", "format"}
    assert data["fields"]["starts_on"] == "Expected a date as YYYY-MM-DD."
    assert cohort_count() == 0


def test_a_bad_start_time_alone_is_refused_and_nothing_is_kept(admin_api):
    response = admin_api("POST", "/cohorts", body(start_time="9h"))
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"start_time"}
    assert cohort_count() == 0


def test_a_past_start_and_a_capacity_out_of_range_are_refused_in_the_users_language(app, client):
    french_admin = {"Authorization": f"Bearer {make_token(make_user('admin', language='fr'))}"}
    response = client.post(
        "/api/v1/cohorts", json=body(starts_on="2026-09-30", capacity=0), headers=french_admin
    )
    body_fr = response.get_json()
    assert body_fr["message"] == "Certains champs sont invalides."
    assert body_fr["fields"] == {
        "starts_on": "Choisissez une date à partir d'aujourd'hui.",
        "capacity": "Écrivez un nombre de 1 à 200.",
    }


def test_a_duplicate_code_is_a_field_error(admin_api):
    assert admin_api("POST", "/cohorts", body()).status_code == 201
    response = admin_api("POST", "/cohorts", body(code="2026-10-lgl"))
    assert response.status_code == 422
    assert response.get_json()["fields"] == {"code": "Another cohort has this code."}
    assert cohort_count() == 1


def test_a_body_that_is_not_an_object_is_refused(admin_api):
    assert admin_api("POST", "/cohorts", ["x"]).status_code == 422


@pytest.mark.parametrize("role", ["liaison", "staff", "participant", "researcher"])
def test_only_the_coordinator_opens_cohorts(client, role):
    assert api_as(client, role)("POST", "/cohorts", body()).status_code == 403
    assert cohort_count() == 0


def make_cohort(code, starts_on=date(2026, 10, 19)):
    """Create a cohort through the service."""
    cohort = create_cohort(
        CohortDraft(code, "fr", 10, "Salle", starts_on, "one_day"), by=make_user("admin")
    )
    db.session.commit()
    return cohort


def enroll(cohort, status, number):
    """Write an enrollment of a new case in cohort."""
    case = create_referral(
        {"family_name": "Roy", "given_name": "Paul", "birth_date": date(1975, 5, 5)},
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": date(2026, 9, 1),
            "court_file": f"500-01-{number:06d}-261",
        },
        [],
        by=make_user("liaison"),
    )
    db.session.add(Enrollment(case_id=case.id, cohort_id=cohort.id, status=status))
    db.session.commit()


@pytest.mark.parametrize("role", ["liaison", "staff", "admin"])
def test_cohort_list_counts_enrolled_seats_only(client, role):
    cohort = make_cohort("A")
    for number, status in enumerate(("enrolled", "enrolled", "waitlisted", "withdrawn")):
        enroll(cohort, status, number)
    response = api_as(client, role)("GET", "/cohorts")
    assert response.status_code == 200
    data = response.get_json()
    assert (data["total"], data["page"]) == (1, 1)
    assert set(data["items"][0]) == COHORT_KEYS
    assert (data["items"][0]["capacity"], data["items"][0]["seats_taken"]) == (10, 2)


def test_cohort_list_is_paginated_latest_start_first(admin_api):
    for number in range(52):
        make_cohort(f"C{number:02d}", date(2026, 10, 2 + number % 28))
    first = admin_api("GET", "/cohorts").get_json()
    second = admin_api("GET", "/cohorts?page=2").get_json()
    assert (first["total"], len(first["items"]), len(second["items"])) == (52, 50, 2)
    days = [item["starts_on"] for item in first["items"] + second["items"]]
    assert days == sorted(days, reverse=True)


@pytest.mark.parametrize("role", ["liaison", "staff"])
def test_cohort_is_read_with_its_sessions(client, role):
    cohort = make_cohort("A")
    response = api_as(client, role)("GET", f"/cohorts/{cohort.id}")
    data = response.get_json()
    assert response.status_code == 200
    assert [s["id"] for s in data["sessions"]] == [s.id for s in cohort.sessions]
    assert data["sessions"][0]["starts_at"] == "2026-10-19T13:00:00+00:00"


@pytest.mark.parametrize("role", ["participant", "researcher"])
def test_participants_and_researchers_cannot_read_cohorts(client, role):
    cohort = make_cohort("A")
    send = api_as(client, role)
    assert send("GET", "/cohorts").status_code == 403
    assert send("GET", f"/cohorts/{cohort.id}").get_json()["error"] == "forbidden"


def test_unknown_cohort_is_404_in_json(admin_api):
    response = admin_api("GET", "/cohorts/999")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


def test_openapi_documents_the_cohort_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert set(paths["/api/v1/cohorts"]) == {"get", "post"}
    assert "get" in paths["/api/v1/cohorts/{cohort_id}"]
