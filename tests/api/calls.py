"""Calls to the API with a user's bearer token."""

from sqlalchemy import event

from johnschool.extensions import db

from ..factories import make_token


def call(client, user, method, path, json=None):
    """Send one request to /api/v1 as user, with a fresh token of theirs; return the response."""
    headers = {"Authorization": f"Bearer {make_token(user)}"}
    return client.open(f"/api/v1{path}", method=method, json=json, headers=headers)


def count_api_queries(client, user, path):
    """Count the SQL statements of one GET to the API, with nothing loaded beforehand."""
    headers = {"Authorization": f"Bearer {make_token(user)}"}
    statements = []
    db.session.expire_all()

    def note(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith("BEGIN"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(f"/api/v1{path}", headers=headers).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return len(statements)
