"""The attendance API: a session's roster, its roll call, an enrollment's progress."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from johnschool.attendance.models import Attendance
from johnschool.extensions import db
from johnschool.portal.models import ParticipantAccount

from ..attendance.program import (
    days_ago,
    enroll,
    make_cohort,
    make_module,
    make_professional,
    make_session,
)
from ..factories import make_token, make_user


@pytest.fixture
def setting(app):
    """Staff running a session today with two participants, and a third in another cohort."""
    staff, liaison = make_user("staff", language="en"), make_user("liaison", language="en")
    cohort = make_cohort()
    session = make_session(
        cohort, make_module("LAW"), days_ago(0), professional=make_professional(staff)
    )
    people = [enroll(liaison, cohort) for _ in range(2)]
    stranger = enroll(liaison, make_cohort())
    db.session.commit()
    return {
        "session": session,
        "people": people,
        "stranger": stranger,
        "headers": {"Authorization": f"Bearer {make_token(staff)}"},
        "liaison": {"Authorization": f"Bearer {make_token(liaison)}"},
    }


def put(client, setting, records, **extra):
    return client.put(
        f"/api/v1/sessions/{setting['session'].id}/attendance",
        json={"records": records, **extra},
        headers=setting["headers"],
    )


def saved(setting):
    return db.session.scalars(
        select(Attendance).where(Attendance.session_id == setting["session"].id)
    ).all()


def test_roster_lists_who_is_expected_with_nothing_recorded(client, setting):
    response = client.get(
        f"/api/v1/sessions/{setting['session'].id}/roster", headers=setting["headers"]
    )
    body = response.get_json()
    assert response.status_code == 200
    assert {item["enrollment_id"] for item in body["items"]} == {p.id for p in setting["people"]}
    assert body["unmarked"] == 2 and all(item["status"] is None for item in body["items"])


def test_put_records_and_answers_the_roster(client, setting):
    first, second = setting["people"]
    response = put(
        client,
        setting,
        [
            {"enrollment_id": first.id, "status": "present"},
            {"enrollment_id": second.id, "status": "late", "minutes_late": 5},
        ],
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["unmarked"] == 0
    assert {i["enrollment_id"]: i["minutes_late"] for i in body["items"]}[second.id] == 5
    assert len(saved(setting)) == 2


def test_put_again_corrects_without_duplicates(client, setting):
    first, _ = setting["people"]
    put(client, setting, [{"enrollment_id": first.id, "status": "present"}])
    put(client, setting, [{"enrollment_id": first.id, "status": "excused"}])
    assert [row.status for row in saved(setting)] == ["excused"]


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        ({"enrollment_id": 999999, "status": "present"}, "enrollment_id", "not on the roster"),
        ({"enrollment_id": "stranger", "status": "present"}, "enrollment_id", "not on the roster"),
        ({"enrollment_id": "first", "status": "asleep"}, "status", "present, late"),
        ({"enrollment_id": "first", "status": "late", "minutes_late": -5}, "minutes_late", "1 to"),
        ({"enrollment_id": "first", "status": "late"}, "minutes_late", "minutes late"),
        ({"enrollment_id": "1", "status": "present"}, "enrollment_id", "number"),
    ],
    ids=[
        "unknown id",
        "not on roster",
        "impossible status",
        "negative minutes",
        "late without minutes",
        "id as text",
    ],
)
def test_an_invalid_record_is_named_and_nothing_is_saved(client, setting, bad, field, message):
    first, second = setting["people"]
    names = {"first": first.id, "stranger": setting["stranger"].id}
    bad = {**bad, "enrollment_id": names.get(bad["enrollment_id"], bad["enrollment_id"])}
    records = [
        {"enrollment_id": second.id, "status": "present"},
        {"enrollment_id": first.id, "status": "present"},
        bad,
    ]
    if bad["enrollment_id"] == first.id:
        records = records[:1] + records[2:]
    response = put(client, setting, records)
    assert response.status_code == 422
    body = response.get_json()
    index = len(records) - 1
    assert list(body["fields"]) == [f"records[{index}].{field}"]
    assert message in body["fields"][f"records[{index}].{field}"]
    assert saved(setting) == []


def test_a_body_without_records_is_refused(client, setting):
    response = client.put(
        f"/api/v1/sessions/{setting['session'].id}/attendance",
        json={},
        headers=setting["headers"],
    )
    assert response.status_code == 422 and "records" in response.get_json()["fields"]


def test_before_the_sessions_day_answers_409(client, setting):
    session = setting["session"]
    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)
    db.session.commit()
    first, _ = setting["people"]
    response = put(client, setting, [{"enrollment_id": first.id, "status": "present"}])
    assert response.status_code == 409 and saved(setting) == []


def test_staff_of_another_session_get_403(client, setting):
    headers = {"Authorization": f"Bearer {make_token(make_user('staff'))}"}
    session_id = setting["session"].id
    assert client.get(f"/api/v1/sessions/{session_id}/roster", headers=headers).status_code == 403
    response = client.put(
        f"/api/v1/sessions/{session_id}/attendance",
        json={"records": [{"enrollment_id": setting["people"][0].id, "status": "present"}]},
        headers=headers,
    )
    assert response.status_code == 403 and saved(setting) == []


def test_liaison_reads_an_enrollment_with_what_is_missing(client, setting):
    first = setting["people"][0]
    response = client.get(f"/api/v1/enrollments/{first.id}", headers=setting["liaison"])
    assert response.status_code == 200
    assert response.get_json() == {
        "id": first.id,
        "status": "enrolled",
        "case_id": first.case_id,
        "cohort_id": first.cohort_id,
        "missing": [{"kind": "module", "code": "LAW"}, {"kind": "fee", "amount": "300.00"}],
    }


def participant_headers(enrollment):
    """A participant account tied to enrollment's client, and its token."""
    user = make_user("participant")
    db.session.add(ParticipantAccount(user_id=user.id, client_id=enrollment.case.client_id))
    db.session.commit()
    return {"Authorization": f"Bearer {make_token(user)}"}


def test_a_participant_reads_their_own_enrollment(client, setting):
    first = setting["people"][0]
    response = client.get(f"/api/v1/enrollments/{first.id}", headers=participant_headers(first))
    assert response.status_code == 200 and response.get_json()["id"] == first.id


def test_a_participant_gets_404_for_someone_elses_enrollment(client, setting):
    first, second = setting["people"]
    response = client.get(f"/api/v1/enrollments/{second.id}", headers=participant_headers(first))
    assert response.status_code == 404


def test_a_participant_cannot_read_a_roster(client, setting):
    first = setting["people"][0]
    response = client.get(
        f"/api/v1/sessions/{setting['session'].id}/roster", headers=participant_headers(first)
    )
    assert response.status_code == 403
