"""The enrollment API: an admitted case placed in a cohort, or on its waitlist."""

import pytest
from sqlalchemy import select

from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db

from ..enrollment.builders import admitted_case, make_cohort, referred_case
from ..factories import make_token, make_user


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison")


def post_as(client, user, path, json):
    """POST json to path with user's bearer token."""
    headers = {"Authorization": f"Bearer {make_token(user)}"}
    return client.post(path, json=json, headers=headers)


def enroll_through_api(client, liaison, case, cohort_id):
    """Ask the API to enroll case in cohort_id."""
    return post_as(client, liaison, f"/api/v1/referrals/{case.id}/enroll", {"cohort_id": cohort_id})


def test_admitted_case_is_enrolled_then_the_next_one_waitlisted(client, liaison):
    cohort = make_cohort(capacity=1)
    first, second = admitted_case(liaison), admitted_case(liaison)
    seated = enroll_through_api(client, liaison, first, cohort.id)
    assert seated.status_code == 201
    body = seated.get_json()
    assert body["status"] == "enrolled"
    assert db.session.get(Enrollment, body["enrollment_id"]).case_id == first.id
    waiting = enroll_through_api(client, liaison, second, cohort.id)
    assert waiting.status_code == 201 and waiting.get_json()["status"] == "waitlisted"


def test_case_not_admitted_answers_409(client, liaison):
    response = enroll_through_api(client, liaison, referred_case(liaison), make_cohort().id)
    assert response.status_code == 409 and response.get_json()["error"] == "conflict"
    assert db.session.scalars(select(Enrollment)).all() == []


def test_case_already_enrolled_answers_409(client, liaison):
    case, cohort = admitted_case(liaison), make_cohort()
    assert enroll_through_api(client, liaison, case, cohort.id).status_code == 201
    assert enroll_through_api(client, liaison, case, cohort.id).status_code == 409


@pytest.mark.parametrize("cohort_id", [None, "1", True, 999999])
def test_missing_or_unknown_cohort_answers_422_on_the_field(client, liaison, cohort_id):
    response = enroll_through_api(client, liaison, admitted_case(liaison), cohort_id)
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"cohort_id"}


@pytest.mark.parametrize(
    "cohort", [{"language": "en"}, {"status": "cancelled"}, {"days_ahead": -2}]
)
def test_cohort_of_another_language_cancelled_or_started_answers_422(client, liaison, cohort):
    case = admitted_case(liaison)
    response = enroll_through_api(client, liaison, case, make_cohort(**cohort).id)
    assert response.status_code == 422 and "cohort_id" in response.get_json()["fields"]
    db.session.expire_all()
    assert case.state == "admitted"


def test_unknown_case_answers_404(client, liaison):
    response = enroll_through_api(client, liaison, type("Case", (), {"id": 999999}), 1)
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["admin", "staff", "participant", "researcher"])
def test_only_the_liaison_enrolls_through_the_api(client, liaison, role):
    case, cohort = admitted_case(liaison), make_cohort()
    response = post_as(
        client, make_user(role), f"/api/v1/referrals/{case.id}/enroll", {"cohort_id": cohort.id}
    )
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"
    assert db.session.scalars(select(Enrollment)).all() == []


def test_openapi_documents_the_enroll_endpoint(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    operation = paths["/api/v1/referrals/{case_id}/enroll"]["post"]
    assert {"201", "409", "422"} <= set(operation["responses"])
