"""The referrals API: intake with screening, list, case, screening again, consent, admission."""

import re

import pytest
from sqlalchemy import func, select

from johnschool.extensions import db
from johnschool.referrals.models import Case

from ..factories import make_token, make_user


def body(**changes):
    """A referral body as DESIGN.md gives it; changes replace parts."""
    data = {
        "client": {
            "family_name": "Nguyễn",
            "given_name": "Łukasz",
            "birth_date": "1980-04-02",
            "language": "fr",
            "email": "l@example.org",
            "phone": "450-555-0101",
            "postal_code": "j4k1a1",
        },
        "referral": {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": "2026-10-01",
            "court_file": "505-01-000001-261",
            "involves_minor": False,
        },
        "prior_convictions": [],
    }
    for part, value in changes.items():
        data[part] = {**data[part], **value} if isinstance(value, dict) else value
    return data


@pytest.fixture
def liaison_api(client):
    """Send requests as a court liaison with a bearer token."""
    headers = {"Authorization": f"Bearer {make_token(make_user('liaison', language='en'))}"}

    def send(method, path, json=None):
        return client.open(f"/api/v1{path}", method=method, json=json, headers=headers)

    return send


def case_count():
    """How many cases exist."""
    return db.session.scalar(select(func.count()).select_from(Case))


def test_clean_referral_is_created_and_screened_eligible(liaison_api):
    response = liaison_api("POST", "/referrals", body())
    assert response.status_code == 201
    data = response.get_json()
    assert data["state"] == "eligible" and data["decision"]["outcome"] == "eligible"
    assert len(data["decision"]["rules"]) == 8
    case = db.session.get(Case, data["id"])
    assert case.client.postal_code == "J4K 1A1" and case.client.family_name == "Nguyễn"


def test_assault_conviction_is_ineligible_with_the_reason(liaison_api):
    response = liaison_api(
        "POST",
        "/referrals",
        body(prior_convictions=[{"offence_code": "266", "conviction_date": "2015-03-01"}]),
    )
    data = response.get_json()
    assert data["state"] == "ineligible"
    rule = next(r for r in data["decision"]["rules"] if r["rule"] == "no_violent_priors")
    assert rule["result"] == "fail" and "266" in rule["reason"] and "Assault" in rule["reason"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"client": {"family_name": ""}}, "client.family_name"),
        ({"client": {"birth_date": "02/04/1980"}}, "client.birth_date"),
        ({"client": {"birth_date": "2999-01-01"}}, "client.birth_date"),
        ({"client": {"postal_code": "12345"}}, "client.postal_code"),
        ({"client": {"email": "not an email"}}, "client.email"),
        ({"client": {"language": "de"}}, "client.language"),
        ({"referral": {"source": "neighbour"}}, "referral.source"),
        ({"referral": {"offence_date": "1970-01-01"}}, "referral.offence_date"),
        ({"referral": {"court_file": None}}, "referral.court_file"),
        ({"referral": {"involves_minor": "no"}}, "referral.involves_minor"),
        (
            {"prior_convictions": [{"conviction_date": "2015-03-01"}]},
            "prior_convictions.0.offence_code",
        ),
    ],
)
def test_each_invalid_field_is_named_and_nothing_is_saved(liaison_api, changes, field):
    response = liaison_api("POST", "/referrals", body(**changes))
    assert response.status_code == 422
    assert field in response.get_json()["fields"]
    assert case_count() == 0


def test_a_body_that_is_not_json_names_the_required_fields(liaison_api):
    response = liaison_api("POST", "/referrals", None)
    assert response.status_code == 422
    assert {"client.family_name", "referral.court_file"} <= set(response.get_json()["fields"])


def test_list_searches_by_name_in_any_spelling_and_by_court_file(liaison_api):
    liaison_api("POST", "/referrals", body())
    liaison_api(
        "POST",
        "/referrals",
        body(
            client={"family_name": "Tremblay", "given_name": "Marc"},
            referral={"court_file": "505-01-000002-261"},
        ),
    )
    by_name = liaison_api("GET", "/referrals?q=lukasz NGUYEN").get_json()
    assert [item["family_name"] for item in by_name["items"]] == ["Nguyễn"]
    by_file = liaison_api("GET", "/referrals?q=000002").get_json()
    assert by_file["total"] == 1 and by_file["items"][0]["given_name"] == "Marc"
    eligible = liaison_api("GET", "/referrals?state=eligible").get_json()
    assert eligible["total"] == 2


def test_consent_then_admission_moves_the_case_to_admitted(liaison_api):
    case_id = liaison_api("POST", "/referrals", body()).get_json()["id"]
    consent = liaison_api(
        "POST",
        f"/referrals/{case_id}/consent",
        {"consent": True, "counsel_advised": True, "accepts_responsibility": True},
    )
    assert consent.get_json()["state"] == "consented"
    admit = liaison_api(
        "POST",
        f"/referrals/{case_id}/admit",
        {"prosecutor": "Me Gagnon", "admitted_on": "2026-11-02"},
    )
    assert admit.status_code == 200 and admit.get_json()["state"] == "admitted"


def test_admission_before_consent_is_a_conflict(liaison_api):
    case_id = liaison_api("POST", "/referrals", body()).get_json()["id"]
    response = liaison_api(
        "POST",
        f"/referrals/{case_id}/admit",
        {"prosecutor": "Me Gagnon", "admitted_on": "2026-11-02"},
    )
    assert response.status_code == 409 and response.get_json()["error"] == "conflict"
    assert db.session.get(Case, case_id).state == "eligible"


def test_incomplete_consent_is_refused_naming_what_is_missing(liaison_api):
    case_id = liaison_api("POST", "/referrals", body()).get_json()["id"]
    response = liaison_api(
        "POST", f"/referrals/{case_id}/consent", {"consent": True, "counsel_advised": False}
    )
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"counsel_advised", "accepts_responsibility"}


def test_consent_of_an_ineligible_case_is_a_conflict(liaison_api):
    case_id = liaison_api(
        "POST", "/referrals", body(prior_convictions=[{"offence_code": "271"}])
    ).get_json()["id"]
    response = liaison_api(
        "POST",
        f"/referrals/{case_id}/consent",
        {"consent": True, "counsel_advised": True, "accepts_responsibility": True},
    )
    assert response.status_code == 409


def test_screening_again_is_recorded(liaison_api):
    case_id = liaison_api("POST", "/referrals", body()).get_json()["id"]
    response = liaison_api("POST", f"/referrals/{case_id}/screen")
    assert response.status_code == 200
    assert len(db.session.get(Case, case_id).decisions) == 2


def test_unknown_case_is_404(liaison_api):
    assert liaison_api("GET", "/referrals/999999").status_code == 404


@pytest.mark.parametrize("role", ["researcher", "participant", "staff"])
def test_other_roles_get_403_on_every_referral_endpoint(client, role, liaison_api):
    case_id = liaison_api("POST", "/referrals", body()).get_json()["id"]
    headers = {"Authorization": f"Bearer {make_token(make_user(role))}"}
    for method, path in [
        ("POST", "/referrals"),
        ("GET", "/referrals"),
        ("GET", f"/referrals/{case_id}"),
        ("POST", f"/referrals/{case_id}/screen"),
        ("POST", f"/referrals/{case_id}/consent"),
        ("POST", f"/referrals/{case_id}/admit"),
    ]:
        assert (
            client.open(f"/api/v1{path}", method=method, json=body(), headers=headers).status_code
            == 403
        ), (method, path)


def test_openapi_document_lists_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi":
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            assert path in document["paths"], path
