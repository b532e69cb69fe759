"""Accounts and sites: the Site select, and what a site admin may manage."""

from sqlalchemy import select

from johnschool.auth.models import User
from johnschool.extensions import db
from johnschool.sites.services import find_site

from ..factories import FIRST_SITE, make_site, make_user


def new_account(client, role, site="", email="nouvelle@example.org"):
    """Post the new-account form."""
    data = {"name": "Nadia Nouvelle", "email": email, "role": role, "language": "fr"}
    return client.post("/admin/users/new", data={**data, "site": site})


def account(email="nouvelle@example.org"):
    """The account of email, or None."""
    return db.session.scalar(select(User).where(User.email == email))


def test_province_wide_admin_creates_a_liaison_of_the_chosen_site(client, sign_in):
    quebec = make_site("QC", "Québec")
    sign_in(make_user("admin"))
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert "Québec" in form and 'name="site"' in form
    assert new_account(client, "liaison", str(quebec.id)).status_code == 200
    assert account().site_id == quebec.id


def test_liaison_without_a_site_is_refused_when_there_are_several(client, sign_in):
    make_site("QC")
    sign_in(make_user("admin"))
    response = new_account(client, "staff")
    assert response.status_code == 422 and account() is None
    assert "site" in response.get_data(as_text=True).lower()


def test_admin_without_a_site_is_province_wide_and_researcher_gets_none(client, sign_in):
    quebec = make_site("QC")
    sign_in(make_user("admin"))
    new_account(client, "admin")
    assert account().role == "admin" and account().site_id is None
    new_account(client, "researcher", str(quebec.id), email="r@example.org")
    assert account("r@example.org").site_id is None


def test_site_admin_creates_accounts_of_their_site_only(client, sign_in):
    quebec = make_site("QC")
    montreal = find_site(FIRST_SITE)
    sign_in(make_user("admin", site=quebec))
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert f'value="{montreal.id}"' not in form
    assert new_account(client, "liaison", str(montreal.id)).status_code == 422
    assert account() is None
    assert new_account(client, "admin", "").status_code == 422  # no province-wide admin
    assert account() is None
    assert new_account(client, "researcher", str(quebec.id)).status_code == 422
    assert new_account(client, "admin", str(quebec.id)).status_code == 200
    assert account().site_id == quebec.id


def test_site_admin_lists_and_opens_only_accounts_of_their_site(client, sign_in):
    quebec = make_site("QC")
    mine = make_user("staff", site=quebec, name="Quentin Québec")
    theirs = make_user("staff", site=FIRST_SITE, name="Marc Montréal")
    province = make_user("admin", name="Paule Province")
    sign_in(make_user("admin", site=quebec))
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Quentin Québec" in page and "Marc Montréal" not in page
    assert "Paule Province" not in page
    assert client.get(f"/admin/users/{mine.id}").status_code == 200
    for other in (theirs, province):
        assert client.get(f"/admin/users/{other.id}").status_code == 404
        posted = client.post(f"/admin/users/{other.id}/role", data={"role": "researcher"})
        assert posted.status_code == 404
        assert client.post(f"/admin/users/{other.id}/reset-link").status_code == 404
    db.session.refresh(theirs)
    assert theirs.role == "staff"


def test_account_list_shows_each_accounts_site(client, sign_in):
    quebec = make_site("QC")
    make_user("liaison", site=quebec, name="Lise Québec")
    sign_in(make_user("admin"))
    page = client.get("/admin/users?q=Lise").get_data(as_text=True)
    assert "<td>QC</td>" in page


def test_moving_an_account_to_another_site(client, sign_in):
    quebec = make_site("QC")
    person = make_user("staff", site=FIRST_SITE)
    sign_in(make_user("admin"))
    client.post(f"/admin/users/{person.id}/role", data={"role": "liaison", "site": str(quebec.id)})
    db.session.refresh(person)
    assert (person.role, person.site_id) == ("liaison", quebec.id)


def test_making_a_province_wide_admin_a_liaison_without_a_site_is_a_form_error(client, sign_in):
    make_site("QC")
    person = make_user("admin")
    sign_in(make_user("admin"))
    response = client.post(f"/admin/users/{person.id}/role", data={"role": "liaison", "site": ""})
    assert response.status_code == 302
    db.session.refresh(person)
    assert (person.role, person.site_id) == ("admin", None)
    page = client.get(response.location).get_data(as_text=True)
    assert "site" in page.lower()


def test_a_researcher_made_staff_gets_the_only_site(client, sign_in):
    person = make_user("researcher")
    sign_in(make_user("admin"))
    client.post(f"/admin/users/{person.id}/role", data={"role": "staff", "site": ""})
    db.session.refresh(person)
    assert person.role == "staff" and person.site_id == find_site(FIRST_SITE).id


def test_a_staff_member_made_researcher_loses_the_site(client, sign_in):
    person = make_user("staff")
    sign_in(make_user("admin"))
    site = str(person.site_id)
    client.post(f"/admin/users/{person.id}/role", data={"role": "researcher", "site": site})
    db.session.refresh(person)
    assert person.role == "researcher" and person.site_id is None
