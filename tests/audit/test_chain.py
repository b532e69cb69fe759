"""The audit log is append-only and its sealed hash chain exposes tampering."""

import pytest
from sqlalchemy import select, text, update

from johnschool.audit.models import AuditEntry, AuditSeal
from johnschool.audit.sealer import seal
from johnschool.audit.services import chain_hash, content_hash, record, verify_chain
from johnschool.cli import audit_cli
from johnschool.extensions import db


def write_entries(count, *, sealed=True):
    """Record count entries and commit them; seal them unless told not to."""
    for number in range(count):
        record(
            "test.event",
            f"event {number}",
            object_type="thing",
            object_id=number,
            data={"n": number},
        )
    db.session.commit()
    if sealed:
        seal()


def entry_ids():
    """The ids of the entries, oldest first."""
    return db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()


def run_verify(app):
    """Run `flask audit verify` and return the result."""
    return app.test_cli_runner().invoke(audit_cli, ["verify"])


def test_verify_passes_on_an_intact_log(app):
    write_entries(5)
    result = run_verify(app)
    assert result.exit_code == 0
    assert "5 entries checked, 0 not sealed yet" in result.output


def test_verify_seals_the_settled_entries_first(app):
    write_entries(3, sealed=False)
    assert verify_chain().unsealed == 3
    result = run_verify(app)
    assert result.exit_code == 0 and "0 not sealed yet" in result.output
    sealed = db.session.scalars(select(AuditSeal.entry_id).order_by(AuditSeal.entry_id)).all()
    assert sealed == entry_ids()


def test_verify_passes_on_an_empty_log(app):
    assert run_verify(app).exit_code == 0


@pytest.mark.parametrize("sealed", [True, False], ids=["sealed", "not sealed yet"])
def test_verify_fails_naming_an_entry_edited_in_the_database(app, sealed):
    write_entries(5, sealed=sealed)
    third = entry_ids()[2]
    db.session.execute(
        text("UPDATE audit_entry SET summary = 'nothing happened' WHERE id = :id"), {"id": third}
    )
    db.session.commit()
    result = run_verify(app)
    assert result.exit_code == 1
    assert f"entry {third}" in result.output
    # The sealer never chains an edited entry, nor any after it.
    assert db.session.get(AuditSeal, third) is None or sealed


def remove(entry_id):
    """Delete an entry and its seal behind the application's back."""
    db.session.execute(text("DELETE FROM audit_seal WHERE entry_id = :id"), {"id": entry_id})
    db.session.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": entry_id})


def overwrite(entry_id, **values):
    """Change columns of an entry behind the application's back (no ORM event sees it)."""
    table = AuditEntry.__table__
    db.session.execute(update(table).where(table.c.id == entry_id).values(**values))


def test_verify_fails_when_an_entry_is_removed(app):
    write_entries(5)
    second = entry_ids()[1]
    remove(second)
    db.session.commit()
    report = verify_chain()
    assert not report.is_intact and report.bad_entry_id == second + 1
    assert run_verify(app).exit_code == 1


def test_verify_fails_when_the_newest_entry_is_removed(app):
    write_entries(3)
    remove(entry_ids()[-1])
    db.session.commit()
    assert run_verify(app).exit_code == 1


def test_verify_fails_when_two_entries_change_places(app):
    write_entries(3)
    first, second, _ = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    moved = ("created_at", "summary", "object_id", "data", "content_hash")
    contents = [{name: getattr(entry, name) for name in moved} for entry in (first, second)]
    overwrite(first.id, **contents[1])
    overwrite(second.id, **contents[0])
    db.session.commit()
    report = verify_chain()
    assert not report.is_intact and report.bad_entry_id == first.id
    assert "seal" in report.reason


def test_verify_fails_when_the_hashes_of_an_edited_entry_are_recomputed(app):
    write_entries(3)
    first = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    first_id, prev_hash = first.id, db.session.get(AuditSeal, first.id).prev_hash
    db.session.expunge_all()
    first.summary = "rewritten"
    overwrite(first_id, summary="rewritten", content_hash=content_hash(first))
    db.session.execute(
        text("UPDATE audit_seal SET chain_hash = :h WHERE entry_id = :id"),
        {"h": chain_hash(prev_hash, first), "id": first_id},
    )
    db.session.commit()
    report = verify_chain()
    assert not report.is_intact and report.bad_entry_id == first_id + 1


def test_verify_fails_on_an_entry_slipped_in_below_sealed_ones(app):
    write_entries(1)
    first = entry_ids()[0]
    for entry_id in (first + 10, first + 5):  # a gap, sealed past, then filled
        entry = record("test.event", "slipped in")
        db.session.expunge(entry)
        overwrite(entry.id, id=entry_id)
        db.session.commit()
        seal()
    report = verify_chain()
    assert not report.is_intact and report.bad_entry_id == first + 5
    assert "not sealed" in report.reason


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
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.scalars(select(AuditSeal)).first().chain_hash = "0" * 64
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
