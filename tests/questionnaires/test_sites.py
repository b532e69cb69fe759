"""A case's questionnaires keep to its site; the questionnaires themselves are the province's."""

import pytest
from sqlalchemy import func, select

from johnschool.extensions import db
from johnschool.questionnaires.models import QuestionnaireResponse
from johnschool.questionnaires.services import current_version

from ..factories import make_token
from ..portal.site_participants import two_site_participants
from .builders import form_of, loaded, profile_answers


@pytest.fixture
def versions(app):
    """The shipped questionnaires, loaded."""
    return loaded()


@pytest.fixture
def sites(versions):
    mtl, qc, province_admin = two_site_participants()
    return {"mtl": mtl, "qc": qc, "province_admin": province_admin}


def api(client, user, method, path, json=None):
    """Call /api/v1 as user with a fresh token."""
    headers = {"Authorization": f"Bearer {make_token(user)}"}
    return client.open(f"/api/v1{path}", method=method, json=json, headers=headers)


def response_count() -> int:
    return db.session.scalar(select(func.count()).select_from(QuestionnaireResponse))


@pytest.mark.parametrize("who", ["liaison", "admin"])
def test_an_mtl_user_gets_404_on_the_profile_page_of_a_qc_case(
    client, sign_in, versions, sites, who
):
    qc_case = sites["qc"].case
    sign_in(getattr(sites["mtl"], who))
    path = f"/cases/{qc_case.id}/profile"
    assert client.get(path).status_code == 404
    answers = form_of(profile_answers(versions["intake_profile"]))
    assert client.post(path, data=answers).status_code == 404
    assert response_count() == 0


@pytest.mark.parametrize("who", ["liaison", "admin"])
def test_an_mtl_user_gets_404_on_the_questionnaire_api_of_a_qc_case(client, versions, sites, who):
    qc_case, user = sites["qc"].case, getattr(sites["mtl"], who)
    path = f"/referrals/{qc_case.id}/questionnaires"
    assert api(client, user, "GET", path).status_code == 404
    body = {"moment": "intake", "answers": profile_answers(versions["intake_profile"])}
    response = api(client, user, "POST", f"{path}/intake_profile/responses", body)
    assert response.status_code == 404
    assert response_count() == 0


@pytest.mark.parametrize("who", ["qc_liaison", "qc_admin", "province_admin"])
def test_qc_users_and_a_province_wide_admin_enter_the_qc_profile(
    client, sign_in, versions, sites, who
):
    qc = sites["qc"]
    user = {"qc_liaison": qc.liaison, "qc_admin": qc.admin}.get(who) or sites["province_admin"]
    sign_in(user)
    path = f"/cases/{qc.case.id}/profile"
    assert client.get(path).status_code == 200
    response = client.post(path, data=form_of(profile_answers(versions["intake_profile"])))
    assert response.status_code == 302
    saved = db.session.scalars(select(QuestionnaireResponse)).one()
    assert (saved.case_id, saved.answered_by) == (qc.case.id, "liaison")


def test_the_qc_case_page_offers_the_qc_liaison_its_profile(client, sign_in, versions, sites):
    qc = sites["qc"]
    sign_in(qc.liaison)
    page = client.get(f"/cases/{qc.case.id}").get_data(as_text=True)
    assert f"/cases/{qc.case.id}/profile" in page


def test_the_qc_participant_answers_their_own_and_cannot_reach_the_mtl_case(
    client, sign_in, versions, sites
):
    mtl, qc = sites["mtl"], sites["qc"]
    body = {"moment": "intake", "answers": profile_answers(versions["intake_profile"])}
    other = f"/referrals/{mtl.case.id}/questionnaires"
    assert api(client, qc.participant, "GET", other).status_code == 404
    response = api(client, qc.participant, "POST", f"{other}/intake_profile/responses", body)
    assert response.status_code == 404
    own = f"/referrals/{qc.case.id}/questionnaires"
    assert api(client, qc.participant, "GET", own).status_code == 200
    response = api(client, qc.participant, "POST", f"{own}/intake_profile/responses", body)
    assert response.status_code == 201
    saved = db.session.scalars(select(QuestionnaireResponse)).one()
    assert (saved.case_id, saved.answered_by) == (qc.case.id, "participant")


def test_each_participants_pending_list_is_their_own_case_s(client, sign_in, versions, sites):
    mtl, qc = sites["mtl"], sites["qc"]
    body = {"moment": "intake", "answers": profile_answers(versions["intake_profile"])}
    path = f"/referrals/{qc.case.id}/questionnaires/intake_profile/responses"
    assert api(client, qc.participant, "POST", path, body).status_code == 201
    sign_in(qc.participant)
    assert "/my/questionnaires/intake_profile/intake" not in client.get("/my").get_data(
        as_text=True
    )
    sign_in(mtl.participant)
    assert "/my/questionnaires/intake_profile/intake" in client.get("/my").get_data(as_text=True)
    items = api(client, mtl.participant, "GET", f"/referrals/{mtl.case.id}/questionnaires")
    intake = next(i for i in items.get_json()["items"] if i["moment"] == "intake")
    assert (intake["is_answered"], intake["can_answer"]) == (False, True)


# --- Administration stays shared ---------------------------------------------------------


@pytest.mark.parametrize("who", ["mtl", "qc"])
def test_a_site_admin_still_administers_the_shared_questionnaires(
    client, sign_in, versions, sites, who
):
    sign_in(sites[who].admin)
    listing = client.get("/admin/questionnaires")
    assert listing.status_code == 200
    version = versions["attitudes"]
    assert f"/admin/questionnaires/{version.questionnaire_id}" in listing.get_data(as_text=True)
    assert client.get(f"/admin/questionnaires/{version.questionnaire_id}").status_code == 200


def test_a_new_version_made_at_mtl_is_the_one_asked_at_qc(client, sign_in, versions, sites):
    version = versions["attitudes"]
    item = version.items[0]
    sign_in(sites["mtl"].admin)
    path = f"/admin/questionnaires/{version.questionnaire_id}/items/{item.id}"
    data = {"text_fr": "Nouvelle formulation.", "text_en": "New wording.", "confirm": "y"}
    assert client.post(path, data=data).status_code == 302
    assert current_version("attitudes").number == 2
    qc = sites["qc"]
    body = api(client, qc.liaison, "GET", f"/referrals/{qc.case.id}/questionnaires").get_json()
    attitudes = [line for line in body["items"] if line["code"] == "attitudes"]
    assert attitudes and {line["version"] for line in attitudes} == {2}
