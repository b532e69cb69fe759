"""The coordinator's pages of the modules and the professionals."""

import re

import pytest
from sqlalchemy import select

from johnschool.curriculum.models import Module, Professional
from johnschool.curriculum.professionals import create_professional
from johnschool.extensions import db

from ..factories import make_user
from ..query_counts import count_queries


@pytest.fixture
def signed_in(app, sign_in):
    """A test client with a coordinator reading English signed in."""
    return sign_in(make_user("admin", language="en"))


def professional_form(**changes):
    """A filled professional form."""
    data = {
        "name": "Dre Côté",
        "organization": "CISSS",
        "email": "cote@example.org",
        "phone": "450 555-0100",
        "disciplines": ["health", "sexology"],
    }
    return data | changes


def get_professional(professional_id) -> Professional:
    """The professional as stored now."""
    db.session.expire_all()
    return db.session.get(Professional, professional_id)


def test_module_list_shows_the_curriculum_in_order(signed_in, curriculum):
    page = signed_in.get("/admin/modules").get_data(as_text=True)
    assert page.index("The law and its consequences") < page.index("Sexuality and relationships")


def test_module_is_added_then_edited_keeping_its_code(signed_in, app):
    data = {
        "code": "extra",
        "title_fr": "Supplément",
        "title_en": "Extra",
        "discipline": "community",
        "duration_minutes": "30",
        "position": "9",
        "is_required": "y",
        "is_active": "y",
    }
    assert signed_in.post("/admin/modules/new", data=data).status_code == 302
    module = db.session.scalar(select(Module))
    edit = {**data, "code": "changed", "duration_minutes": "45", "is_required": ""}
    del edit["is_required"]
    assert signed_in.post(f"/admin/modules/{module.id}/edit", data=edit).status_code == 302
    db.session.expire_all()
    module = db.session.get(Module, module.id)
    assert (module.code, module.duration_minutes, module.is_required) == ("extra", 45, False)


def test_module_duration_out_of_range_is_refused_on_its_field(signed_in, curriculum):
    module = curriculum[0]
    data = {"title_fr": "T", "title_en": "T", "discipline": "law", "duration_minutes": "5"}
    response = signed_in.post(f"/admin/modules/{module.id}/edit", data=data | {"position": "1"})
    assert response.status_code == 422
    assert 'id="duration_minutes-error"' in response.get_data(as_text=True)


def test_professional_is_added_with_disciplines_ticked(signed_in):
    response = signed_in.post("/admin/professionals/new", data=professional_form())
    person = db.session.scalar(select(Professional))
    assert response.status_code == 302
    assert person.discipline_names == ["health", "sexology"]
    page = signed_in.get(response.location).get_data(as_text=True)
    assert (
        '<input checked id="disciplines-2" name="disciplines" type="checkbox" value="health">'
        in page
    )
    assert '<input id="disciplines-0" name="disciplines" type="checkbox" value="law">' in page


def test_professional_without_discipline_is_refused_keeping_the_input(signed_in):
    response = signed_in.post("/admin/professionals/new", data=professional_form(disciplines=[]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tick at least one discipline." in page and 'value="Dre Côté"' in page
    assert db.session.scalar(select(Professional)) is None


def test_anonymous_speaker_is_flagged_in_the_list(signed_in):
    signed_in.post(
        "/admin/professionals/new",
        data=professional_form(name="Survivante", disciplines=["survivor"], is_anonymous="y"),
    )
    assert get_professional(db.session.scalar(select(Professional.id))).is_anonymous
    assert "anonymous" in signed_in.get("/admin/professionals").get_data(as_text=True)


def test_unavailable_day_is_added_and_removed(signed_in, today):
    person = create_professional({"name": "P"}, ["law"], by=None)
    db.session.commit()
    url = f"/admin/professionals/{person.id}/unavailable"
    assert signed_in.post(url, data={"day": "2026-10-20"}).status_code == 302
    assert signed_in.post(url, data={"day": "2026-10-20"}).status_code == 422
    row = get_professional(person.id).unavailable[0]
    assert signed_in.post(f"{url}/{row.id}/remove").status_code == 302
    assert get_professional(person.id).unavailable == []


def test_staff_login_is_linked_by_email_and_unlinked(signed_in):
    person = create_professional({"name": "P"}, ["law"], by=None)
    staff = make_user("staff", email="p@example.org")
    url = f"/admin/professionals/{person.id}/login"
    refused = signed_in.post(url, data={"login-email": "nobody@example.org"})
    assert refused.status_code == 422
    assert "No active session-staff account" in refused.get_data(as_text=True)
    assert signed_in.post(url, data={"login-email": "p@example.org"}).status_code == 302
    assert get_professional(person.id).user_id == staff.id
    assert "p@example.org" in signed_in.get("/admin/professionals").get_data(as_text=True)
    page = signed_in.get(f"/admin/professionals/{person.id}").get_data(as_text=True)
    assert "Linked to the account p@example.org." in page
    assert signed_in.post(f"{url}/remove").status_code == 302
    assert get_professional(person.id).user_id is None


def test_professional_is_deactivated_after_confirmation_and_hidden_from_the_list(signed_in):
    person = create_professional({"name": "Ancien"}, ["law"], by=None)
    db.session.commit()
    url = f"/admin/professionals/{person.id}/deactivate"
    assert signed_in.post(url, data={}).status_code == 422
    assert get_professional(person.id).is_active
    assert signed_in.post(url, data={"confirm": "y"}).status_code == 302
    assert get_professional(person.id).is_active is False
    assert "Ancien" not in signed_in.get("/admin/professionals").get_data(as_text=True)
    assert "Ancien" in signed_in.get("/admin/professionals?inactive=1").get_data(as_text=True)
    signed_in.post(f"/admin/professionals/{person.id}/reactivate")
    assert get_professional(person.id).is_active


def test_professional_list_runs_the_same_queries_however_many_professionals(signed_in, client):
    def add(number):
        person = create_professional({"name": f"P{number}"}, ["law", "health"], by=None)
        person.user_id = make_user("staff").id
        db.session.commit()

    add(0)
    one = count_queries(client, "/admin/professionals")
    for number in range(1, 8):
        add(number)
    assert count_queries(client, "/admin/professionals") == one


def test_empty_lists_say_so(signed_in):
    assert "There is no professional yet." in signed_in.get("/admin/professionals").get_data(
        as_text=True
    )
    assert "There is no cohort yet." in signed_in.get("/cohorts").get_data(as_text=True)
    assert "no module yet" in signed_in.get("/admin/modules").get_data(as_text=True)


def test_professional_page_has_no_duplicate_ids(signed_in, today):
    person = create_professional({"name": "P"}, ["law"], by=None)
    db.session.commit()
    signed_in.post(f"/admin/professionals/{person.id}/unavailable", data={"day": "2026-10-20"})
    page = signed_in.get(f"/admin/professionals/{person.id}").get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
