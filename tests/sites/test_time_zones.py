"""A site's time zone: its sessions are scheduled, shown, written and texted on its clock.

The program's zone is America/Toronto; the Halifax site is one hour ahead of it. The
first site (MTL) has no zone of its own and keeps the program's.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask_login import login_user
from sqlalchemy import select

from johnschool import clock
from johnschool.attendance.services import AttendanceStateError, Mark, save_roll_call
from johnschool.auth.models import User
from johnschool.curriculum.models import Cohort, Professional, Session
from johnschool.curriculum.services import CohortDraft, create_cohort
from johnschool.extensions import db
from johnschool.i18n import select_timezone
from johnschool.messages import services as message_services
from johnschool.messages.delivery import send_pending
from johnschool.messages.models import OutboxMessage
from johnschool.messages.reminders import reminder_text
from johnschool.messages.services import queue_message
from johnschool.messages.sms_text import reminder_sms
from johnschool.portal.calendar import render_calendar
from johnschool.portal.services import invite_participant, participant_site
from johnschool.reports.roster_sheet import roster_sheet
from johnschool.sites.models import Site
from johnschool.sites.services import create_site

from ..attendance.program import enroll, make_module
from ..factories import FIRST_SITE, make_user
from ..query_counts import count_queries

YEAR = date.today().year + 1  # always to come, whatever today is
WINTER_DAY = date(YEAR, 1, 15)  # standard time: Halifax UTC-4, Toronto UTC-5
SUMMER_DAY = date(YEAR, 7, 15)  # daylight time: Halifax UTC-3


@dataclass
class SiteWorld:
    """A site with its staff member (a professional), liaison, admin, module and cohort."""

    site: Site
    staff: object
    liaison: object
    admin: object
    professional: Professional
    cohort: Cohort


def site_world(site: Site, module) -> SiteWorld:
    """The people and the cohort of site, committed."""
    staff = make_user("staff", site=site, language="en")
    liaison = make_user("liaison", site=site, language="en")
    admin = make_user("admin", site=site, language="en")
    professional = Professional(name=f"Pro {site.code}", site_id=site.id, user_id=staff.id)
    cohort = Cohort(
        site_id=site.id,
        code=f"C-{site.code}",
        language="fr",
        capacity=20,
        place="Salle 1",
        starts_on=WINTER_DAY,
        format="one_day",
        status="planned",
    )
    db.session.add_all([professional, cohort])
    db.session.commit()
    return SiteWorld(site, staff, liaison, admin, professional, cohort)


def add_session(world: SiteWorld, module, starts_at: datetime) -> Session:
    """A group session of world's cohort at starts_at (aware), one hour long, run by its staff."""
    session = Session(
        kind="group",
        site_id=world.site.id,
        cohort_id=world.cohort.id,
        module_id=module.id,
        discipline=module.discipline,
        starts_at=starts_at.astimezone(UTC),
        ends_at=(starts_at + timedelta(hours=1)).astimezone(UTC),
        place="Salle 1",
        professional_id=world.professional.id,
    )
    db.session.add(session)
    db.session.commit()
    return session


