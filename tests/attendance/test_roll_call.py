"""The roll call at the door: save, correct, the session's day, who may take it."""

import re

import pytest
from sqlalchemy import func, select

from johnschool.attendance.models import Attendance
from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.referrals.fees import waive_fee
from johnschool.referrals.models import Case

from ..factories import make_user
from ..query_counts import count_queries
from .program import (
    days_ago,
    enroll,
    make_cohort,
    make_individual_session,
    make_module,
    make_professional,
    make_session,
)


@pytest.fixture
def staff(app):
    return make_user("staff", language="en")


@pytest.fixture
def today_session(staff):
    """A session today run by staff, its cohort of three enrolled participants."""
    liaison = make_user("liaison")
    cohort = make_cohort()
    session = make_session(
        cohort, make_module("LAW"), days_ago(0), professional=make_professional(staff)
    )
    people = [enroll(liaison, cohort, family_name=name) for name in ("Abel", "Bruno", "Cyr")]
    db.session.commit()
    return session, people


def url(session):
    return f"/sessions/{session.id}/roll-call"


def marks(people, status="present", **extra):
    """A roll-call form marking everyone with status."""
    data = {f"status-{person.id}": status for person in people}
    data.update(extra)
    return data


def attendance_rows(session):
    return db.session.scalars(select(Attendance).where(Attendance.session_id == session.id)).all()


def test_fresh_roll_call_has_nothing_checked_and_counts_everyone_unmarked(
    client, sign_in, staff, today_session
):
    session, _ = today_session
    sign_in(staff)
    page = client.get(url(session)).get_data(as_text=True)
    assert "checked" not in page
    assert "3 people still unmarked" in page
    assert page.count('type="submit"') >= 2  # top and bottom


