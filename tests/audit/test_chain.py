"""The audit log is append-only and its hash chain exposes tampering."""

import pytest
from sqlalchemy import select, text

from johnschool.audit.models import AuditEntry
from johnschool.audit.services import record, verify_chain
from johnschool.cli import audit_cli
from johnschool.extensions import db


def write_entries(count):
    """Record count entries and commit them."""
    for number in range(count):
        record(
            "test.event",
            f"event {number}",
            object_type="thing",
            object_id=number,
            data={"n": number},
        )
    db.session.commit()


def run_verify(app):
    """Run `flask audit verify` and return the result."""
    return app.test_cli_runner().invoke(audit_cli, ["verify"])


def test_verify_passes_on_an_intact_log(app):
    write_entries(5)
    result = run_verify(app)
    assert result.exit_code == 0
    assert "5 entries" in result.output


def test_verify_passes_on_an_empty_log(app):
    assert run_verify(app).exit_code == 0


def test_verify_fails_naming_an_entry_edited_in_the_database(app):
    write_entries(5)
    third = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()[2]
    db.session.execute(
        text("UPDATE audit_entry SET summary = 'nothing happened' WHERE id = :id"), {"id": third}
    )
    db.session.commit()
    result = run_verify(app)
    assert result.exit_code == 1
    assert f"entry {third}" in result.output


def test_verify_fails_when_an_entry_is_removed(app):
    write_entries(5)
    second = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()[1]
    db.session.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": second})
    db.session.commit()
    report = verify_chain()
    assert not report.is_intact and report.bad_entry_id == second + 1
    assert run_verify(app).exit_code == 1


def test_verify_fails_when_the_newest_entry_is_removed(app):
    write_entries(3)
    last = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id.desc())).first()
    db.session.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": last})
    db.session.commit()
    assert run_verify(app).exit_code == 1


def test_verify_fails_when_a_hash_is_recomputed_for_an_edited_entry(app):
    write_entries(3)
    first = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    from johnschool.audit.services import entry_hash

    first_id = first.id
    first.summary = "rewritten"
    forged = entry_hash(first)
    db.session.expunge(first)
    db.session.execute(
        text("UPDATE audit_entry SET summary = 'rewritten', entry_hash = :h WHERE id = :id"),
        {"h": forged, "id": first_id},
    )
    db.session.commit()
    report = verify_chain()
    assert not report.is_intact and report.bad_entry_id == first_id + 1


def test_entries_cannot_be_changed_through_the_application(app):
    write_entries(1)
    entry = db.session.scalars(select(AuditEntry)).first()
    entry.summary = "changed"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.delete(db.session.scalars(select(AuditEntry)).first())
        db.session.flush()
    db.session.rollback()


def test_entry_rolled_back_with_its_change_leaves_the_chain_intact(app):
    write_entries(2)
    record("test.event", "will be rolled back")
    db.session.rollback()
    write_entries(1)
    assert verify_chain().is_intact


def test_entry_records_who_what_when_where_and_outcome(client, sign_in):
    from ..factories import make_user

    admin = make_user("admin")
    sign_in(admin)
    client.post(f"/admin/users/{admin.id}/reset-link", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.actor_id == admin.id and entry.actor_role == "admin"
    assert entry.action == "link.password_reset_created"
    assert entry.object_type == "user" and entry.object_id == admin.id
    assert entry.source_ip == "203.0.113.7" and entry.outcome == "success"
    assert entry.created_at.tzinfo is not None