def halifax_moment(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Halifax."""
    return datetime.combine(day, time(hour, minute), clock.zone("America/Halifax"))


@pytest.fixture
def module(app):
    """The one module of these tests."""
    law = make_module("LAW")
    db.session.commit()
    return law


@pytest.fixture
def halifax(app, module):
    """The Halifax site (America/Halifax), its people and its cohort."""
    site = create_site("HFX", "Halifax", time_zone="America/Halifax")
    db.session.commit()
    return site_world(site, module)


@pytest.fixture
def montreal(app, module, halifax):
    """The first site, without a zone of its own (the program's), its people and its cohort."""
    site = db.session.scalar(select(Site).where(Site.code == FIRST_SITE))
    return site_world(site, module)


@pytest.fixture
def evening(halifax, module):
    """A Halifax session on a winter day at 18:00, Halifax time."""
    return add_session(halifax, module, halifax_moment(WINTER_DAY, 18))


def test_the_zone_of_a_site_is_its_own_or_the_programs(montreal, halifax):
    assert clock.site_zone(halifax.site).key == "America/Halifax"
    assert clock.site_zone(montreal.site).key == "America/Toronto"
    assert clock.site_zone(None).key == "America/Toronto"


def test_a_session_edited_to_18_00_in_halifax_is_stored_in_utc_by_halifax_time(
    client, sign_in, halifax, evening
):
    sign_in(halifax.admin)
    form = {"day": WINTER_DAY.isoformat(), "starts_at": "18:00", "ends_at": "19:30", "place": "B"}
    response = client.post(f"/admin/sessions/{evening.id}/edit", data=form)
    assert response.status_code == 302
    db.session.expire_all()
    session = db.session.get(Session, evening.id)
    assert session.starts_at == datetime.combine(WINTER_DAY, time(22), UTC)  # 18:00 AST
    assert session.ends_at == datetime.combine(WINTER_DAY, time(23, 30), UTC)
    page = client.get(f"/admin/sessions/{evening.id}/edit").get_data(as_text=True)
    assert 'value="18:00"' in page and "America/Halifax" in page


def test_a_cohort_of_halifax_is_scheduled_on_halifax_time_summer_and_winter(halifax, module):
    province_admin = make_user("admin", language="en")
    for day, utc_hour in ((WINTER_DAY, 22), (SUMMER_DAY, 21)):
        draft = CohortDraft(
            code=f"H-{day.month}",
            language="fr",
            capacity=10,
            place="Salle 2",
            starts_on=day,
            format="weekly",
            start_time=time(18),
            site_id=halifax.site.id,
        )
        cohort = create_cohort(draft, by=province_admin)
        db.session.commit()
        (session,) = cohort.sessions
        assert session.site_id == halifax.site.id
        assert session.starts_at == datetime.combine(day, time(utc_hour), UTC)


def test_the_roll_call_shows_the_halifax_time(client, sign_in, halifax, evening):
    sign_in(halifax.staff)
    page = client.get(f"/sessions/{evening.id}/roll-call").get_data(as_text=True)
    assert f"{WINTER_DAY.isoformat()} 18:00" in page
    assert f"{WINTER_DAY.isoformat()} 17:00" not in page


def test_the_roster_sheet_prints_the_halifax_time(app, halifax, evening):
    with app.test_request_context():
        sheet = roster_sheet(evening)
    assert (sheet.day, sheet.starts, sheet.ends) == (WINTER_DAY, "18:00", "19:00")


def test_the_calendar_entry_carries_halifax_and_stays_discreet(app, halifax, evening):
    ics = render_calendar([evening], "fr").decode()
    unfolded = ics.replace("\r\n ", "")
    assert f"DTSTART;TZID=America/Halifax:{WINTER_DAY:%Y%m%d}T180000" in unfolded
    assert "BEGIN:VTIMEZONE\r\nTZID:America/Halifax" in unfolded
    assert "America/Toronto" not in unfolded
    assert "X-WR-TIMEZONE:America/Halifax" in unfolded
    assert "Module LAW" not in unfolded and "SUMMARY:Séance de formation" in unfolded


def test_a_calendar_of_two_sites_describes_each_zone(app, montreal, halifax, module, evening):
    toronto = datetime.combine(WINTER_DAY + timedelta(days=1), time(18), clock.program_zone())
    other = add_session(montreal, module, toronto)
    unfolded = render_calendar([evening, other], "en").decode().replace("\r\n ", "")
    assert unfolded.count("BEGIN:VTIMEZONE") == 2
    assert f"DTSTART;TZID=America/Toronto:{WINTER_DAY + timedelta(days=1):%Y%m%d}T180000" in (
        unfolded
    )
    assert f"DTSTART;TZID=America/Halifax:{WINTER_DAY:%Y%m%d}T180000" in unfolded


def test_the_reminder_email_and_text_give_the_halifax_time(app, halifax, evening):
    _subject, body = reminder_text(evening, "fr")
    assert "18 h 00" in body and "17 h 00" not in body
    text = reminder_sms(evening, "fr")
    assert "18 h 00" in text and "17 h 00" not in text


def test_a_site_without_a_zone_keeps_the_programs(client, sign_in, montreal, module):
    session = add_session(
        montreal, module, datetime.combine(WINTER_DAY, time(18), clock.program_zone())
    )
    assert session.starts_at == datetime.combine(WINTER_DAY, time(23), UTC)
    sign_in(montreal.staff)
    page = client.get(f"/sessions/{session.id}/roll-call").get_data(as_text=True)
    assert f"{WINTER_DAY.isoformat()} 18:00" in page
    assert "DTSTART;TZID=America/Toronto:" in render_calendar([session], "fr").decode()
    assert "18 h 00" in reminder_text(session, "fr")[1]


def test_a_province_wide_admin_sees_a_halifax_session_on_halifax_time(
    client, sign_in, halifax, evening
):
    sign_in(make_user("admin", language="en"))
    page = client.get(f"/cohorts/{halifax.cohort.id}").get_data(as_text=True)
    assert f"{WINTER_DAY.isoformat()} 18:00" in page


# 04:30 UTC on the day after WINTER_DAY: 00:30 in Halifax, still 23:30 the day before in Toronto.
JUST_AFTER_MIDNIGHT = datetime.combine(WINTER_DAY + timedelta(days=1), time(4, 30), UTC)


@pytest.fixture
def halifax_midnight(monkeypatch, halifax, module):
    """Halifax's date has turned, Toronto's not yet: last evening's and this morning's sessions."""
    monkeypatch.setattr(clock, "now", lambda: JUST_AFTER_MIDNIGHT)
    last_evening = add_session(halifax, module, halifax_moment(WINTER_DAY, 21))
    this_morning = add_session(halifax, module, halifax_moment(WINTER_DAY + timedelta(days=1), 9))
    return last_evening, this_morning


def test_halifax_staff_see_todays_sessions_by_halifax_date(
    client, sign_in, halifax, halifax_midnight
):
    last_evening, _this_morning = halifax_midnight
    assert clock.site_today(last_evening.site) == WINTER_DAY + timedelta(days=1)
    assert clock.program_today() == WINTER_DAY
    sign_in(halifax.staff)
    page = client.get("/").get_data(as_text=True)
    assert f"{(WINTER_DAY + timedelta(days=1)).isoformat()} 09:00" in page
    assert f"{WINTER_DAY.isoformat()} 21:00" not in page  # yesterday in Halifax


def test_attendance_opens_on_the_halifax_day_of_the_session(halifax, halifax_midnight):
    _last_evening, this_morning = halifax_midnight
    enrollment = enroll(halifax.liaison, halifax.cohort)
    db.session.commit()
    marks = [Mark(enrollment.id, "present")]
    changes = save_roll_call(this_morning, marks, by=halifax.staff)
    db.session.commit()
    assert changes  # Toronto's date is still the day before the session: it would refuse

    tomorrow = add_session(
        halifax, this_morning.module, halifax_moment(WINTER_DAY + timedelta(days=2), 0, 15)
    )
    with pytest.raises(AttendanceStateError):
        save_roll_call(tomorrow, marks, by=halifax.staff)


def test_texts_keep_the_quiet_hours_of_the_recipients_site(app, montreal, halifax, monkeypatch):
    # 12:30 UTC: 8:30 in Halifax, when texts may go; 7:30 in Toronto, when they wait.
    morning = datetime.combine(WINTER_DAY, time(12, 30), UTC)
    monkeypatch.setattr(message_services, "utcnow", lambda: morning)
    ids = {}
    for world in (halifax, montreal):
        case_id = enroll(world.liaison, world.cohort).case_id
        message = queue_message(
            kind="reminder",
            channel="sms",
            to_address="+15145550123",
            language="fr",
            subject="",
            body="Rappel.",
            case_id=case_id,
        )
        ids[world.site.code] = message.id
    db.session.commit()
    assert db.session.get(OutboxMessage, ids["HFX"]).next_attempt_at == morning
    toronto_eight = datetime.combine(WINTER_DAY, time(13), UTC)
    assert db.session.get(OutboxMessage, ids[FIRST_SITE]).next_attempt_at == toronto_eight

    # A Halifax text retried into the Halifax night waits for Halifax's morning.
    night = datetime.combine(WINTER_DAY, time(1), UTC) + timedelta(days=1)  # 21:00 Halifax
    db.session.get(OutboxMessage, ids["HFX"]).next_attempt_at = night
    db.session.commit()
    assert send_pending(now=night).sent == 0
    db.session.expire_all()
    halifax_eight = datetime.combine(WINTER_DAY + timedelta(days=1), time(12), UTC)
    assert db.session.get(OutboxMessage, ids["HFX"]).next_attempt_at == halifax_eight
    assert db.session.get(OutboxMessage, ids["HFX"]).status == "pending"


def test_readers_see_times_on_the_clock_of_their_site(app, montreal, halifax):
    enrollment = enroll(halifax.liaison, halifax.cohort)
    enrollment.case.client.email = "participant@example.org"
    db.session.commit()
    invite_participant(enrollment.case, by=halifax.liaison)
    db.session.commit()
    participant = db.session.scalar(select(User).where(User.role == "participant"))
    assert participant_site(participant).id == halifax.site.id
    expected = {
        halifax.staff: "America/Halifax",
        halifax.admin: "America/Halifax",
        participant: "America/Halifax",
        montreal.liaison: "America/Toronto",
        make_user("admin"): "America/Toronto",
        make_user("researcher"): "America/Toronto",
    }
    for user, zone_name in expected.items():
        with app.test_request_context():
            login_user(user)
            assert select_timezone() == zone_name, user


def test_a_halifax_staff_members_session_list_costs_the_same_queries_at_any_length(
    client, sign_in, halifax, module
):
    add_session(halifax, module, halifax_moment(WINTER_DAY, 18))
    sign_in(halifax.staff)
    few = count_queries(client, "/sessions")
    for days in range(1, 6):
        add_session(halifax, module, halifax_moment(WINTER_DAY + timedelta(days=days), 18))
    assert count_queries(client, "/sessions") == few


@pytest.mark.parametrize("name", ["America/Atlantis", "localtime", "../etc/passwd"])
def test_an_unknown_zone_is_refused_on_the_site_form(client, sign_in, halifax, name):
    sign_in(make_user("admin"))
    data = {"name_fr": "Halifax", "time_zone": name}
    response = client.post(f"/admin/sites/{halifax.site.id}/edit", data=data)
    assert response.status_code == 422
    assert "Fuseau horaire inconnu." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Site, halifax.site.id).time_zone == "America/Halifax"
