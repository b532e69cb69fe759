"""Sessions, roll calls and make-ups keep to their site; make-ups cross only when both allow."""

import pytest
from sqlalchemy import func, select

from johnschool.attendance.models import MakeUpBooking
from johnschool.attendance.reports import make_up_choices
from johnschool.attendance.services import AttendanceStateError, book_make_up
from johnschool.extensions import db

from ..factories import make_token
from .program import days_ago
from .sites_world import site_session, two_sites


@pytest.fixture
def world(app):
    mtl, qc, province_admin = two_sites()
    return {"mtl": mtl, "qc": qc, "province_admin": province_admin}


def bearer(user):
    return {"Authorization": f"Bearer {make_token(user)}"}


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_staff_and_site_admin_get_404_for_another_sites_roll_call(client, sign_in, world, who):
    qc_session = world["qc"].session
    sign_in(getattr(world["mtl"], who))
    assert client.get(f"/sessions/{qc_session.id}/roll-call").status_code == 404
    response = client.post(f"/sessions/{qc_session.id}/roll-call", data={})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_api_roster_and_attendance_of_another_site_are_404(client, world, who):
    qc_session, headers = world["qc"].session, bearer(getattr(world["mtl"], who))
    assert (
        client.get(f"/api/v1/sessions/{qc_session.id}/roster", headers=headers).status_code == 404
    )
    body = {"records": [{"enrollment_id": world["qc"].enrollment.id, "status": "present"}]}
    response = client.put(
        f"/api/v1/sessions/{qc_session.id}/attendance", json=body, headers=headers
    )
    assert response.status_code == 404


def test_staff_of_the_site_still_gets_403_for_a_session_they_do_not_run(client, sign_in, world):
    mtl = world["mtl"]
    other = site_session(mtl, days_ago(0), hour=14)
    db.session.commit()
    sign_in(mtl.staff)
    assert client.get(f"/sessions/{other.id}/roll-call").status_code == 403


def test_own_staff_and_province_admin_open_the_roll_call(client, sign_in, world):
    qc_session = world["qc"].session
    for user in (world["qc"].staff, world["province_admin"]):
        sign_in(user)
        assert client.get(f"/sessions/{qc_session.id}/roll-call").status_code == 200


def test_session_list_of_a_site_admin_shows_only_their_sites_sessions(client, sign_in, world):
    sign_in(world["mtl"].admin)
    page = client.get("/sessions").get_data(as_text=True)
    assert f"/sessions/{world['mtl'].session.id}/roll-call" in page
    assert f"/sessions/{world['qc'].session.id}/roll-call" not in page
    sign_in(world["province_admin"])
    page = client.get("/sessions").get_data(as_text=True)
    assert f"/sessions/{world['qc'].session.id}/roll-call" in page


def test_make_up_pages_and_api_of_another_sites_participant_are_404(client, sign_in, world):
    qc_enrollment, liaison = world["qc"].enrollment, world["mtl"].liaison
    sign_in(liaison)
    assert client.get(f"/enrollments/{qc_enrollment.id}/make-ups").status_code == 404
    headers = bearer(liaison)
    url = f"/api/v1/enrollments/{qc_enrollment.id}/make-ups"
    assert client.get(url, headers=headers).status_code == 404
    assert client.post(url, json={"session_id": 1}, headers=headers).status_code == 404
    assert client.get(f"/api/v1/enrollments/{qc_enrollment.id}", headers=headers).status_code == 404


@pytest.fixture
def missed(world):
    """The MTL participant missed LAW; QC gives LAW next week (a session with seats)."""
    mtl, qc = world["mtl"], world["qc"]
    site_session(mtl, days_ago(7), hour=14)
    upcoming = site_session(qc, days_ago(-7))
    db.session.commit()
    return {"enrollment": mtl.enrollment, "session": upcoming}


def allow(*sites):
    for site in sites:
        site.allows_cross_site_make_ups = True
    db.session.commit()


@pytest.mark.parametrize("allowing", [(), ("mtl",), ("qc",)])
def test_make_up_across_sites_is_refused_unless_both_allow(world, missed, allowing):
    allow(*(world[code].site for code in allowing))
    assert missed["session"].id not in {c.session.id for c in make_up_choices(missed["enrollment"])}
    with pytest.raises(AttendanceStateError, match="another site|autre site"):
        book_make_up(missed["enrollment"], missed["session"], by=world["mtl"].liaison)
    db.session.rollback()
    assert db.session.scalar(select(func.count(MakeUpBooking.id))) == 0


def test_make_up_across_sites_is_offered_and_booked_when_both_allow(world, missed):
    allow(world["mtl"].site, world["qc"].site)
    assert missed["session"].id in {c.session.id for c in make_up_choices(missed["enrollment"])}
    booking = book_make_up(missed["enrollment"], missed["session"], by=world["mtl"].liaison)
    db.session.commit()
    assert booking.session_id == missed["session"].id


def test_api_refuses_a_cross_site_make_up_with_a_message(client, world, missed):
    allow(world["qc"].site)
    url = f"/api/v1/enrollments/{missed['enrollment'].id}/make-ups"
    headers = bearer(world["mtl"].liaison)
    response = client.post(url, json={"session_id": missed["session"].id}, headers=headers)
    assert response.status_code == 409
    assert "site" in response.get_json()["message"]
    options = client.get(url, headers=headers).get_json()["options"]
    assert missed["session"].id not in {option["session_id"] for option in options}


def test_qc_staff_take_the_roll_call_of_an_mtl_make_up_participant(client, world, missed):
    allow(world["mtl"].site, world["qc"].site)
    session = missed["session"]
    session.professional_id = world["qc"].professional.id
    session.starts_at, session.ends_at = world["qc"].session.starts_at, world["qc"].session.ends_at
    book_make_up(missed["enrollment"], session, by=world["mtl"].liaison)
    db.session.commit()
    headers = bearer(world["qc"].staff)
    roster = client.get(f"/api/v1/sessions/{session.id}/roster", headers=headers).get_json()
    assert missed["enrollment"].id in {line["enrollment_id"] for line in roster["items"]}
    body = {"records": [{"enrollment_id": missed["enrollment"].id, "status": "present"}]}
    response = client.put(f"/api/v1/sessions/{session.id}/attendance", json=body, headers=headers)
    assert response.status_code == 200
