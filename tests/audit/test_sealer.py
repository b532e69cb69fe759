"""The sealer chains settled entries in id order; a request only inserts its entry."""

import multiprocessing

import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import make_url

from johnschool.audit.models import AuditEntry, AuditHead, AuditSeal
from johnschool.audit.sealer import seal
from johnschool.audit.services import GENESIS_HASH, chain_hash, record, verify_chain
from johnschool.cli import audit_cli, notify_cli
from johnschool.extensions import db


def write(count):
    """Record count entries and commit them, unsealed."""
    for number in range(count):
        record("test.event", f"event {number}")
    db.session.commit()


def seals():
    """The seals in id order."""
    return db.session.scalars(select(AuditSeal).order_by(AuditSeal.entry_id)).all()


def test_recording_only_inserts_the_entry(app):
    statements = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith("BEGIN"):  # SQLite's own, see database.py
            statements.append(statement.split()[:3])

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        record("test.event", "one")
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    db.session.commit()
    assert statements == [["INSERT", "INTO", "audit_entry"]]


def test_seal_chains_the_entries_in_id_order_and_moves_the_head(app):
    write(3)
    assert seal().sealed == 3
    write(2)
    assert seal().sealed == 2
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    previous = GENESIS_HASH
    for entry, sealed in zip(entries, seals(), strict=True):
        assert (sealed.entry_id, sealed.prev_hash) == (entry.id, previous)
        assert sealed.chain_hash == chain_hash(previous, entry)
        previous = sealed.chain_hash
    head = db.session.get(AuditHead, 1)
    assert (head.last_entry_id, head.last_hash) == (entries[-1].id, previous)
    assert seal().sealed == 0
    assert verify_chain().is_intact


def test_seal_works_batch_by_batch(app):
    write(5)
    assert seal(batch_size=2).sealed == 5
    report = verify_chain()
    assert report.is_intact and report.unsealed == 0 and report.checked == 5


@pytest.mark.parametrize("app_config", [{"AUDIT_SEAL_MARGIN_SECONDS": 3600}])
def test_entries_younger_than_the_margin_wait_for_a_later_round(app):
    write(2)
    assert seal().sealed == 0
    report = verify_chain()
    assert report.is_intact and report.unsealed == 2
    result = app.test_cli_runner().invoke(audit_cli, ["verify"])
    assert result.exit_code == 0 and "2 not sealed yet" in result.output


def test_seal_stops_at_an_entry_edited_before_it_was_sealed(app):
    write(3)
    second = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()[1]
    db.session.execute(
        text("UPDATE audit_entry SET summary = 'other' WHERE id = :id"), {"id": second}
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(audit_cli, ["seal"])
    assert result.exit_code == 1 and f"audit entry {second} was edited" in result.output
    assert [row.entry_id for row in seals()] == [second - 1]
    assert verify_chain().bad_entry_id == second


def test_seal_command_says_how_many_it_sealed(app):
    write(4)
    result = app.test_cli_runner().invoke(audit_cli, ["seal"])
    assert result.exit_code == 0 and "4 audit entries sealed" in result.output


def test_the_outbox_worker_seals_each_round(app):
    write(2)
    result = app.test_cli_runner().invoke(notify_cli, ["send"])
    assert result.exit_code == 0
    assert len(seals()) == 2


@pytest.fixture
def other_connection(database_url):
    """A second connection to the test database, as another request would hold."""
    if not database_url.startswith("postgresql"):
        pytest.skip("an open transaction beside the sealer needs PostgreSQL")
    engine = create_engine(make_url(database_url).set(drivername="postgresql+psycopg"))
    connection = engine.connect()
    yield connection
    connection.close()
    engine.dispose()


def test_an_open_transaction_holds_back_what_was_written_after_it_began(app, other_connection):
    write(1)
    other_connection.execute(text("SELECT 1"))  # begins a transaction that may still write
    write(2)
    assert seal().sealed == 1
    other_connection.rollback()
    assert seal().sealed == 2
    assert verify_chain().is_intact


def test_a_request_records_while_a_sealer_holds_the_head(app, other_connection):
    other_connection.execute(text("SELECT * FROM audit_head WHERE id = 1 FOR UPDATE"))
    db.session.execute(text("SET LOCAL lock_timeout = '2s'"))  # an error, were it to wait
    record("test.event", "written beside the sealer")
    db.session.commit()
    other_connection.rollback()
    assert verify_chain().unsealed == 1


def seal_in_a_process(database_url, instance_path, start):
    """In a process of its own: seal in small batches once told to start."""
    from johnschool import create_app

    from ..settings import settings_for_tests

    app = create_app(settings_for_tests(database_url, instance_path))
    with app.app_context():
        start.wait(timeout=30)
        seal(batch_size=7)
        db.engine.dispose()


def test_sealers_running_at_once_make_one_chain(app, database_url, instance_path):
    write(120)
    db.session.rollback()  # hold no transaction (and so no SQLite lock) while they run
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    sealers = [
        context.Process(target=seal_in_a_process, args=(database_url, str(instance_path), start))
        for _ in range(3)
    ]
    for sealer in sealers:
        sealer.start()
    start.set()
    for sealer in sealers:
        sealer.join(timeout=120)
    assert [sealer.exitcode for sealer in sealers] == [0, 0, 0]
    report = verify_chain()
    assert report.is_intact and (report.checked, report.unsealed) == (120, 0)
