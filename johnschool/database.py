"""Database plumbing: SQLite connection settings, UTC datetimes, row locking."""

import sqlite3
from datetime import UTC, datetime

from flask import current_app, has_request_context, request
from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

from .extensions import db


def one_of(column: str, values) -> str:
    """A CHECK constraint text limiting column to values."""
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


SQLITE_BUSY_TIMEOUT_MS = 15000


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    """Turn on WAL, foreign keys and a busy timeout; let SQLAlchemy issue BEGIN."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # pysqlite's own transaction handling defers BEGIN and cannot take a write
    # lock up front; turning it off lets the "begin" hook below do it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@event.listens_for(Engine, "begin")
def _begin_sqlite_transaction(connection):
    """Start every SQLite transaction explicitly, taking the write lock when it may write.

    pysqlite on its own runs a SELECT outside any transaction and begins one only
    at the first write, so a read-then-write can silently overwrite an update
    made in between. An explicit BEGIN puts the reads in the transaction:
    IMMEDIATE takes the write lock first, so writers queue one behind the other.
    A read-only page (GET, HEAD) begins DEFERRED instead, so that pages do not
    wait on each other; should it write after all, SQLite refuses the write when
    another connection has committed since its reads: an error, never a lost update.
    """
    if connection.dialect.name == "sqlite":
        mode = "DEFERRED" if _in_read_only_request() else "IMMEDIATE"
        connection.exec_driver_sql(f"BEGIN {mode}")


def _in_read_only_request() -> bool:
    """Tell whether the current request is a safe method whose view does not write."""
    if not has_request_context() or request.method not in SAFE_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return not getattr(view, "writes_database", False)


def writes_database(view):
    """Mark a GET view that writes (a view logged in the audit log, say): it locks first."""
    view.writes_database = True
    return view


def lock(model, ident):
    """Load one row for update: FOR UPDATE on PostgreSQL, the write lock on SQLite."""
    return db.session.get(model, ident, with_for_update=True)


def for_dialect(dialect_name: str):
    """An autogenerate include_object hook: leave out what another database alone has.

    An index marked info={"dialect": "postgresql"} (with ddl_if) exists on that
    database only; elsewhere autogenerate must not ask for it.
    """

    def include_object(object_, name, type_, reflected, compare_to):
        wanted = getattr(object_, "info", {}).get("dialect")
        return wanted is None or wanted == dialect_name

    return include_object