def test_saving_records_everyone_and_says_who_is_still_unmarked(
    client, sign_in, staff, today_session
):
    session, people = today_session
    sign_in(staff)
    data = marks(people[:2])
    response = client.post(url(session), data=data, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "1 person is still unmarked." in page
    assert len(attendance_rows(session)) == 2


def test_saving_again_corrects_without_duplicates(client, sign_in, staff, today_session):
    session, people = today_session
    sign_in(staff)
    client.post(url(session), data=marks(people))
    data = marks(people, **{f"status-{people[0].id}": "late", f"minutes-{people[0].id}": "10"})
    client.post(url(session), data=data)
    rows = {row.enrollment_id: row for row in attendance_rows(session)}
    assert len(rows) == 3
    assert (rows[people[0].id].status, rows[people[0].id].minutes_late) == ("late", 10)


def test_a_saved_mark_is_checked_when_the_page_comes_back(client, sign_in, staff, today_session):
    session, people = today_session
    sign_in(staff)
    client.post(url(session), data=marks(people[:1], "excused"))
    page = client.get(url(session)).get_data(as_text=True)
    assert re.search(rf'name="status-{people[0].id}" value="excused" checked', page)
    assert page.count(" checked") == 1


def test_late_without_minutes_is_refused_and_keeps_what_was_typed(
    client, sign_in, staff, today_session
):
    session, people = today_session
    sign_in(staff)
    data = marks(people, **{f"status-{people[1].id}": "late", f"note-{people[2].id}": "Arrivé tôt"})
    response = client.post(url(session), data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Write how many minutes late." in page
    assert 'value="Arrivé tôt"' in page
    assert re.search(rf'name="status-{people[1].id}" value="late" checked', page)
    assert attendance_rows(session) == []


def test_a_refused_line_is_marked_where_the_error_is(client, sign_in, staff, today_session):
    session, people = today_session
    sign_in(staff)
    data = marks(people, **{f"status-{people[1].id}": "late"})
    page = client.post(url(session), data=data).get_data(as_text=True)
    fieldsets = page.split("<fieldset")[1:]
    refused = [part for part in fieldsets if f'name="status-{people[1].id}"' in part]
    assert len(refused) == 1 and refused[0].startswith(' class="person has-error"')
    assert re.search(rf'name="minutes-{people[1].id}"[^>]*aria-invalid="true"', refused[0])
    assert page.count('aria-invalid="true"') == 1 and page.count("has-error") == 1


def test_names_and_typed_text_are_written_literally(client, sign_in, staff, today_session):
    session, people = today_session
    odd = enroll(make_user("liaison"), people[0].cohort, family_name='<b>O\'Brien & "Fils"</b>')
    db.session.commit()
    sign_in(staff)
    page = client.get(url(session)).get_data(as_text=True)
    assert "&lt;b&gt;O&#39;Brien &amp; &#34;Fils&#34;&lt;/b&gt;, Paul" in page
    assert "<b>O" not in page

    typed = '"><script>alert(1)</script>'
    data = marks([odd], "late", **{f"minutes-{odd.id}": typed, f"note-{odd.id}": typed})
    page = client.post(url(session), data=data).get_data(as_text=True)
    assert page.count('value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"') == 2
    assert "<script>" not in page


def test_someone_absent_or_excused_can_be_booked_into_a_make_up(
    client, sign_in, staff, today_session
):
    session, people = today_session
    sign_in(staff)
    missed = {f"status-{people[0].id}": "absent", f"status-{people[1].id}": "excused"}
    client.post(url(session), data=marks(people, **missed))
    page = client.get(url(session)).get_data(as_text=True)
    links = re.findall(r'href="/enrollments/(\d+)/make-ups">Book a make-up</a>', page)
    assert sorted(map(int, links)) == sorted([people[0].id, people[1].id])


def test_attendance_cannot_be_taken_before_the_sessions_day(client, sign_in, staff):
    cohort = make_cohort()
    session = make_session(
        cohort, make_module("LAW"), days_ago(-1), professional=make_professional(staff)
    )
    person = enroll(make_user("liaison"), cohort)
    db.session.commit()
    sign_in(staff)
    response = client.post(url(session), data=marks([person]))
    assert response.status_code == 409
    assert "from the session&#39;s day onwards" in response.get_data(as_text=True)
    assert attendance_rows(session) == []


@pytest.fixture
def last_week(staff):
    """A session of last week, already recorded as everyone present."""
    cohort = make_cohort()
    session = make_session(
        cohort, make_module("LAW"), days_ago(7), professional=make_professional(staff)
    )
    person = enroll(make_user("liaison"), cohort)
    db.session.add(Attendance(session_id=session.id, enrollment_id=person.id, status="present"))
    db.session.commit()
    return session, person


def test_recording_after_the_day_for_the_first_time_needs_no_reason(client, sign_in, staff):
    cohort = make_cohort()
    session = make_session(
        cohort, make_module("LAW"), days_ago(3), professional=make_professional(staff)
    )
    person = enroll(make_user("liaison"), cohort)
    db.session.commit()
    sign_in(staff)
    assert client.post(url(session), data=marks([person])).status_code == 302


def test_a_correction_after_the_day_needs_a_reason(client, sign_in, staff, last_week):
    session, person = last_week
    sign_in(staff)
    response = client.post(url(session), data=marks([person], "absent"))
    assert response.status_code == 422
    assert "Write the reason for the correction." in response.get_data(as_text=True)
    db.session.expire_all()
    assert attendance_rows(session)[0].status == "present"


def test_only_a_past_sessions_roll_call_asks_for_a_correction_reason(
    client, sign_in, staff, today_session, last_week
):
    sign_in(staff)
    today = client.get(url(today_session[0])).get_data(as_text=True)
    past = client.get(url(last_week[0])).get_data(as_text=True)
    assert 'name="reason"' not in today
    assert 'name="reason"' in past


def test_a_correction_after_the_day_with_a_reason_is_saved_and_audited(
    client, sign_in, staff, last_week
):
    session, person = last_week
    sign_in(staff)
    data = marks([person], "absent", reason="Feuille papier relue")
    assert client.post(url(session), data=data).status_code == 302
    db.session.expire_all()
    row = attendance_rows(session)[0]
    assert (row.status, row.correction_reason) == ("absent", "Feuille papier relue")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "attendance.corrected"))
    assert entry.object_id == session.id and entry.actor_id == staff.id
    assert "Paul" not in entry.summary + entry.data


