"""Write and check the audit log; every domain records its changes through record()."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from ..database import utcnow
from ..extensions import db
from .models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def record(
    action, summary, *, object_type=None, object_id=None, outcome="success", data=None, actor=None
):
    """Append an entry to the audit log in the current transaction.

    summary is a short untranslated sentence without names or other identifiers;
    the caller commits (or rolls back) together with the change it records.
    """
    actor = actor if actor is not None else _current_actor()
    head = db.session.get(AuditHead, 1, with_for_update=True)
    if head is None:
        ensure_head()
        head = db.session.get(AuditHead, 1, with_for_update=True)
    entry = AuditEntry(
        created_at=utcnow(),
        actor_id=actor.id if actor else None,
        actor_role=actor.role if actor else None,
        action=action,
        summary=summary[:300],
        object_type=object_type,
        object_id=object_id,
        source_ip=request.remote_addr if has_request_context() else None,
        outcome=outcome,
        data=json.dumps(data or {}, sort_keys=True, separators=(",", ":"), default=str),
        prev_hash=head.last_hash,
    )
    entry.entry_hash = entry_hash(entry)
    db.session.add(entry)
    db.session.flush()
    head.last_entry_id = entry.id
    head.last_hash = entry.entry_hash
    return entry


def _current_actor():
    """Return the signed-in user, or None outside a request or when anonymous."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user
    return None


def entry_hash(entry):
    """Compute an entry's hash from its content and the previous entry's hash."""
    payload = [
        entry.prev_hash,
        entry.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        entry.actor_id,
        entry.actor_role,
        entry.action,
        entry.summary,
        entry.object_type,
        entry.object_id,
        entry.source_ip,
        entry.outcome,
        entry.data,
    ]
    encoded = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


@dataclass
class ChainReport:
    """The result of checking the chain: intact, or the first bad entry and why."""

    checked: int
    bad_entry_id: int | None = None
    reason: str | None = None

    @property
    def is_intact(self) -> bool:
        return self.reason is None


def verify_chain(batch_size=1000):
    """Walk the log in order and report the first entry that breaks the chain."""
    entries = db.session.scalars(
        select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=batch_size)
    )
    try:
        report, previous_hash, previous_id = _walk_chain(entries)
    finally:
        entries.close()
    if report is not None:
        return report
    head = db.session.get(AuditHead, 1)
    if head is None or head.last_hash != previous_hash or head.last_entry_id != previous_id:
        return ChainReport(0, previous_id, "the newest entries were removed")
    return ChainReport(_count_entries())


def _walk_chain(entries):
    """Check each entry's hash and link; return (report or None, last hash, last id)."""
    previous_hash, previous_id, checked = GENESIS_HASH, None, 0
    for entry in entries:
        if entry.prev_hash != previous_hash:
            reason = "previous hash does not match: an entry before it was changed or removed"
            return ChainReport(checked, entry.id, reason), None, None
        if entry_hash(entry) != entry.entry_hash:
            return ChainReport(checked, entry.id, "content does not match its hash"), None, None
        previous_hash, previous_id, checked = entry.entry_hash, entry.id, checked + 1
    return None, previous_hash, previous_id


def _count_entries():
    """Count the entries of the log."""
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def ensure_head():
    """Create the chain's head row when the table is new."""
    if db.session.get(AuditHead, 1) is None:
        db.session.add(AuditHead(id=1, last_entry_id=None, last_hash=GENESIS_HASH))
        db.session.flush()


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, flush_context, instances):
    """Keep the log append-only: an entry is never updated or deleted through the ORM."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise RuntimeError("audit entries are append-only")
