"""Make-up bookings: another cohort's session of a missed module, within its capacity."""

import threading

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from johnschool.attendance.models import MakeUpBooking
from johnschool.attendance.services import (
    AttendanceStateError,
    book_make_up,
    cancel_make_up,
    seats_left,
)
from johnschool.curriculum.models import Session
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db

from ..factories import make_user
from .program import days_ago, enroll, make_cohort, make_module, make_session


@pytest.fixture
def liaison(app):
    return make_user("liaison", language="en")


@pytest.fixture
def setting(liaison):
    """A participant who missed LAW, and next week's LAW session in a cohort of capacity 2."""
    law = make_module("LAW")
    own = make_cohort()
    make_session(own, law, days_ago(7))
    other = make_cohort(capacity=2)
    enroll(liaison, other)  # one seat taken by the other cohort's own participant
    upcoming = make_session(other, law, days_ago(-7))
    participant = enroll(liaison, own)
    db.session.commit()
    return {"participant": participant, "session": upcoming, "law": law, "other": other}


def bookings(session_id):
    return db.session.scalar(
        select(func.count()).where(
            MakeUpBooking.session_id == session_id, MakeUpBooking.cancelled_at.is_(None)
        )
    )


def test_the_page_offers_the_session_and_booking_takes_a_seat(client, sign_in, liaison, setting):
    sign_in(liaison)
    url = f"/enrollments/{setting['participant'].id}/make-ups"
    page = client.get(url).get_data(as_text=True)
    assert f'value="{setting["session"].id}"' in page
    response = client.post(url, data={"session_id": setting["session"].id})
    assert response.status_code == 302
    assert bookings(setting["session"].id) == 1
    assert seats_left(setting["session"]) == 0


def test_the_page_no_longer_offers_a_module_already_booked(client, sign_in, liaison, setting):
    later = make_session(make_cohort(capacity=5), setting["law"], days_ago(-14))
    db.session.commit()
    sign_in(liaison)
    url = f"/enrollments/{setting['participant'].id}/make-ups"
    page = client.get(url).get_data(as_text=True)
    assert f'value="{later.id}"' in page
    assert client.post(url, data={"session_id": setting["session"].id}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert f'value="{later.id}"' not in page and f'value="{setting["session"].id}"' not in page
    assert client.post(url, data={"session_id": later.id}).status_code == 422
    assert bookings(later.id) == 0


def test_a_second_make_up_of_a_booked_module_is_refused_until_the_first_is_cancelled(
    liaison, setting
):
    later = make_session(make_cohort(capacity=5), setting["law"], days_ago(-14))
    first = book_make_up(setting["participant"], setting["session"], by=liaison)
    with force_locale("en"), pytest.raises(AttendanceStateError, match="already booked"):
        book_make_up(setting["participant"], later, by=liaison)
    cancel_make_up(first, by=liaison)
    assert book_make_up(setting["participant"], later, by=liaison).session_id == later.id


def test_a_full_session_refuses_the_booking(liaison, setting):
    enroll(liaison, setting["other"])  # the last seat goes to an enrolled participant
    with force_locale("en"), pytest.raises(AttendanceStateError, match="no seat left"):
        book_make_up(setting["participant"], setting["session"], by=liaison)


def test_a_session_of_the_participants_own_cohort_is_no_make_up(liaison, setting):
    own = setting["participant"].cohort
    session = make_session(own, setting["law"], days_ago(-3))
    with force_locale("en"), pytest.raises(AttendanceStateError, match="another cohort"):
        book_make_up(setting["participant"], session, by=liaison)


def test_a_past_session_cannot_be_booked(liaison, setting):
    past = make_session(setting["other"], setting["law"], days_ago(2))
    with force_locale("en"), pytest.raises(AttendanceStateError, match="still to come"):
        book_make_up(setting["participant"], past, by=liaison)


def test_staff_book_and_cancel_after_confirming(client, sign_in, setting):
    staff = make_user("staff", language="en")
    booking = book_make_up(setting["participant"], setting["session"], by=staff)
    db.session.commit()
    sign_in(staff)
    cancel = f"/make-ups/{booking.id}/cancel"
    assert "I confirm" in client.get(cancel).get_data(as_text=True)
    assert client.post(cancel, data={}).status_code == 422
    assert bookings(setting["session"].id) == 1
    assert client.post(cancel, data={"confirm": "y"}).status_code == 302
    assert bookings(setting["session"].id) == 0


def test_participants_and_researchers_cannot_book(client, sign_in, setting):
    for role in ("participant", "researcher"):
        sign_in(make_user(role))
        url = f"/enrollments/{setting['participant'].id}/make-ups"
        assert client.post(url, data={"session_id": setting["session"].id}).status_code == 403
    assert bookings(setting["session"].id) == 0


def test_two_bookings_racing_for_the_last_seat_get_one_seat(app, liaison, setting):
    second = enroll(liaison, setting["participant"].cohort)
    db.session.commit()
    ids = (setting["participant"].id, second.id)
    session_id, user_id = setting["session"].id, liaison.id
    db.session.rollback()
    barrier, outcomes = threading.Barrier(2), []

    def book(enrollment_id):
        from johnschool.auth.models import User

        with app.app_context():
            enrollment = db.session.get(Enrollment, enrollment_id)
            session, by = db.session.get(Session, session_id), db.session.get(User, user_id)
            db.session.rollback()
            barrier.wait(timeout=10)
            try:
                book_make_up(enrollment, session, by=by)
                db.session.commit()
                outcomes.append("booked")
            except AttendanceStateError:
                db.session.rollback()
                outcomes.append("full")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=book, args=(key,)) for key in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked", "full"]
    assert bookings(session_id) == 1
