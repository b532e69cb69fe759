"""Cases scoped by site in the API: another site's case is 404, absent from lists and totals."""

from datetime import date

import pytest
from sqlalchemy import select

from johnschool.enrollment.services import enroll
from johnschool.extensions import db
from johnschool.referrals.duplicates import close_as_duplicate
from johnschool.referrals.models import Case

from ..enrollment.builders import admitted_case, make_cohort
from ..factories import make_user
from ..referrals.site_cases import admit, site_case, two_sites
from .calls import call


@pytest.fixture
def sites(app):
    """Two sites, MTL and QC, with their people."""
    return two_sites()


BORN = date(1980, 4, 2)


def referral_body(**extra):
    """A referral body of the API."""
    return {
        "client": {
            "family_name": "Tremblay",
            "given_name": "Luc",
            "birth_date": "1980-04-02",
            "language": "fr",
        },
        "referral": {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": "2026-10-01",
            "court_file": "505-01-123456-261",
            "involves_minor": False,
        },
        "prior_convictions": [],
        **extra,
    }


CASE_CALLS = (
    ("GET", ""),
    ("POST", "/screen"),
    ("POST", "/consent"),
    ("POST", "/admit"),
    ("POST", "/payments"),
    ("POST", "/return"),
    ("GET", "/letters/screening.pdf"),
    ("GET", "/letters/outcome.pdf"),
)


def test_qc_liaison_gets_404_on_every_call_about_an_mtl_case(client, sites):
    case = admit(site_case(sites.mtl_liaison), sites.mtl_liaison)
    for method, path in CASE_CALLS:
        response = call(client, sites.qc_liaison, method, f"/referrals/{case.id}{path}", {})
        assert response.status_code == 404, path
    assert db.session.get(Case, case.id).state == "admitted"


def test_qc_site_admin_gets_404_on_mtl_fee_and_override(client, sites):
    case = admit(site_case(sites.mtl_liaison), sites.mtl_liaison)
    body = {"waived": True, "reason": "Hardship."}
    assert (
        call(client, sites.qc_admin, "POST", f"/referrals/{case.id}/fee", body).status_code == 404
    )
    body = {"outcome": "eligible", "reason": "Seen."}
    path = f"/referrals/{case.id}/override"
    assert call(client, sites.qc_admin, "POST", path, body).status_code == 404
    assert not db.session.get(Case, case.id).fee.is_waived


def test_list_search_and_total_keep_the_users_site(client, sites):
    mtl = site_case(sites.mtl_liaison, family_name="Tremblay")
    qc = site_case(sites.qc_liaison, family_name="Tremblay")
    for query in ("", "?q=tremblay", f"?q={mtl.court_file}", "?state=eligible"):
        body = call(client, sites.qc_liaison, "GET", f"/referrals{query}").get_json()
        assert mtl.id not in [item["id"] for item in body["items"]], query
    body = call(client, sites.qc_liaison, "GET", "/referrals?q=tremblay").get_json()
    assert [item["id"] for item in body["items"]] == [qc.id] and body["total"] == 1
    body = call(client, sites.qc_admin, "GET", "/referrals").get_json()
    assert [item["id"] for item in body["items"]] == [qc.id] and body["total"] == 1
    body = call(client, sites.province_admin, "GET", "/referrals").get_json()
    assert {item["id"] for item in body["items"]} == {mtl.id, qc.id} and body["total"] == 2
    for case in (mtl, qc):
        path = f"/referrals/{case.id}"
        assert call(client, sites.province_admin, "GET", path).status_code == 200


def test_possible_duplicates_stop_at_the_users_sites(client, sites):
    mtl = site_case(sites.mtl_liaison, family_name="Côté")
    qc = site_case(sites.qc_liaison, family_name="cote")
    body = call(client, sites.qc_liaison, "GET", f"/referrals/{qc.id}").get_json()
    assert body["possible_duplicates"] == []
    body = call(client, sites.province_admin, "GET", f"/referrals/{qc.id}").get_json()
    assert [other["id"] for other in body["possible_duplicates"]] == [mtl.id]


