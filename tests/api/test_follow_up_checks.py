"""The re-offending checks API: the due list, a case's checks, recording and correcting."""

from datetime import timedelta

import pytest

from johnschool.clock import program_today
from johnschool.research.follow_ups import add_months

from ..enrollment.builders import referred_case
from ..factories import make_user
from ..research.closed_cases import closed_case
from .calls import call, count_api_queries


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison", language="en")


def months_ago(months, days=10):
    """The program's date months and days ago."""
    return add_months(program_today(), -months) - timedelta(days=days)


def test_due_list_holds_the_case_whose_six_month_check_is_due(client, liaison):
    due = closed_case(liaison, months_ago(6))
    closed_case(liaison, months_ago(2))  # nothing due yet
    body = call(client, liaison, "GET", "/follow-up-checks/due").get_json()
    assert [item["case_id"] for item in body["items"]] == [due.id] and body["total"] == 1
    statuses = {c["months"]: c["status"] for c in body["items"][0]["checks"]}
    assert statuses == {6: "due", 12: "upcoming", 24: "upcoming"}


def test_a_recorded_check_leaves_the_due_list(client, liaison):
    case = closed_case(liaison, months_ago(7))
    body = {"months": 6, "has_new_charge": False}
    response = call(client, liaison, "POST", f"/referrals/{case.id}/follow-up-checks", body)
    assert response.status_code == 201
    six = response.get_json()["checks"][0]
    assert six["status"] == "done" and six["checked_on"] == program_today().isoformat()
    assert call(client, liaison, "GET", "/follow-up-checks/due").get_json()["items"] == []


def test_a_check_is_corrected_by_recording_it_again(client, admin, liaison):
    case = closed_case(liaison, months_ago(7))
    path = f"/referrals/{case.id}/follow-up-checks"
    call(client, liaison, "POST", path, {"months": 6, "has_new_charge": False})
    corrected = {"months": 6, "has_new_charge": True, "offence_category": "violent"}
    assert call(client, admin, "POST", path, corrected).status_code == 201
    six = call(client, admin, "GET", path).get_json()["checks"][0]
    assert (six["has_new_charge"], six["offence_category"]) == (True, "violent")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"months": 7, "has_new_charge": False}, "months"),
        ({"months": 6, "has_new_charge": "no"}, "has_new_charge"),
        ({"months": 6, "has_new_charge": True}, "offence_category"),
        ({"months": 6, "has_new_charge": False, "offence_category": "sexual"}, "offence_category"),
        ({"months": 12, "has_new_charge": False}, "checked_on"),  # not due before 12 months
        ({"months": 6, "has_new_charge": False, "checked_on": "soon"}, "checked_on"),
    ],
)
def test_a_bad_check_answers_422_on_its_field(client, liaison, body, field):
    case = closed_case(liaison, months_ago(7))
    response = call(client, liaison, "POST", f"/referrals/{case.id}/follow-up-checks", body)
    assert response.status_code == 422 and field in response.get_json()["fields"]


def test_an_open_case_has_no_check_yet(client, liaison):
    case = referred_case(liaison)
    path = f"/referrals/{case.id}/follow-up-checks"
    assert call(client, liaison, "GET", path).get_json()["checks"] == []
    body = {"months": 6, "has_new_charge": False}
    assert call(client, liaison, "POST", path, body).status_code == 409


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
def test_only_liaison_and_admin_reach_the_checks(client, liaison, role):
    case = closed_case(liaison, months_ago(7))
    user = make_user(role)
    assert call(client, user, "GET", "/follow-up-checks/due").status_code == 403
    assert call(client, user, "GET", f"/referrals/{case.id}/follow-up-checks").status_code == 403


def test_unknown_case_answers_404(client, liaison):
    assert call(client, liaison, "GET", "/referrals/999999/follow-up-checks").status_code == 404


def test_the_due_list_takes_as_many_queries_whatever_its_length(client, liaison):
    closed_case(liaison, months_ago(6))
    few = count_api_queries(client, liaison, "/follow-up-checks/due")
    for _ in range(4):
        closed_case(liaison, months_ago(6))
    assert call(client, liaison, "GET", "/follow-up-checks/due").get_json()["total"] == 5
    assert count_api_queries(client, liaison, "/follow-up-checks/due") == few
