"""Read-then-write transactions lose no update, on SQLite and on PostgreSQL."""

import multiprocessing

from johnschool.auth.models import User
from johnschool.extensions import db

from .factories import make_user

PROCESSES = 4
INCREMENTS = 25


def increment_failures(database_url, instance_path, user_id, start, count):
    """In a process of its own: count failed logins one transaction at a time."""
    from johnschool import create_app
    from johnschool.auth.services import note_failed_login

    from .settings import settings_for_tests

    app = create_app(settings_for_tests(database_url, instance_path))
    with app.app_context():
        start.wait(timeout=30)
        for _ in range(count):
            note_failed_login(user_id)
            db.session.commit()
        db.engine.dispose()


def test_parallel_increments_through_the_app_end_with_the_exact_total(
    app, database_url, instance_path
):
    user_id = make_user("staff").id
    db.session.rollback()  # hold no transaction (and so no SQLite lock) while workers run
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(
            target=increment_failures,
            args=(database_url, str(instance_path), user_id, start, INCREMENTS),
        )
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES
    assert db.session.get(User, user_id).failed_login_count == PROCESSES * INCREMENTS