def test_saving_the_same_marks_after_the_day_is_no_correction(client, sign_in, staff, last_week):
    session, person = last_week
    sign_in(staff)
    assert client.post(url(session), data=marks([person], "present")).status_code == 302


def test_staff_who_do_not_run_the_session_are_refused(client, sign_in, today_session):
    session, people = today_session
    sign_in(make_user("staff"))
    assert client.get(url(session)).status_code == 403
    assert client.post(url(session), data=marks(people)).status_code == 403
    assert attendance_rows(session) == []


def test_the_backup_professional_takes_attendance_too(client, sign_in, today_session):
    session, _ = today_session
    backup = make_user("staff")
    session.backup_id = make_professional(backup).id
    db.session.commit()
    sign_in(backup)
    assert client.get(url(session)).status_code == 200


def test_staff_see_only_the_sessions_they_run(client, sign_in, staff, today_session):
    session, _ = today_session
    other = make_session(make_cohort(), make_module("OTHER"), days_ago(0))
    db.session.commit()
    sign_in(staff)
    page = client.get("/sessions").get_data(as_text=True)
    assert url(session) in page and url(other) not in page


def test_a_make_up_participant_is_on_the_roster(client, sign_in, staff, today_session):
    from johnschool.attendance.models import MakeUpBooking

    session, _ = today_session
    visitor = enroll(make_user("liaison"), make_cohort(), family_name="Visiteur")
    db.session.add(MakeUpBooking(enrollment_id=visitor.id, session_id=session.id))
    db.session.commit()
    sign_in(staff)
    page = client.get(url(session)).get_data(as_text=True)
    assert "Visiteur" in page and "Make-up" in page


def test_an_individual_sessions_roll_call_lists_its_case_alone(client, sign_in, staff):
    liaison, cohort = make_user("liaison"), make_cohort()
    own = enroll(liaison, cohort, family_name="Suivi")
    enroll(liaison, cohort, family_name="Voisin")
    session = make_individual_session(own.case, days_ago(0), professional=make_professional(staff))
    db.session.commit()
    sign_in(staff)
    page = client.get(url(session)).get_data(as_text=True)
    assert "Suivi" in page and "Voisin" not in page
    assert "1 person still unmarked" in page


def test_completing_the_last_requirement_completes_the_case(client, sign_in, staff, today_session):
    session, people = today_session
    waive_fee(people[0].case, "Sans revenu", by=make_user("admin"))
    db.session.commit()
    sign_in(staff)
    client.post(url(session), data=marks(people))
    db.session.expire_all()
    assert db.session.get(Case, people[0].case_id).state == "completed"
    assert db.session.get(Case, people[1].case_id).state == "enrolled"  # still owes the fee
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "case.completed")) == 1


def roll_call_of(staff, size):
    """A session today with size enrolled participants."""
    liaison = make_user("liaison")
    cohort = make_cohort(capacity=100)
    session = make_session(
        cohort, make_module(f"M{size}"), days_ago(0), professional=make_professional(staff)
    )
    people = [enroll(liaison, cohort) for _ in range(size)]
    db.session.commit()
    return session, people


def count_post_queries(client, path, data):
    """The SQL statements one POST runs."""
    from sqlalchemy import event

    statements = []
    db.session.expire_all()

    def note(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith("BEGIN"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.post(path, data=data).status_code == 302
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return len(statements)


def test_saving_a_roll_call_takes_as_many_queries_for_60_people_as_for_6(client, sign_in, staff):
    sign_in(staff)
    small, small_people = roll_call_of(staff, 6)
    large, large_people = roll_call_of(staff, 60)
    few = count_post_queries(client, url(small), marks(small_people))
    many = count_post_queries(client, url(large), marks(large_people))
    assert many == few
    # and correcting everyone costs the same too
    few = count_post_queries(client, url(small), marks(small_people, "absent"))
    many = count_post_queries(client, url(large), marks(large_people, "absent"))
    assert many == few


def test_the_roster_page_takes_as_many_queries_for_60_people_as_for_6(client, sign_in, staff):
    sign_in(staff)
    small, _ = roll_call_of(staff, 6)
    large, _ = roll_call_of(staff, 60)
    assert count_queries(client, url(small)) == count_queries(client, url(large))
