"""The coordinator's pages: the offence catalogue and the program settings."""

from decimal import Decimal

import pytest

from johnschool.extensions import db
from johnschool.referrals.settings import current_catalogue, program_settings, save_offence

from ..factories import make_user

PAGES = ["/admin/catalogue", "/admin/catalogue/edit", "/admin/settings"]
POSTS = ["/admin/catalogue/edit", "/admin/catalogue/remove", "/admin/settings"]
OTHER_ROLES = ["liaison", "staff", "participant", "researcher"]


@pytest.fixture
def coordinator(app):
    """A program coordinator reading English."""
    return make_user("admin", language="en")


@pytest.fixture
def signed_in(coordinator, sign_in):
    """A test client with the coordinator signed in."""
    return sign_in(coordinator)


def offence_form(**changes):
    """A filled offence form."""
    data = {"code": "999.9", "title_fr": "Infraction inventée", "title_en": "Made-up offence"}
    return {**data, **changes}


def settings_form(**changes):
    """A filled settings form."""
    data = {
        "deadline_days": "90",
        "default_fee": "250.00",
        "accepted_charges": "286.1(1)",
        "late_tolerance_minutes": "15",
        "retention_years": "5",
    }
    return {**data, **changes}


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, app, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", POSTS)
def test_anonymous_posts_are_sent_to_sign_in(client, app, url):
    response = client.post(url, data={})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_are_refused(app, sign_in, role):
    client = sign_in(make_user(role))
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    for url in POSTS:
        assert client.post(url, data=offence_form(**settings_form())).status_code == 403, url
    assert "999.9" not in current_catalogue()
    assert program_settings().version == 1


def test_nav_links_the_catalogue_for_the_coordinator_only(app, sign_in, coordinator):
    assert "/admin/catalogue" in sign_in(coordinator).get("/").get_data(as_text=True)
    liaison = sign_in(make_user("liaison"))
    assert "/admin/catalogue" not in liaison.get("/").get_data(as_text=True)


def test_catalogue_lists_the_offences_in_force(signed_in):
    response = signed_in.get("/admin/catalogue")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Offence catalogue" in page
    assert "Carrying concealed weapon" in page
    assert "Page 1 of" in page
    assert "version 1" in page


def test_catalogue_is_paginated(signed_in):
    first = signed_in.get("/admin/catalogue").get_data(as_text=True)
    second = signed_in.get("/admin/catalogue?page=2").get_data(as_text=True)
    assert "Carrying concealed weapon" in first and "Carrying concealed weapon" not in second
    assert signed_in.get("/admin/catalogue?page=99").status_code == 200
    assert signed_in.get("/admin/catalogue?page=x").status_code == 200


def test_catalogue_search_by_section_or_title(signed_in):
    page = signed_in.get("/admin/catalogue?q=art.+266").get_data(as_text=True)
    assert "Assault" in page and "Carrying concealed weapon" not in page
    page = signed_in.get("/admin/catalogue?q=concealed").get_data(as_text=True)
    assert "Carrying concealed weapon" in page and "Assault" not in page
    page = signed_in.get("/admin/catalogue?q=nothing+like+this").get_data(as_text=True)
    assert "No offence matches this search." in page


def test_catalogue_shows_where_a_row_comes_from(signed_in, coordinator):
    save_offence("999.9", "Inventée", "Made-up offence", ["violent"], by=coordinator)
    save_offence("90", "Port", "Carrying, edited", [], by=coordinator)
    db.session.commit()
    page = signed_in.get("/admin/catalogue?q=9").get_data(as_text=True)
    assert "added" in page and "edited" in page and "as shipped" in page


def test_edit_form_is_filled_from_the_catalogue(signed_in):
    response = signed_in.get("/admin/catalogue/edit?code=271")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Sexual assault"' in page
    assert 'checked id="violent"' in page and 'checked id="sexual"' in page
    assert 'checked id="exploitation"' not in page
    assert "Remove from the catalogue" in page


