"""The printable roster and sign-in sheet of a session: who is expected, discreet, logged."""

import pytest
from sqlalchemy import select

from johnschool.attendance.models import MakeUpBooking
from johnschool.audit.models import AuditEntry
from johnschool.extensions import db

from ..attendance.program import (
    days_ago,
    enroll,
    make_cohort,
    make_module,
    make_professional,
    make_session,
)
from ..factories import make_user
from ..test_pdf import REVEALING_WORDS, shown_text


@pytest.fixture
def staff(app):
    return make_user("staff", language="en")


@pytest.fixture
def session_run_by_staff(staff):
    """A session today run by staff: two of its cohort, one make-up visitor, one withdrawn."""
    liaison = make_user("liaison")
    cohort, other = make_cohort(), make_cohort()
    session = make_session(
        cohort, make_module("LAW"), days_ago(0), professional=make_professional(staff)
    )
    for name in ("Łukasz", "Nguyễn"):
        enroll(liaison, cohort, family_name=name)
    gone = enroll(liaison, cohort, family_name="Parti")
    gone.status = "withdrawn"
    visitor = enroll(liaison, other, family_name="Ó Súilleabháin")
    db.session.add(MakeUpBooking(enrollment_id=visitor.id, session_id=session.id))
    db.session.commit()
    return session


def sheet(client, session):
    return client.get(f"/sessions/{session.id}/roster.pdf")


def test_sheet_lists_the_enrolled_and_the_make_ups_with_a_signature_column(
    client, sign_in, staff, session_run_by_staff
):
    sign_in(staff)
    response = sheet(client, session_run_by_staff)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = shown_text(response.data)
    assert "Łukasz, Paul" in text and "Nguyễn, Paul" in text
    assert "Ó Súilleabháin, Paul (make-up)" in text
    assert "Parti" not in text
    assert "Signature" in text and "Attendance sheet" in text
    assert "Module LAW (en)" in text


def test_sheet_has_a_neutral_file_name_and_title(client, sign_in, staff, session_run_by_staff):
    sign_in(staff)
    response = sheet(client, session_run_by_staff)
    day = days_ago(0).isoformat()
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="roster-{day}-0900.pdf"'
    assert f"/Title (Document {day})".encode() in response.data
    assert not any(word in disposition.lower() for word in REVEALING_WORDS)
    assert b"Nguy" not in response.data.split(b"/Title")[1][:60]


def test_sheet_is_the_same_bytes_each_time(client, sign_in, staff, session_run_by_staff):
    sign_in(staff)
    assert sheet(client, session_run_by_staff).data == sheet(client, session_run_by_staff).data


def test_sheet_is_in_the_readers_language(client, sign_in, session_run_by_staff):
    sign_in(make_user("admin", language="fr"))
    text = shown_text(sheet(client, session_run_by_staff).data)
    assert "Feuille de présence" in text and "Module LAW" in text and "(reprise)" in text


def test_printing_the_sheet_is_logged(client, sign_in, staff, session_run_by_staff):
    sign_in(staff)
    sheet(client, session_run_by_staff)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "session.roster"))
    assert entry.object_id == session_run_by_staff.id and entry.actor_id == staff.id


def test_an_empty_session_prints_that_nobody_is_expected(client, sign_in, staff):
    session = make_session(
        make_cohort(), make_module("LAW"), days_ago(0), professional=make_professional(staff)
    )
    db.session.commit()
    sign_in(staff)
    assert "Nobody is expected at this session." in shown_text(sheet(client, session).data)


def test_staff_who_do_not_run_the_session_cannot_print_it(client, sign_in, session_run_by_staff):
    sign_in(make_user("staff"))
    assert sheet(client, session_run_by_staff).status_code == 403


@pytest.mark.parametrize("role", ["liaison", "participant", "researcher"])
def test_other_roles_cannot_print_the_sheet(client, sign_in, session_run_by_staff, role):
    sign_in(make_user(role))
    assert sheet(client, session_run_by_staff).status_code == 403


def test_unknown_session_is_not_found(client, sign_in, staff):
    sign_in(staff)
    assert client.get("/sessions/999999/roster.pdf").status_code == 404


def test_roll_call_and_session_list_link_to_the_sheet(client, sign_in, staff, session_run_by_staff):
    sign_in(staff)
    link = f"/sessions/{session_run_by_staff.id}/roster.pdf"
    assert link in client.get(f"/sessions/{session_run_by_staff.id}/roll-call").text
    assert link in client.get("/sessions").text
