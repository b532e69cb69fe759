"""The sites pages: who lists, creates and edits which site."""

from decimal import Decimal

from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.sites.models import Site
from johnschool.sites.services import find_site

from ..factories import FIRST_SITE, make_site, make_user

EDIT = {
    "name_fr": "Québec",
    "name_en": "Quebec City",
    "time_zone": "America/Toronto",
    "default_fee": "250.00",
    "allows_cross_site_make_ups": "y",
}


def audit_actions(site):
    """The audit actions written about site."""
    query = select(AuditEntry.action).where(
        AuditEntry.object_type == "site", AuditEntry.object_id == site.id
    )
    return list(db.session.scalars(query))


def test_province_wide_admin_lists_every_site(client, sign_in):
    make_site("QC", "Québec")
    sign_in(make_user("admin"))
    page = client.get("/admin/sites").get_data(as_text=True)
    assert FIRST_SITE in page and "Québec" in page and "/admin/sites/new" in page


def test_site_admin_lists_only_their_own_site_and_cannot_create(client, sign_in):
    quebec = make_site("QC", "Québec")
    sign_in(make_user("admin", site=quebec))
    page = client.get("/admin/sites").get_data(as_text=True)
    assert "Québec" in page and f">{FIRST_SITE}<" not in page
    assert "/admin/sites/new" not in page
    assert client.get("/admin/sites/new").status_code == 403
    refused = client.post("/admin/sites/new", data={"code": "GAT", "name_fr": "Gatineau"})
    assert refused.status_code == 403 and find_site("GAT") is None


def test_province_wide_admin_creates_a_site_with_its_settings(client, sign_in):
    sign_in(make_user("admin"))
    response = client.post("/admin/sites/new", data={"code": "qc", **EDIT})
    assert response.status_code == 302
    site = find_site("QC")
    assert (site.name_fr, site.name_en, site.default_fee) == ("Québec", "Quebec City", 250)
    assert site.allows_cross_site_make_ups is True
    assert audit_actions(site) == ["site.created"]


def test_a_duplicate_code_or_unknown_zone_is_refused_with_the_form_again(client, sign_in):
    sign_in(make_user("admin"))
    duplicate = client.post("/admin/sites/new", data={"code": FIRST_SITE, "name_fr": "Autre"})
    assert duplicate.status_code == 422
    unknown = client.post(
        "/admin/sites/new", data={"code": "QC", "name_fr": "Q", "time_zone": "Mars/Olympus"}
    )
    assert unknown.status_code == 422 and find_site("QC") is None
    assert db.session.scalar(select(Site).where(Site.name_fr == "Autre")) is None


def test_site_admin_edits_their_site_and_empty_fee_means_the_program_default(client, sign_in):
    quebec = make_site("QC", "Québec")
    quebec.default_fee = Decimal("100.00")
    db.session.commit()
    sign_in(make_user("admin", site=quebec))
    response = client.post(
        f"/admin/sites/{quebec.id}/edit",
        data={**EDIT, "name_fr": "Ville de Québec", "default_fee": ""},
    )
    assert response.status_code == 302
    db.session.refresh(quebec)
    assert quebec.name_fr == "Ville de Québec" and quebec.default_fee is None
    assert quebec.time_zone == "America/Toronto" and quebec.allows_cross_site_make_ups is True
    assert "site.updated" in audit_actions(quebec)


def test_site_admin_gets_404_on_another_sites_edit_page(client, sign_in):
    quebec = make_site("QC", "Québec")
    montreal = find_site(FIRST_SITE)
    sign_in(make_user("admin", site=quebec))
    assert client.get(f"/admin/sites/{montreal.id}/edit").status_code == 404
    posted = client.post(f"/admin/sites/{montreal.id}/edit", data={**EDIT, "name_fr": "Pris"})
    assert posted.status_code == 404
    db.session.refresh(montreal)
    assert montreal.name_fr != "Pris"


def test_liaison_cannot_reach_the_sites_pages(client, sign_in):
    sign_in(make_user("liaison"))
    site = find_site(FIRST_SITE)
    assert client.get("/admin/sites").status_code == 403
    assert client.get(f"/admin/sites/{site.id}/edit").status_code == 403


def test_editing_without_the_form_token_is_refused(app, sign_in):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    sign_in(make_user("admin"), client)
    site = find_site(FIRST_SITE)
    response = client.post(f"/admin/sites/{site.id}/edit", data={**EDIT, "name_fr": "Sans jeton"})
    assert response.status_code in (400, 422)
    db.session.refresh(site)
    assert site.name_fr != "Sans jeton"