def test_coordinator_adds_an_offence(signed_in):
    response = signed_in.post("/admin/catalogue/edit", data=offence_form(violent="y"))
    assert response.status_code == 302
    assert "/admin/catalogue?q=999.9" in response.headers["Location"]
    offence = current_catalogue()["999.9"]
    assert offence.title_en == "Made-up offence"
    assert {category.value for category in offence.categories} == {"violent"}
    assert program_settings().version == 2
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Section 999.9 was saved in the catalogue." in page


def test_coordinator_edits_a_shipped_offence(signed_in):
    data = offence_form(code="90", title_en="Concealed weapon", sexual="y")
    response = signed_in.post("/admin/catalogue/edit?code=90", data=data)
    assert response.status_code == 302
    assert current_catalogue()["90"].title_en == "Concealed weapon"


def test_empty_offence_form_is_refused_with_errors_on_the_fields(signed_in):
    response = signed_in.post("/admin/catalogue/edit", data={})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please correct the fields marked below." in page
    assert page.count('class="field has-error"') == 3
    assert program_settings().version == 1


def test_invalid_offence_keeps_the_typed_values(signed_in):
    response = signed_in.post("/admin/catalogue/edit", data=offence_form(title_en="x" * 201))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Infraction inventée"' in page
    assert "999.9" not in current_catalogue()


def test_coordinator_removes_an_offence_after_confirmation(signed_in):
    response = signed_in.post("/admin/catalogue/remove", data={"code": "90", "confirm": "y"})
    assert response.status_code == 302
    assert "90" not in current_catalogue()
    assert program_settings().version == 2


def test_removal_without_confirmation_is_refused(signed_in):
    response = signed_in.post("/admin/catalogue/remove", data={"code": "90"})
    assert response.status_code == 422
    assert "Remove section 90?" in response.get_data(as_text=True)
    assert "90" in current_catalogue()


def test_empty_removal_form_is_refused(signed_in):
    assert signed_in.post("/admin/catalogue/remove", data={}).status_code == 422
    assert program_settings().version == 1


def test_removal_of_an_accepted_charge_is_refused(signed_in):
    data = {"code": "286.1(1)", "confirm": "y"}
    response = signed_in.post("/admin/catalogue/remove", data=data)
    assert response.status_code == 422
    assert "take it out of the settings first" in response.get_data(as_text=True)
    assert "286.1(1)" in current_catalogue()


def test_settings_page_shows_the_current_values_and_version(signed_in):
    response = signed_in.get("/admin/settings")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="120"' in page and 'value="300.00"' in page and 'value="286.1(1)"' in page
    assert "Version" in page


def test_coordinator_changes_the_settings(signed_in):
    response = signed_in.post("/admin/settings", data=settings_form())
    assert response.status_code == 302
    row = program_settings()
    assert (row.deadline_days, row.default_fee, row.version) == (90, Decimal("250.00"), 2)
    page = signed_in.get("/admin/settings").get_data(as_text=True)
    assert "The settings were saved." in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deadline_days": "10"}, "deadline_days"),
        ({"deadline_days": "many"}, "deadline_days"),
        ({"default_fee": "-5"}, "default_fee"),
        ({"accepted_charges": "999.9"}, "accepted_charges"),
    ],
)
def test_invalid_settings_are_refused_on_their_field(signed_in, changes, field):
    data = settings_form(**changes)
    response = signed_in.post("/admin/settings", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert f'value="{data["default_fee"]}"' in page
    assert program_settings().version == 1


def test_empty_settings_form_is_refused(signed_in):
    response = signed_in.post("/admin/settings", data={})
    assert response.status_code == 422
    # deadline, fee, accepted charges, late tolerance and retention; the certificate fields
    # may be empty
    assert response.get_data(as_text=True).count('class="field has-error"') == 5
