"""Deadline alerts: open cases near their deadline and exactly what each still lacks."""

from datetime import timedelta

import pytest

from johnschool.clock import program_today
from johnschool.coordination.alerts import first_alerts
from johnschool.extensions import db
from johnschool.referrals.settings import update_settings

from ..attendance import program
from ..enrollment.builders import admitted_case, referred_case
from ..factories import make_user
from ..query_counts import count_queries
from ..research.closed_cases import closed_case


def due_in(case, days):
    """Move the case's deadline to days from today."""
    case.deadline = program_today() + timedelta(days=days)
    db.session.commit()
    return case


def kinds(alert):
    return [missing.kind for missing in alert.missing]


def test_an_open_case_within_the_period_is_alerted_with_its_next_step(app, liaison):
    eligible = due_in(referred_case(liaison), 3)
    admitted = due_in(admitted_case(liaison), 10)
    due_in(referred_case(liaison), 30)  # beyond the 14 days
    due_in(closed_case(liaison, program_today()), 2)  # returned to the prosecutor
    result = first_alerts(program_today(), make_user("admin"))
    assert result.days == 14 and result.total == 2
    assert [(a.case_id, a.days_left, kinds(a)) for a in result.alerts] == [
        (eligible.id, 3, ["consent"]),
        (admitted.id, 10, ["enrollment"]),
    ]


def test_an_enrolled_case_lists_what_completion_still_lacks(app, liaison):
    module = program.make_module("LAW-1")
    cohort = program.make_cohort()
    program.make_session(cohort, module, program.days_ago(1))
    enrollment = program.enroll(liaison, cohort, follow_ups={"sexology": 2})
    due_in(enrollment.case, 5)
    (alert,) = first_alerts(program_today(), make_user("admin")).alerts
    assert kinds(alert) == ["module", "individual", "fee"]
    assert alert.missing[0].code == "LAW-1" and alert.missing[1].count == 2


def test_a_case_past_its_deadline_is_still_alerted(app, liaison):
    case = due_in(referred_case(liaison), -2)
    (alert,) = first_alerts(program_today(), make_user("admin")).alerts
    assert alert.case_id == case.id and alert.days_left == -2


def test_the_period_is_a_program_setting(app, liaison):
    admin = make_user("admin")
    due_in(referred_case(liaison), 30)
    assert first_alerts(program_today(), make_user("admin")).total == 0
    update_settings(120, "300.00", "286.1(1)", by=admin, deadline_alert_days=45)
    db.session.commit()
    assert first_alerts(program_today(), make_user("admin")).total == 1


def test_the_settings_page_changes_the_period(app, client, sign_in):
    sign_in(make_user("admin"))
    form = {
        "deadline_days": 120,
        "default_fee": "300.00",
        "accepted_charges": "286.1(1)",
        "late_tolerance_minutes": 15,
        "retention_years": 5,
        "deadline_alert_days": 91,
    }
    assert client.post("/admin/settings", data=form).status_code == 422
    form["deadline_alert_days"] = 30
    assert client.post("/admin/settings", data=form).status_code == 302
    assert first_alerts(program_today(), make_user("admin")).days == 30


def test_the_liaison_home_shows_only_their_own_cases(app, client, sign_in, liaison):
    mine = due_in(referred_case(liaison), 4)
    theirs = due_in(referred_case(make_user("liaison")), 4)
    page = sign_in(liaison).get("/").get_data(as_text=True)
    assert f"/cases/{mine.id}" in page and f"/cases/{theirs.id}" not in page
    assert "consentement" in page  # what is missing, in French


def test_the_liaison_home_says_when_nothing_is_near(app, client, sign_in, liaison):
    page = sign_in(liaison).get("/").get_data(as_text=True)
    assert 'id="alerts-title"' in page and 'class="empty"' in page


def test_the_alerts_page_lists_all_for_the_admin_and_own_for_a_liaison(
    app, client, sign_in, liaison
):
    mine = [due_in(referred_case(liaison), 5) for _ in range(7)]
    theirs = due_in(referred_case(make_user("liaison")), 5)
    page = sign_in(liaison).get("/alerts").get_data(as_text=True)
    assert all(f"/cases/{case.id}" in page for case in mine)
    assert f"/cases/{theirs.id}" not in page
    page = sign_in(make_user("admin")).get("/alerts").get_data(as_text=True)
    assert f"/cases/{theirs.id}" in page


def test_the_liaison_home_runs_the_same_queries_whatever_the_data(app, client, sign_in, liaison):
    sign_in(liaison)
    module = program.make_module("LAW-1")
    cohort = program.make_cohort()
    due_in(program.enroll(liaison, cohort).case, 3)
    due_in(referred_case(liaison), 3)
    few = count_queries(client, "/")
    for _ in range(4):
        due_in(program.enroll(liaison, cohort).case, 3)
        due_in(admitted_case(liaison), 3)
    program.make_session(cohort, module, program.days_ago(1))
    db.session.commit()
    assert count_queries(client, "/") == few


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
def test_other_roles_never_see_alerts(app, client, sign_in, liaison, role):
    case = due_in(referred_case(liaison), 3)
    signed_in = sign_in(make_user(role))
    assert signed_in.get("/alerts").status_code == 403
    assert f"/cases/{case.id}" not in signed_in.get("/").get_data(as_text=True)
