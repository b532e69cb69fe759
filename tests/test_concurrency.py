"""Read-then-write transactions lose no update, on SQLite and on PostgreSQL."""

import multiprocessing
import os

import pytest
from sqlalchemy import create_engine, event, update
from sqlalchemy.exc import OperationalError

from johnschool.auth.models import User
from johnschool.extensions import db

from .factories import make_user

PROCESSES = 4
sqlite_only = pytest.mark.skipif(
    bool(os.environ.get("JOHNSCHOOL_TEST_DATABASE_URL")),
    reason="SQLite's transaction modes",
)
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


def begin_statements(client, method, path, **kwargs):
    """The BEGIN statements one request sends to the database."""
    seen = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    db.session.rollback()
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        client.open(path, method=method, **kwargs)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return seen


@sqlite_only
def test_sqlite_pages_read_without_the_write_lock_and_forms_take_it(client, sign_in):
    user = make_user("admin")
    sign_in(user)
    assert set(begin_statements(client, "GET", "/admin/users")) == {"BEGIN DEFERRED"}
    posted = begin_statements(client, "POST", "/language", data={"lang": "en", "next": "/"})
    assert posted and set(posted) == {"BEGIN IMMEDIATE"}


@sqlite_only
def test_sqlite_read_only_transaction_that_writes_after_a_commit_fails_instead_of_losing_it(
    app, database_url
):
    user_id = make_user("staff").id
    db.session.rollback()
    other_process = create_engine(database_url)
    with app.test_request_context("/", method="GET"):
        user = db.session.get(User, user_id)  # the reads of a page: DEFERRED
        with other_process.begin() as connection:
            connection.execute(update(User).where(User.id == user_id).values(failed_login_count=7))
        user.failed_login_count += 1
        with pytest.raises(OperationalError):
            db.session.flush()
        db.session.rollback()
    other_process.dispose()
    assert db.session.get(User, user_id).failed_login_count == 7
