"""The make-up API: the options of an enrollment, booking within capacity, cancelling."""

import pytest

from johnschool.extensions import db

from ..attendance.program import days_ago, enroll, make_cohort, make_module, make_session
from ..factories import make_user
from .calls import call, count_api_queries


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison", language="en")


@pytest.fixture
def setting(liaison):
    """A participant who missed LAW, and next week's LAW session in a cohort of capacity 2."""
    law = make_module("LAW")
    own = make_cohort()
    make_session(own, law, days_ago(7))
    other = make_cohort(capacity=2)
    enroll(liaison, other)
    upcoming = make_session(other, law, days_ago(-7))
    participant = enroll(liaison, own)
    db.session.commit()
    return {"participant": participant, "session": upcoming, "other": other}


def test_options_list_the_missed_modules_session_with_its_seats(client, liaison, setting):
    response = call(client, liaison, "GET", f"/enrollments/{setting['participant'].id}/make-ups")
    assert response.status_code == 200
    body = response.get_json()
    assert [(o["session_id"], o["seats_left"]) for o in body["options"]] == [
        (setting["session"].id, 1)
    ]
    assert {"kind": "module", "code": "LAW"} in body["missing"]
    assert body["bookings"] == []


def test_staff_book_a_make_up_then_the_session_is_full(client, liaison, setting):
    staff, path = make_user("staff"), f"/enrollments/{setting['participant'].id}/make-ups"
    response = call(client, staff, "POST", path, {"session_id": setting["session"].id})
    assert response.status_code == 201
    assert response.get_json()["session_id"] == setting["session"].id
    listed = call(client, staff, "GET", path).get_json()
    assert listed["options"] == [] and len(listed["bookings"]) == 1
    second = enroll(liaison, setting["participant"].cohort)
    db.session.commit()
    again = call(
        client,
        staff,
        "POST",
        f"/enrollments/{second.id}/make-ups",
        {"session_id": setting["session"].id},
    )
    assert again.status_code == 409 and again.get_json()["error"] == "conflict"


def test_booking_a_session_of_the_own_cohort_answers_409(client, liaison, setting):
    own = make_session(setting["participant"].cohort, make_module("LAW"), days_ago(-3))
    db.session.commit()
    path = f"/enrollments/{setting['participant'].id}/make-ups"
    assert call(client, liaison, "POST", path, {"session_id": own.id}).status_code == 409


@pytest.mark.parametrize("session_id", [None, "1", True, 999999])
def test_a_missing_or_unknown_session_answers_422(client, liaison, setting, session_id):
    path = f"/enrollments/{setting['participant'].id}/make-ups"
    response = call(client, liaison, "POST", path, {"session_id": session_id})
    assert response.status_code == 422 and "session_id" in response.get_json()["fields"]


def test_cancelling_frees_the_seat_and_twice_answers_409(client, liaison, setting):
    path = f"/enrollments/{setting['participant'].id}/make-ups"
    booking = call(client, liaison, "POST", path, {"session_id": setting["session"].id})
    cancel = f"/make-ups/{booking.get_json()['id']}/cancel"
    response = call(client, liaison, "POST", cancel)
    assert response.status_code == 200 and response.get_json()["cancelled_at"]
    assert call(client, liaison, "POST", cancel).status_code == 409
    options = call(client, liaison, "GET", path).get_json()["options"]
    assert options[0]["seats_left"] == 1


def test_unknown_enrollment_or_booking_answers_404(client, liaison):
    assert call(client, liaison, "GET", "/enrollments/999999/make-ups").status_code == 404
    assert call(client, liaison, "POST", "/make-ups/999999/cancel").status_code == 404


@pytest.mark.parametrize("role", ["participant", "researcher"])
def test_participants_and_researchers_cannot_book(client, setting, role):
    path = f"/enrollments/{setting['participant'].id}/make-ups"
    body = {"session_id": setting["session"].id}
    assert call(client, make_user(role), "POST", path, body).status_code == 403


def test_listing_options_takes_as_many_queries_whatever_the_sessions(client, liaison, setting):
    path = f"/enrollments/{setting['participant'].id}/make-ups"
    few = count_api_queries(client, liaison, path)
    for _ in range(5):
        make_session(make_cohort(), make_module("LAW"), days_ago(-5))
    db.session.commit()
    assert len(call(client, liaison, "GET", path).get_json()["options"]) == 6
    assert count_api_queries(client, liaison, path) == few
