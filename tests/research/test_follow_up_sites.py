"""Re-offending checks keep to their case's site: 404 elsewhere, and lists counted per site."""

import pytest
from sqlalchemy import func, select

from johnschool.clock import program_today
from johnschool.coordination.dashboard import coordinator_dashboard
from johnschool.extensions import db
from johnschool.research.follow_ups import add_months
from johnschool.research.models import ReoffendingCheck

from ..factories import make_token, make_user
from ..referrals.site_cases import two_sites
from .closed_cases import closed_case


@pytest.fixture
def sites(app):
    return two_sites()


@pytest.fixture
def closed(sites):
    """Cases closed six months ago, a check due: two at MTL, three at QC."""
    day = add_months(program_today(), -6)
    return {
        "mtl": [closed_case(sites.mtl_liaison, day, family_name=f"Mtlcase{n}") for n in range(2)],
        "qc": [closed_case(sites.qc_liaison, day, family_name=f"Qccase{n}") for n in range(3)],
    }


def api(client, user, method, path, json=None):
    """Call /api/v1 as user with a fresh token."""
    headers = {"Authorization": f"Bearer {make_token(user)}"}
    return client.open(f"/api/v1{path}", method=method, json=json, headers=headers)


def check_body():
    return {"months": 6, "checked_on": program_today().isoformat(), "has_new_charge": False}


def check_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ReoffendingCheck))


@pytest.mark.parametrize("who", ["liaison", "admin"])
def test_an_mtl_user_gets_404_on_the_checks_of_a_qc_case(client, sign_in, sites, closed, who):
    user = sites.mtl_liaison if who == "liaison" else make_user("admin", site=sites.mtl)
    qc_case = closed["qc"][0]
    sign_in(user)
    form = {"months": "6", "checked_on": program_today().isoformat(), "has_new_charge": "n"}
    assert client.post(f"/cases/{qc_case.id}/follow-ups/checks", data=form).status_code == 404
    path = f"/referrals/{qc_case.id}/follow-up-checks"
    assert api(client, user, "GET", path).status_code == 404
    assert api(client, user, "POST", path, check_body()).status_code == 404
    assert check_count() == 0


@pytest.mark.parametrize("who", ["qc_liaison", "qc_admin", "province_admin"])
def test_qc_users_and_a_province_wide_admin_record_the_check_of_a_qc_case(
    client, sites, closed, who
):
    qc_case = closed["qc"][0]
    path = f"/referrals/{qc_case.id}/follow-up-checks"
    response = api(client, getattr(sites, who), "POST", path, check_body())
    assert response.status_code == 201
    assert [c["status"] for c in response.get_json()["checks"]] == ["done", "upcoming", "upcoming"]
    assert db.session.scalars(select(ReoffendingCheck.case_id)).all() == [qc_case.id]
    body = api(client, getattr(sites, who), "GET", path).get_json()
    assert body["case_id"] == qc_case.id and body["checks"][0]["status"] == "done"


def test_the_due_list_of_each_site_holds_its_own_cases(client, sign_in, sites, closed):
    sign_in(sites.mtl_liaison)
    page = client.get("/follow-ups/due").get_data(as_text=True)
    assert all(f"/cases/{case.id}#" in page for case in closed["mtl"])
    assert "Qccase" not in page and not any(f"/cases/{c.id}#" in page for c in closed["qc"])
    sign_in(sites.qc_liaison)
    page = client.get("/follow-ups/due").get_data(as_text=True)
    assert all(f"/cases/{case.id}#" in page for case in closed["qc"]) and "Mtlcase" not in page


@pytest.mark.parametrize(
    ("who", "expected"),
    [("mtl_liaison", "mtl"), ("qc_liaison", "qc"), ("qc_admin", "qc"), ("province_admin", None)],
)
def test_the_due_api_lists_and_counts_the_users_sites_cases(client, sites, closed, who, expected):
    body = api(client, getattr(sites, who), "GET", "/follow-up-checks/due").get_json()
    cases = closed[expected] if expected else closed["mtl"] + closed["qc"]
    assert {item["case_id"] for item in body["items"]} == {case.id for case in cases}
    assert body["total"] == len(cases)


def test_a_check_recorded_at_qc_leaves_mtl_s_due_list_as_it_was(client, sites, closed):
    before = api(client, sites.mtl_liaison, "GET", "/follow-up-checks/due").get_json()
    for case in closed["qc"]:
        path = f"/referrals/{case.id}/follow-up-checks"
        assert api(client, sites.qc_liaison, "POST", path, check_body()).status_code == 201
    assert api(client, sites.qc_liaison, "GET", "/follow-up-checks/due").get_json()["total"] == 0
    after = api(client, sites.mtl_liaison, "GET", "/follow-up-checks/due").get_json()
    assert after["total"] == before["total"] == 2


def test_the_dashboard_counts_the_follow_ups_due_per_site(sites, closed):
    today = program_today()
    assert coordinator_dashboard(today, sites.qc_admin).follow_ups.total == 3
    assert coordinator_dashboard(today, sites.mtl_liaison).follow_ups.total == 2
    assert coordinator_dashboard(today, sites.province_admin).follow_ups.total == 5
