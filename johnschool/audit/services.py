"""Write and check the audit log; every domain records its changes through record().

record() only inserts: an entry carries the hash of its own content, and nothing in a
request reads or locks a row shared by every writer. The sealer (sealer.py) chains the
entries afterwards; verify_chain() checks both the entries and their seals.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..database import utcnow
from ..extensions import db
from .models import AuditEntry, AuditHead, AuditSeal

GENESIS_HASH = "0" * 64


def record(
    action, summary, *, object_type=None, object_id=None, outcome="success", data=None, actor=None
):
    """Append an entry to the audit log in the current transaction.

    summary is a short untranslated sentence without names or other identifiers;
    the caller commits (or rolls back) together with the change it records.
    """
    actor = actor if actor is not None else _current_actor()
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
    )
    entry.content_hash = content_hash(entry)
    db.session.add(entry)
    # The id is taken now, close to created_at: the sealer's rule depends on it.
    db.session.flush()
    return entry


def _current_actor():
    """Return the signed-in user, or None outside a request or when anonymous."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user
    return None


def _content(entry):
    """The recorded fields of an entry, in the order they are hashed."""
    return [
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


def _digest(payload):
    """SHA-256 of a list of values written as compact JSON."""
    encoded = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def content_hash(entry):
    """Compute the hash of an entry's own content, written with the entry."""
    return _digest(_content(entry))


def chain_hash(prev_hash, entry):
    """Compute an entry's place in the chain from the previous hash and its content.

    This is the hash every entry carried when the log was chained as it was written,
    so the entries of that time keep their hashes as seals.
    """
    return _digest([prev_hash, *_content(entry)])


@dataclass
class ChainReport:
    """The result of checking the log: intact or the first bad entry and why; what is unsealed."""

    checked: int
    bad_entry_id: int | None = None
    reason: str | None = None
    unsealed: int = 0

    @property
    def is_intact(self) -> bool:
        return self.reason is None


@dataclass
class _Walk:
    """The state of a walk through the log in id order."""

    previous_hash: str = GENESIS_HASH
    last_sealed_id: int | None = None
    checked: int = 0
    unsealed: int = 0
    first_unsealed_id: int | None = None

    def step(self, entry, seal):
        """Check one entry and its seal; return (bad entry id, reason) or None."""
        self.checked += 1
        if content_hash(entry) != entry.content_hash:
            return entry.id, "content does not match its hash"
        if seal is None:
            self.unsealed += 1
            self.first_unsealed_id = self.first_unsealed_id or entry.id
            return None
        if self.first_unsealed_id is not None:
            return self.first_unsealed_id, "not sealed, yet older than a sealed entry: added later"
        if seal.prev_hash != self.previous_hash:
            reason = (
                "previous hash does not match: an entry before it was changed, removed or moved"
            )
            return entry.id, reason
        if chain_hash(seal.prev_hash, entry) != seal.chain_hash:
            return entry.id, "content does not match its seal"
        self.previous_hash, self.last_sealed_id = seal.chain_hash, entry.id
        return None


def verify_chain(batch_size=1000):
    """Walk the log in id order: the first entry breaking the chain, and the unsealed count."""
    rows = db.session.execute(
        select(AuditEntry, AuditSeal)
        .outerjoin(AuditSeal, AuditSeal.entry_id == AuditEntry.id)
        .order_by(AuditEntry.id)
        .execution_options(yield_per=batch_size)
    )
    walk, problem = _Walk(), None
    try:
        for entry, seal in rows:
            problem = walk.step(entry, seal)
            if problem is not None:
                break
    finally:
        rows.close()
    if problem is not None:
        return ChainReport(walk.checked, *problem, unsealed=walk.unsealed)
    head = db.session.get(AuditHead, 1)
    head_id, head_hash = (head.last_entry_id, head.last_hash) if head else (None, GENESIS_HASH)
    if (head_id, head_hash) != (walk.last_sealed_id, walk.previous_hash):
        reason = "the head does not name the newest seal: sealed entries were removed"
        return ChainReport(walk.checked, head_id, reason, unsealed=walk.unsealed)
    return ChainReport(walk.checked, unsealed=walk.unsealed)


def ensure_head():
    """Create the chain's head row when the table is new."""
    if db.session.get(AuditHead, 1) is None:
        db.session.add(AuditHead(id=1, last_entry_id=None, last_hash=GENESIS_HASH))
        db.session.flush()


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, flush_context, instances):
    """Keep the log append-only: no entry or seal is updated or deleted through the ORM."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry | AuditSeal) and (
            obj in session.deleted or session.is_modified(obj)
        ):
            raise RuntimeError("audit entries are append-only")
