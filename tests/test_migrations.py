"""Migrations build the schema from nothing, undo it, and agree with the models."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from johnschool import create_app
from johnschool.database import for_dialect
from johnschool.extensions import db

from .settings import settings_for_tests


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database with nothing in it, of the same kind as the suite's."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    url = make_url(database_url).set(drivername="postgresql+psycopg")
    name = f"johnschool_migrations_{uuid.uuid4().hex[:10]}"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.dispose()


@pytest.fixture
def migration_app(empty_database_url, tmp_path):
    """An application pointed at the empty database."""
    app = create_app(settings_for_tests(empty_database_url, tmp_path))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def table_names():
    """The tables now in the database, without Alembic's own."""
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def schema_differences():
    """What autogenerate would change to make the database match the models."""
    with db.engine.connect() as connection:
        opts = {"compare_type": True, "include_object": for_dialect(connection.dialect.name)}
        context = MigrationContext.configure(connection, opts=opts)
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_to_head_creates_every_model_table(migration_app):
    upgrade()
    assert table_names() == set(db.metadata.tables)


def test_models_and_migrations_agree(migration_app):
    upgrade()
    assert schema_differences() == []


def test_downgrade_to_base_removes_everything_and_upgrade_works_again(migration_app):
    upgrade()
    downgrade(revision="base")
    assert table_names() == set()
    upgrade()
    assert table_names() == set(db.metadata.tables)


def test_migrated_database_starts_an_intact_audit_chain(migration_app):
    from johnschool.audit.services import record, verify_chain

    upgrade()
    record("test.event", "first entry after migration")
    db.session.commit()
    assert verify_chain().is_intact


def test_upgrade_loads_the_shipped_curriculum_once_and_downgrade_takes_it_out(migration_app):
    from sqlalchemy import select

    from johnschool.curriculum.models import Module
    from johnschool.curriculum.shipped import shipped_modules

    def codes():
        db.session.rollback()
        return sorted(db.session.scalars(select(Module.code)))

    upgrade()
    assert codes() == sorted(row["code"] for row in shipped_modules())
    db.session.remove()
    downgrade(revision="c787ecc0eb99")
    assert codes() == []
    db.session.remove()
    upgrade()
    assert len(codes()) == len(shipped_modules())


def test_upgrade_loads_the_shipped_questionnaires_once_and_downgrade_takes_them_out(
    migration_app,
):
    from sqlalchemy import func, select

    from johnschool.questionnaires.models import ItemChoice, QuestionItem, Questionnaire
    from johnschool.questionnaires.services import current_version

    def counts():
        db.session.rollback()
        return [
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Questionnaire, QuestionItem, ItemChoice)
        ]

    upgrade()
    loaded = counts()
    assert loaded[0] == 2 and loaded[1] >= 18
    assert [item.code for item in current_version("intake_profile").items][0] == "marital_status"
    db.session.remove()
    downgrade(revision="281851d9e897")
    assert counts() == [0, 0, 0]
    db.session.remove()
    upgrade()
    assert counts() == loaded


OLD_AUDIT_HEAD = "a7c3e9f1b2d4"  # entries chained as they were written


def old_audit_tables():
    """audit_entry and audit_head as they were before the sealer."""
    from sqlalchemy import Integer, String, column, table

    from johnschool.database import UTCDateTime

    names = ("actor_role", "action", "summary", "object_type", "source_ip", "outcome", "data")
    entry = table(
        "audit_entry",
        column("id", Integer),
        column("created_at", UTCDateTime()),
        column("actor_id", Integer),
        column("object_id", Integer),
        *(column(name, String) for name in names + ("prev_hash", "entry_hash")),
    )
    head = table("audit_head", column("id"), column("last_entry_id"), column("last_hash"))
    return entry, head


def write_old_chain(count):
    """Write count entries chained the way record() chained them before the sealer."""
    from types import SimpleNamespace

    from sqlalchemy import func, select, update

    from johnschool.audit.services import GENESIS_HASH, chain_hash
    from johnschool.database import utcnow

    entry, head = old_audit_tables()
    previous = GENESIS_HASH
    for number in range(1, count + 1):
        row = SimpleNamespace(
            created_at=utcnow(),
            actor_id=None,
            actor_role=None,
            action="test.event",
            summary=f"old {number}",
            object_type="thing",
            object_id=number,
            source_ip="192.0.2.1",
            outcome="success",
            data="{}",
        )
        link = chain_hash(previous, row)
        db.session.execute(entry.insert().values(**vars(row), prev_hash=previous, entry_hash=link))
        previous = link
    newest = db.session.execute(select(func.max(entry.c.id))).scalar()
    db.session.execute(update(head).values(last_entry_id=newest, last_hash=previous))
    db.session.commit()


def test_upgrade_seals_the_entries_chained_before_and_downgrade_chains_the_rest(
    migration_app,
):
    from sqlalchemy import select

    from johnschool.audit.services import GENESIS_HASH, chain_hash, record, verify_chain

    upgrade(revision=OLD_AUDIT_HEAD)
    write_old_chain(3)
    upgrade()
    report = verify_chain()
    assert report.is_intact and (report.checked, report.unsealed) == (3, 0)
    record("test.event", "written after the upgrade, not sealed yet")
    db.session.commit()
    db.session.remove()
    downgrade(revision=OLD_AUDIT_HEAD)
    entry, head = old_audit_tables()
    rows = db.session.execute(select(entry).order_by(entry.c.id)).all()
    assert [row.prev_hash for row in rows] == [GENESIS_HASH] + [row.entry_hash for row in rows[:-1]]
    assert db.session.execute(select(head.c.last_hash)).scalar() == rows[-1].entry_hash
    assert len(rows) == 4
    assert all(row.entry_hash == chain_hash(row.prev_hash, row) for row in rows)
