"""Cohorts, sessions and professionals keep to their site; new ones go to the right site."""

import pytest
from sqlalchemy import select

from johnschool.curriculum.errors import CurriculumError
from johnschool.curriculum.models import Cohort, Professional, Session
from johnschool.curriculum.rotation_services import propose_rotation
from johnschool.curriculum.services import create_cohort
from johnschool.extensions import db

from ..attendance.sites_world import two_sites
from ..factories import make_token
from .builders import make_professional
from .helpers import draft


@pytest.fixture
def world(app):
    mtl, qc, province_admin = two_sites()
    return {"mtl": mtl, "qc": qc, "province_admin": province_admin}


def bearer(user):
    return {"Authorization": f"Bearer {make_token(user)}"}


def qc_urls(qc):
    cohort, session, professional = qc.cohort.id, qc.session.id, qc.professional.id
    return {
        "liaison": [f"/cohorts/{cohort}", f"/cohorts/{cohort}/enrollments"],
        "staff": [f"/cohorts/{cohort}"],
        "admin": [
            f"/cohorts/{cohort}",
            f"/admin/cohorts/{cohort}/cancel",
            f"/admin/cohorts/{cohort}/rotation",
            f"/admin/sessions/{session}/edit",
            f"/admin/sessions/{session}/cancel",
            f"/admin/sessions/{session}/assign",
            f"/admin/professionals/{professional}",
            f"/admin/professionals/{professional}/deactivate",
        ],
    }


@pytest.mark.parametrize("who", ["liaison", "staff", "admin"])
def test_another_sites_cohort_session_and_professional_pages_are_404(client, sign_in, world, who):
    sign_in(getattr(world["mtl"], who))
    for url in qc_urls(world["qc"])[who]:
        assert client.get(url).status_code == 404, url


def test_posts_to_another_sites_rows_are_404_and_change_nothing(client, sign_in, world):
    qc = world["qc"]
    sign_in(world["mtl"].admin)
    posts = [
        f"/admin/cohorts/{qc.cohort.id}/cancel",
        f"/admin/sessions/{qc.session.id}/cancel",
        f"/admin/professionals/{qc.professional.id}/reactivate",
        f"/admin/professionals/{qc.professional.id}/deactivate",
        f"/admin/cohorts/{qc.cohort.id}/rotation/propose",
    ]
    for url in posts:
        assert client.post(url, data={"confirm": "y"}).status_code == 404, url
    db.session.expire_all()
    assert db.session.get(Cohort, qc.cohort.id).status == "planned"
    assert db.session.get(Session, qc.session.id).is_cancelled is False
    assert db.session.get(Professional, qc.professional.id).is_active is True


def test_province_wide_admin_opens_every_sites_pages(client, sign_in, world):
    sign_in(world["province_admin"])
    for url in qc_urls(world["qc"])["admin"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["liaison", "staff", "admin"])
def test_lists_show_only_the_users_sites_cohorts(client, sign_in, world, who):
    mtl, qc = world["mtl"], world["qc"]
    sign_in(getattr(mtl, who))
    page = client.get("/cohorts").get_data(as_text=True)
    assert f'/cohorts/{mtl.cohort.id}"' in page
    assert f'/cohorts/{qc.cohort.id}"' not in page
    body = client.get("/api/v1/cohorts", headers=bearer(getattr(mtl, who))).get_json()
    assert {item["id"] for item in body["items"]} == {mtl.cohort.id}
    assert body["total"] == 1


def test_api_cohort_of_another_site_is_404_and_province_admin_sees_all(client, world):
    qc = world["qc"]
    for user in (world["mtl"].liaison, world["mtl"].staff, world["mtl"].admin):
        response = client.get(f"/api/v1/cohorts/{qc.cohort.id}", headers=bearer(user))
        assert response.status_code == 404
    body = client.get("/api/v1/cohorts", headers=bearer(world["province_admin"])).get_json()
    assert body["total"] == 2
    response = client.get(
        f"/api/v1/cohorts/{qc.cohort.id}/rotation", headers=bearer(world["mtl"].admin)
    )
    assert response.status_code == 404


def test_professional_list_of_a_site_admin_shows_their_site_only(client, sign_in, world):
    sign_in(world["mtl"].admin)
    page = client.get("/admin/professionals").get_data(as_text=True)
    assert world["mtl"].professional.name in page
    assert world["qc"].professional.name not in page


def test_a_site_admins_new_cohort_and_its_sessions_go_to_their_site(world, curriculum, today):
    qc = world["qc"]
    cohort = create_cohort(draft(code="QC-1"), by=qc.admin)
    db.session.commit()
    assert cohort.site_id == qc.site.id
    sites = set(db.session.scalars(select(Session.site_id).where(Session.cohort_id == cohort.id)))
    assert sites == {qc.site.id}


def test_a_province_wide_admin_must_choose_the_site(world, curriculum, today):
    admin = world["province_admin"]
    with pytest.raises(CurriculumError) as refused:
        create_cohort(draft(code="P-1"), by=admin)
    assert "site_id" in refused.value.fields
    db.session.rollback()
    cohort = create_cohort(draft(code="P-2", site_id=world["qc"].site.id), by=admin)
    assert cohort.site_id == world["qc"].site.id


def test_cohort_form_asks_the_site_only_of_a_province_wide_admin(
    client, sign_in, world, curriculum
):
    sign_in(world["province_admin"])
    assert 'name="site_id"' in client.get("/admin/cohorts/new").get_data(as_text=True)
    page = client.get("/admin/professionals/new").get_data(as_text=True)
    assert 'name="site_id"' in page
    sign_in(world["mtl"].admin)
    assert 'name="site_id"' not in client.get("/admin/cohorts/new").get_data(as_text=True)


def test_new_professional_page_files_them_in_the_chosen_site(client, sign_in, world):
    sign_in(world["province_admin"])
    data = {"name": "Dre Nadeau", "disciplines": ["health"]}
    assert client.post("/admin/professionals/new", data=data).status_code == 422
    data["site_id"] = str(world["qc"].site.id)
    assert client.post("/admin/professionals/new", data=data).status_code == 302
    professional = db.session.scalar(select(Professional).filter_by(name="Dre Nadeau"))
    assert professional.site_id == world["qc"].site.id


def test_api_cohort_creation_needs_a_known_site_from_a_province_wide_admin(
    client, world, curriculum
):
    body = {
        "code": "API-1",
        "language": "fr",
        "capacity": 12,
        "place": "Salle 3",
        "starts_on": "2031-01-15",
        "format": "one_day",
    }
    headers = bearer(world["province_admin"])
    for site in (None, "ZZZ"):
        response = client.post("/api/v1/cohorts", json=body | {"site": site}, headers=headers)
        assert response.status_code == 422
        assert "site" in response.get_json()["fields"]
    response = client.post("/api/v1/cohorts", json=body | {"site": "QC"}, headers=headers)
    assert response.status_code == 201
    assert db.session.get(Cohort, response.get_json()["id"]).site_id == world["qc"].site.id


def test_rotation_proposes_only_professionals_of_the_cohorts_site(world, curriculum, today):
    qc = world["qc"]
    disciplines = ("law", "police", "health", "sexology", "survivor", "community")
    make_professional(*disciplines, name="Montreal", site_id=world["mtl"].site.id)
    own = make_professional(*disciplines, name="Quebec", site_id=qc.site.id)
    db.session.commit()
    cohort = create_cohort(draft(code="QC-R"), by=qc.admin)
    chosen = {p.main.professional_id for p in propose_rotation(cohort)} - {None}
    assert chosen == {own.id}
