"""The coordinator's audit-log page."""

from johnschool.audit.services import record
from johnschool.extensions import db

from ..factories import make_site, make_user
from ..query_counts import count_queries


def add_entries(count, actors):
    """Record count entries spread over several actors."""
    for number in range(count):
        record(
            "test.event",
            f"event {number}",
            actor=actors[number % len(actors)],
            outcome="failure" if number % 3 == 0 else "success",
        )
    db.session.commit()


def test_audit_page_filters_by_outcome_and_action(client, sign_in, admin):
    add_entries(6, [admin])
    sign_in(admin)
    body = client.get("/admin/audit?outcome=failure").get_data(as_text=True)
    assert body.count("tag-failure") == 2 and "tag-success" not in body
    body = client.get("/admin/audit?action=user.").get_data(as_text=True)
    assert "test.event" not in body and "user.created" in body


def test_audit_page_is_paginated_newest_first(client, sign_in, admin):
    add_entries(60, [admin])
    sign_in(admin)
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "event 59" in first and "event 0<" not in first
    assert "Page 1 de 2" in first


def test_audit_page_queries_do_not_grow_with_the_log(client, sign_in, admin):
    actors = [make_user("staff") for _ in range(5)]
    sign_in(admin)
    add_entries(5, actors)
    few = count_queries(client, "/admin/audit")
    add_entries(45, actors + [make_user("liaison") for _ in range(10)])
    many = count_queries(client, "/admin/audit")
    assert many == few


def test_account_list_queries_do_not_grow_with_the_list(client, sign_in, admin):
    sign_in(admin)
    few = count_queries(client, "/admin/users")
    for _ in range(20):
        make_user("staff")
    assert count_queries(client, "/admin/users") == few


def test_audit_page_shows_whether_each_entry_is_sealed(client, sign_in, admin):
    from johnschool.audit.sealer import seal

    record("test.event", "chained already")
    db.session.commit()
    seal()
    record("test.event", "waiting for the sealer")
    db.session.commit()
    sign_in(admin)
    rows = client.get("/admin/audit").get_data(as_text=True).split("<tr>")
    sealed = next(row for row in rows if "chained already" in row)
    waiting = next(row for row in rows if "waiting for the sealer" in row)
    assert "seal-sealed" in sealed and "seal-pending" not in sealed
    assert "seal-pending" in waiting and "seal-sealed" not in waiting


def test_an_admin_of_one_site_is_refused_the_province_audit_log(client, sign_in, admin):
    make_site("QC")
    site_admin = make_user("admin", site="QC")
    add_entries(3, [admin])
    sign_in(site_admin)
    assert client.get("/admin/audit").status_code == 403
    home = client.get("/").get_data(as_text=True)
    assert "/admin/audit" not in home
    sign_in(admin)
    assert client.get("/admin/audit").status_code == 200
    assert "/admin/audit" in client.get("/").get_data(as_text=True)
