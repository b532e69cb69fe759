"""Liaisons enrolling into the last seat at the same moment: exactly one gets it."""

import multiprocessing
import time

from sqlalchemy import select

from johnschool.enrollment.models import Enrollment
from johnschool.enrollment.services import enroll
from johnschool.extensions import db

from ..factories import make_user
from .builders import admitted_case, make_cohort

PROCESSES = 4
# Held between counting the seats and taking one: without the cohort's lock, every
# request would count the same free seat in this window and take it.
RACE_WINDOW_SECONDS = 0.3


def slow_seat_count(count):
    """Wrap the seat count so that the request pauses right after it."""

    def counted(cohort_ids):
        result = count(cohort_ids)
        time.sleep(RACE_WINDOW_SECONDS)
        return result

    return counted


def enroll_by_request(database_url, instance_path, user, case_id, cohort_id, start, statuses):
    """In a process of its own: sign in as user and post the enroll form when all are ready."""
    from johnschool import create_app
    from johnschool.enrollment import services

    from ..settings import settings_for_tests

    services.seats_taken = slow_seat_count(services.seats_taken)

    app = create_app(settings_for_tests(database_url, instance_path))
    client = app.test_client()
    with client.session_transaction() as session:
        now = int(time.time())
        session.update(
            {
                "_user_id": str(user[0]),
                "_fresh": True,
                "sv": user[1],
                "login_at": now,
                "seen_at": now,
            }
        )
    start.wait(timeout=60)  # a barrier: every worker is ready, then all go at once
    response = client.post(f"/cases/{case_id}/enroll", data={"cohort_id": cohort_id})
    statuses.put(response.status_code)
    with app.app_context():
        db.engine.dispose()


def test_parallel_requests_for_the_last_seat_give_exactly_one_enrollment(
    app, database_url, instance_path
):
    liaison = make_user("liaison")
    cohort = make_cohort(capacity=2)
    enroll(admitted_case(liaison), cohort, by=liaison)  # one seat left
    db.session.commit()
    case_ids = [admitted_case(liaison).id for _ in range(PROCESSES)]
    user, cohort_id = (liaison.id, liaison.session_version), cohort.id
    db.session.rollback()  # hold no transaction (and so no SQLite lock) while workers run
    context = multiprocessing.get_context("spawn")
    start, statuses = context.Barrier(PROCESSES), context.Queue()
    workers = [
        context.Process(
            target=enroll_by_request,
            args=(database_url, str(instance_path), user, case_id, cohort_id, start, statuses),
        )
        for case_id in case_ids
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES
    assert sorted(statuses.get(timeout=5) for _ in workers) == [302] * PROCESSES
    rows = db.session.scalars(select(Enrollment).where(Enrollment.case_id.in_(case_ids))).all()
    assert sorted(row.status for row in rows) == ["enrolled"] + ["waitlisted"] * (PROCESSES - 1)
    seated = [row for row in rows if row.status == "enrolled"]
    assert seated[0].case.state == "enrolled"
