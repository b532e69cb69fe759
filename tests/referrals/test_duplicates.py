"""Rule 6 through the app: only an earlier participation refuses; a duplicate is shown, closed."""

from datetime import date

import pytest

from johnschool.extensions import db
from johnschool.referrals.models import Case
from johnschool.referrals.services import record_admission, record_consent

from ..factories import make_token, make_user


@pytest.fixture
def liaison(app):
    """A court liaison reading English."""
    return make_user("liaison", language="en")


@pytest.fixture
def headers(liaison):
    """The liaison's API headers."""
    return {"Authorization": f"Bearer {make_token(liaison)}"}


def refer(client, headers, family_name, given_name, received_on="2026-11-01", priors=()):
    """Post a referral of a person born 1979-06-15 through the API; return its JSON."""
    body = {
        "client": {
            "family_name": family_name,
            "given_name": given_name,
            "birth_date": "1979-06-15",
            "language": "fr",
        },
        "referral": {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": "2026-10-01",
            "court_file": "505-01-123456-261",
            "involves_minor": False,
            "received_on": received_on,
        },
        "prior_convictions": [{"offence_code": code} for code in priors],
    }
    response = client.post("/api/v1/referrals", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def rule(body, name="first_participation"):
    """One rule of a decision in the API's JSON."""
    return next(r for r in body["decision"]["rules"] if r["rule"] == name)


def admit(case_id, liaison):
    """Take a case through consent and the prosecutor's admission."""
    case = db.session.get(Case, case_id)
    day = date(2026, 11, 2)
    record_consent(
        case, counsel_advised=True, accepts_responsibility=True, consented_on=day, by=liaison
    )
    record_admission(case, prosecutor="Me Gagnon", admitted_on=day, by=liaison)
    db.session.commit()


def test_screening_the_original_again_ignores_its_later_duplicate(client, headers):
    first = refer(client, headers, "Côté", "Jean-François")
    second = refer(client, headers, "cote", "jean francois")
    assert first["state"] == "eligible"
    assert second["state"] == "eligible" and rule(second)["result"] == "pass"
    again = client.post(f"/api/v1/referrals/{first['id']}/screen", headers=headers).get_json()
    assert again["state"] == "eligible"
    assert rule(again)["result"] == "pass" and str(second["id"]) not in rule(again)["reason"]


def test_the_case_json_shows_the_other_referral_as_a_possible_duplicate(client, headers):
    first = refer(client, headers, "Côté", "Jean-François")
    second = refer(client, headers, "cote", "jean francois")
    body = client.get(f"/api/v1/referrals/{second['id']}", headers=headers).get_json()
    assert [d["id"] for d in body["possible_duplicates"]] == [first["id"]]
    assert body["possible_duplicates"][0]["url"] == f"/api/v1/referrals/{first['id']}"
    assert body["duplicate_of"] is None


def test_an_earlier_refusal_is_no_participation(client, headers):
    refused = refer(client, headers, "Côté", "Jean-François", "2025-01-10", priors=["266"])
    assert refused["state"] == "ineligible"
    later = refer(client, headers, "Côté", "Jean-François")
    assert rule(later)["result"] == "pass" and rule(later, "no_violent_priors")["result"] == "pass"


def test_an_earlier_admitted_case_refuses_the_later_one_only(client, headers, liaison):
    first = refer(client, headers, "Côté", "Jean-François", "2025-01-10")
    admit(first["id"], liaison)
    later = refer(client, headers, "cote", "jean francois")
    assert later["state"] == "ineligible"
    assert f"case {first['id']}" in rule(later)["reason"]
    body = client.get(f"/api/v1/referrals/{later['id']}", headers=headers).get_json()
    assert body["possible_duplicates"] == []


def test_liaison_closes_a_duplicate_from_the_case_page(client, sign_in, liaison, headers):
    first = refer(client, headers, "Côté", "Jean-François")
    second = refer(client, headers, "cote", "jean francois")
    sign_in(liaison)
    page = client.get(f"/cases/{second['id']}").get_data(as_text=True)
    assert "Possible duplicates" in page and f"/cases/{second['id']}/close-duplicate" in page
    path = f"/cases/{second['id']}/close-duplicate"
    assert client.post(path, data={"original_id": first["id"]}).status_code == 422
    response = client.post(path, data={"original_id": first["id"], "confirm_duplicate": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    closed = db.session.get(Case, second["id"])
    assert closed.state == "returned" and closed.duplicate_of_id == first["id"]
    page = client.get(f"/cases/{first['id']}").get_data(as_text=True)
    assert "Possible duplicates" not in page and "closed as a duplicate" in page
    assert db.session.get(Case, first["id"]).state == "eligible"


def test_a_case_admitted_cannot_be_closed_as_a_duplicate(client, sign_in, liaison, headers):
    first = refer(client, headers, "Côté", "Jean-François")
    second = refer(client, headers, "cote", "jean francois")
    admit(second["id"], liaison)
    sign_in(liaison)
    path = f"/cases/{second['id']}/close-duplicate"
    response = client.post(path, data={"original_id": first["id"], "confirm_duplicate": "y"})
    assert response.status_code == 409
    assert db.session.get(Case, second["id"]).state == "admitted"


def test_a_case_of_another_person_is_no_duplicate_to_close_against(
    client, sign_in, liaison, headers
):
    first = refer(client, headers, "Côté", "Jean-François")
    other = refer(client, headers, "Tremblay", "Marc")
    sign_in(liaison)
    path = f"/cases/{first['id']}/close-duplicate"
    response = client.post(path, data={"original_id": other["id"], "confirm_duplicate": "y"})
    assert response.status_code == 422
    assert db.session.get(Case, first["id"]).state == "eligible"
