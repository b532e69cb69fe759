"""A participant whose case is at QC sees their QC schedule, and nothing of anyone else."""

import pytest
from sqlalchemy import select

from johnschool.curriculum.models import Session
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.portal.services import create_calendar_feed

from ..factories import make_token
from .site_participants import two_site_participants

# A site named as a program would be: the portal must never print it.
REVEALING_NAME = "Programme de dissuasion John School de Québec"


@pytest.fixture
def sites(app):
    mtl, qc, _ = two_site_participants(qc_site_name=REVEALING_NAME)
    qc.site.name_en = REVEALING_NAME
    db.session.commit()
    return {"mtl": mtl, "qc": qc}


def sessions_of(case) -> list[Session]:
    enrollment = db.session.scalars(select(Enrollment).where(Enrollment.case_id == case.id)).one()
    return list(
        db.session.scalars(
            select(Session).where(Session.cohort_id == enrollment.cohort_id).order_by(Session.id)
        )
    )


def schedule(client, user):
    headers = {"Authorization": f"Bearer {make_token(user)}"}
    return client.get("/api/v1/me/schedule", headers=headers)


def feed(client, user) -> str:
    """The participant's private calendar feed, as text."""
    secret = create_calendar_feed(user)
    db.session.commit()
    response = client.get(f"/calendar/{secret}.ics")
    assert response.status_code == 200
    return response.get_data(as_text=True).replace("\r\n ", "")


def test_the_qc_participant_sees_their_qc_sessions_on_the_home_page(client, sign_in, sites):
    qc, mtl = sites["qc"], sites["mtl"]
    sign_in(qc.participant)
    page = client.get("/my").get_data(as_text=True)
    assert "Salle Capitale, 20 rue Est" in page
    assert "Salle Montréal" not in page
    for session in sessions_of(qc.case):
        assert f"/my/sessions/{session.id}.ics" in page
    for session in sessions_of(mtl.case):
        assert f"/my/sessions/{session.id}.ics" not in page


def test_the_schedule_api_gives_the_qc_case_and_its_sessions(client, sites):
    qc = sites["qc"]
    body = schedule(client, qc.participant).get_json()
    assert body["case_id"] == qc.case.id
    assert [s["id"] for s in body["sessions"]] == [s.id for s in sessions_of(qc.case)]
    assert {s["place"] for s in body["sessions"]} == {"Salle Capitale, 20 rue Est"}
    assert [item["status"] for item in body["progress"]] == ["scheduled", "scheduled"]


def test_the_calendar_feed_holds_the_qc_sessions_only(client, sites):
    qc, mtl = sites["qc"], sites["mtl"]
    text = feed(client, qc.participant)
    assert text.count("BEGIN:VEVENT") == len(sessions_of(qc.case)) == 2
    assert "Salle Capitale\\, 20 rue Est" in text and "Salle Montréal" not in text
    assert "Salle Montréal\\, 10 rue Ouest" in feed(client, mtl.participant)


def test_a_participant_gets_404_for_a_session_of_another_participant(client, sign_in, sites):
    qc, mtl = sites["qc"], sites["mtl"]
    sign_in(qc.participant)
    own, other = sessions_of(qc.case)[0], sessions_of(mtl.case)[0]
    assert client.get(f"/my/sessions/{own.id}.ics").status_code == 200
    assert client.get(f"/my/sessions/{other.id}.ics").status_code == 404
    headers = {"Authorization": f"Bearer {make_token(qc.participant)}"}
    mtl_enrollment = db.session.scalars(
        select(Enrollment).where(Enrollment.case_id == mtl.case.id)
    ).one()
    assert (
        client.get(f"/api/v1/enrollments/{mtl_enrollment.id}", headers=headers).status_code == 404
    )


def test_the_mtl_participant_sees_nothing_of_the_qc_participant(client, sign_in, sites):
    qc, mtl = sites["qc"], sites["mtl"]
    sign_in(mtl.participant)
    page = client.get("/my").get_data(as_text=True)
    assert qc.case.client.family_name not in page and "Salle Capitale" not in page
    body = schedule(client, mtl.participant).get_json()
    assert body["case_id"] == mtl.case.id
    assert not {s["id"] for s in body["sessions"]} & {s.id for s in sessions_of(qc.case)}


def test_the_portal_never_prints_the_sites_name(client, sign_in, sites):
    qc = sites["qc"]
    sign_in(qc.participant)
    session = sessions_of(qc.case)[0]
    single = client.get(f"/my/sessions/{session.id}.ics")
    texts = {
        "home": client.get("/my").get_data(as_text=True),
        "questionnaires": client.get("/my/questionnaires").get_data(as_text=True),
        "calendar page": client.get("/my/calendar").get_data(as_text=True),
        "schedule": schedule(client, qc.participant).get_data(as_text=True),
        "feed": feed(client, qc.participant),
        "session file": single.get_data(as_text=True).replace("\r\n ", ""),
        "session file name": single.headers["Content-Disposition"],
    }
    for where, text in texts.items():
        assert "John School" not in text and "dissuasion" not in text, where
