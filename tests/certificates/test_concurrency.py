"""Certificates issued at the same moment by several processes: consecutive serials, no gap.

Runs on SQLite and on PostgreSQL (JOHNSCHOOL_TEST_DATABASE_URL), as tests/test_concurrency.py.
The year's counter row does not exist when the workers start: its creation races too.
"""

import multiprocessing

from sqlalchemy import select

from johnschool.certificates.models import Certificate
from johnschool.extensions import db

from ..factories import make_user
from .helpers import complete_enrollment, make_cohort

PROCESSES = 4
PER_PROCESS = 5


def issue_all(database_url, instance_path, user_id, enrollment_ids, start):
    """In a process of its own: issue a certificate for each enrollment, one commit each."""
    from johnschool import create_app
    from johnschool.auth.models import User
    from johnschool.certificates.services import issue_certificate
    from johnschool.enrollment.models import Enrollment
    from johnschool.referrals.errors import CaseStateError

    from ..settings import settings_for_tests

    app = create_app(settings_for_tests(database_url, instance_path))
    with app.app_context():
        user = db.session.get(User, user_id)
        start.wait(timeout=30)
        for enrollment_id in enrollment_ids:
            try:
                issue_certificate(db.session.get(Enrollment, enrollment_id), by=user)
                db.session.commit()
            except CaseStateError:  # the shared enrollment, certified by another process
                db.session.rollback()
        db.engine.dispose()


def run_workers(database_url, instance_path, user_id, batches):
    """Start one process per batch at the same moment and wait for them all."""
    db.session.rollback()  # hold no transaction (and so no SQLite lock) while workers run
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(
            target=issue_all, args=(database_url, str(instance_path), user_id, batch, start)
        )
        for batch in batches
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=180)
    return [worker.exitcode for worker in workers]


def test_parallel_issuance_gives_consecutive_serials_without_duplicates(
    app, database_url, instance_path
):
    liaison = make_user("liaison")
    cohort = make_cohort()
    ids = [
        complete_enrollment(liaison, cohort, given_name=f"Jean{n}").id
        for n in range(PROCESSES * PER_PROCESS)
    ]
    shared = complete_enrollment(liaison, cohort, given_name="Partage").id
    batches = [[*ids[n::PROCESSES], shared] for n in range(PROCESSES)]
    assert run_workers(database_url, instance_path, liaison.id, batches) == [0] * PROCESSES
    db.session.expire_all()
    certificates = db.session.scalars(select(Certificate).order_by(Certificate.number)).all()
    total = PROCESSES * PER_PROCESS + 1
    assert [certificate.number for certificate in certificates] == list(range(1, total + 1))
    assert len({certificate.serial for certificate in certificates}) == total
    assert [c.enrollment_id for c in certificates].count(shared) == 1
