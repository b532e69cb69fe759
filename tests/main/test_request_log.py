"""The request log names endpoints, never URLs that may carry secrets or ids."""

import logging

from johnschool.auth.tokens import create_one_time_link
from johnschool.extensions import db

from ..factories import make_user


def test_request_log_names_the_endpoint_but_not_the_secret_in_the_url(client, caplog):
    person = make_user("participant", email="someone.private@example.org")
    secret = create_one_time_link(person, "password_reset", by=None)
    db.session.commit()
    with caplog.at_level(logging.INFO, logger="johnschool.requests"):
        client.get(f"/reset/{secret}")
    lines = [
        record.getMessage() for record in caplog.records if record.name == "johnschool.requests"
    ]
    assert lines == [lines[0]] and "auth.reset_password 200" in lines[0]
    assert secret not in caplog.text and "someone.private" not in caplog.text
