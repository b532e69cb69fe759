"""Counting the SQL statements of one request, for the queries-per-page tests."""

from sqlalchemy import event

from johnschool.extensions import db


def count_queries(client, path):
    """Count the SQL statements one request runs, with nothing loaded beforehand."""
    statements = []
    db.session.expire_all()

    def note(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith("BEGIN"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return len(statements)
