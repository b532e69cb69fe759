"""A cohort's attendance as CSV: one line per person and session, defused, for case staff."""

import csv
import io

import pytest
from sqlalchemy import select

from johnschool.attendance.models import Attendance, MakeUpBooking
from johnschool.audit.models import AuditEntry
from johnschool.extensions import db

from ..attendance.program import days_ago, enroll, make_cohort, make_module, make_session
from ..factories import make_user
from ..query_counts import count_queries


@pytest.fixture
def liaison(app):
    return make_user("liaison", language="en")


def mark(session, enrollment, status, minutes_late=None):
    db.session.add(
        Attendance(
            session_id=session.id,
            enrollment_id=enrollment.id,
            status=status,
            minutes_late=minutes_late,
        )
    )


@pytest.fixture
def cohort_with_attendance(liaison):
    """Two sessions; two members, one waitlisted, a visitor booked into the second session."""
    cohort, other = make_cohort(), make_cohort()
    first = make_session(cohort, make_module("LAW"), days_ago(2))
    second = make_session(cohort, make_module("HEALTH"), days_ago(1))
    abel = enroll(liaison, cohort, family_name="Abel")
    bruno = enroll(liaison, cohort, family_name="=HYPERLINK(1)")
    waiting = enroll(liaison, cohort, family_name="Attente")
    waiting.status = "waitlisted"
    visitor = enroll(liaison, other, family_name="Visiteur")
    db.session.add(MakeUpBooking(enrollment_id=visitor.id, session_id=second.id))
    mark(first, abel, "present")
    mark(first, bruno, "late", 20)
    mark(second, visitor, "absent")
    db.session.commit()
    return cohort


def export(client, cohort):
    return client.get(f"/cohorts/{cohort.id}/attendance.csv")


def lines(response):
    return list(csv.DictReader(io.StringIO(response.text)))


def test_one_line_per_person_and_session_with_status_and_minutes_late(
    client, sign_in, liaison, cohort_with_attendance
):
    sign_in(liaison)
    response = export(client, cohort_with_attendance)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    got = [
        (line["module"], line["family_name"], line["attendance_status"], line["minutes_late"])
        for line in lines(response)
    ]
    assert got == [
        ("LAW", "Abel", "present", ""),
        ("LAW", "'=HYPERLINK(1)", "late", "20"),
        ("HEALTH", "Abel", "", ""),
        ("HEALTH", "'=HYPERLINK(1)", "", ""),
        ("HEALTH", "Visiteur", "absent", ""),
    ]


def test_the_visitor_is_marked_as_a_make_up(client, sign_in, liaison, cohort_with_attendance):
    sign_in(liaison)
    by_name = {line["family_name"]: line for line in lines(export(client, cohort_with_attendance))}
    assert by_name["Visiteur"]["make_up"] == "yes" and by_name["Abel"]["make_up"] == "no"
    assert by_name["Abel"]["session_date"] == days_ago(1).isoformat()
    assert "Attente" not in by_name


def test_export_has_a_neutral_name_and_is_logged(client, sign_in, liaison, cohort_with_attendance):
    sign_in(liaison)
    response = export(client, cohort_with_attendance)
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="attendance-{cohort_with_attendance.id}.csv"'
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "cohort.attendance_export")
    )
    assert entry.object_id == cohort_with_attendance.id and entry.actor_id == liaison.id


def test_a_cohort_without_sessions_exports_the_header_only(client, sign_in, liaison):
    cohort = make_cohort()
    db.session.commit()
    sign_in(liaison)
    assert export(client, cohort).text.splitlines() == [
        "session_date,session_start,module,family_name,given_name,court_file,make_up,"
        "enrollment_status,attendance_status,minutes_late"
    ]


def test_queries_do_not_grow_with_the_cohort(client, sign_in, liaison):
    cohort = make_cohort()
    module = make_module("LAW")
    sessions = [make_session(cohort, module, days_ago(day)) for day in (1, 2)]
    people = [enroll(liaison, cohort) for _ in range(2)]
    db.session.commit()
    sign_in(liaison)
    path = f"/cohorts/{cohort.id}/attendance.csv"
    few = count_queries(client, path)
    sessions += [make_session(cohort, module, days_ago(day)) for day in (3, 4, 5)]
    people += [enroll(liaison, cohort) for _ in range(4)]
    for session in sessions:
        mark(session, people[0], "present")
    db.session.commit()
    assert count_queries(client, path) == few


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
def test_other_roles_cannot_export_attendance(client, sign_in, cohort_with_attendance, role):
    sign_in(make_user(role))
    assert export(client, cohort_with_attendance).status_code == 403