def test_the_api_refuses_in_qc_a_person_who_took_part_in_mtl_without_naming_the_case(client, sites):
    earlier = admit(
        site_case(sites.mtl_liaison, family_name="Tremblay", given_name="Luc", birth_date=BORN),
        sites.mtl_liaison,
    )
    response = call(client, sites.qc_liaison, "POST", "/referrals", referral_body())
    body = response.get_json()
    rule = next(r for r in body["decision"]["rules"] if r["rule"] == "first_participation")
    assert body["state"] == "ineligible" and rule["result"] == "fail"
    assert "at another site" in rule["reason"] and f"case {earlier.id}" not in rule["reason"]


def test_qc_liaison_creates_at_her_site_whatever_site_the_body_names(client, sites):
    response = call(client, sites.qc_liaison, "POST", "/referrals", referral_body(site="MTL"))
    assert response.status_code == 201
    assert db.session.get(Case, response.get_json()["id"]).site_id == sites.qc.id


def test_site_admin_creates_at_her_site(client, sites):
    response = call(client, sites.qc_admin, "POST", "/referrals", referral_body())
    assert response.status_code == 201
    assert db.session.get(Case, response.get_json()["id"]).site_id == sites.qc.id


@pytest.mark.parametrize("extra", [{}, {"site": "NOPE"}, {"site": 3}])
def test_province_wide_admin_must_name_a_known_site(client, sites, extra):
    response = call(client, sites.province_admin, "POST", "/referrals", referral_body(**extra))
    assert response.status_code == 422
    body = response.get_json()
    assert "site" in body["fields"] and "site" in body["message"]
    assert db.session.scalars(select(Case)).all() == []


def test_province_wide_admin_creates_at_the_named_site(client, sites):
    response = call(client, sites.province_admin, "POST", "/referrals", referral_body(site="qc"))
    assert response.status_code == 201
    assert db.session.get(Case, response.get_json()["id"]).site_id == sites.qc.id


def test_withdrawing_another_sites_enrollment_is_404(client, app):
    mtl_liaison = make_user("liaison", language="en")
    enrollment = enroll(admitted_case(mtl_liaison), make_cohort(), by=mtl_liaison)
    db.session.commit()
    sites = two_sites()
    path = f"/enrollments/{enrollment.id}/withdraw"
    response = call(client, sites.qc_liaison, "POST", path, {"reason": "Moved away."})
    assert response.status_code == 404
    assert db.session.get(type(enrollment), enrollment.id).status == "enrolled"


def test_the_api_says_a_duplicate_is_of_another_sites_case_without_its_id(client, sites):
    mtl = site_case(sites.mtl_liaison, family_name="Côté")
    qc = site_case(sites.qc_liaison, family_name="cote")
    close_as_duplicate(qc, mtl.id, by=sites.province_admin)
    db.session.commit()
    response = call(client, sites.qc_liaison, "GET", f"/referrals/{qc.id}")
    body = response.get_json()
    assert (body["duplicate_of"], body["duplicate_of_another_site"]) == (None, True)
    assert mtl.court_file not in response.get_data(as_text=True)
    assert f"/referrals/{mtl.id}" not in response.get_data(as_text=True)
    body = call(client, sites.province_admin, "GET", f"/referrals/{qc.id}").get_json()
    assert (body["duplicate_of"], body["duplicate_of_another_site"]) == (mtl.id, False)


def test_the_api_gives_the_id_of_a_duplicate_of_the_same_site(client, sites):
    first = site_case(sites.qc_liaison, family_name="Côté")
    second = site_case(sites.qc_liaison, family_name="cote")
    close_as_duplicate(second, first.id, by=sites.qc_liaison)
    db.session.commit()
    body = call(client, sites.qc_liaison, "GET", f"/referrals/{second.id}").get_json()
    assert (body["duplicate_of"], body["duplicate_of_another_site"]) == (first.id, False)
    body = call(client, sites.qc_liaison, "GET", f"/referrals/{first.id}").get_json()
    assert (body["duplicate_of"], body["duplicate_of_another_site"]) == (None, False)
