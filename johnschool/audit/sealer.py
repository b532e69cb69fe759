"""Seal the audit log: chain the settled entries in id order, batch by batch.

Requests only insert entries; ids come from the table's sequence as each entry is
flushed. Sealing one gives it its place in the chain: a row of audit_seal holding the
previous seal's hash and its own, computed from the previous hash and the entry's
content. The sealer alone writes audit_seal and moves the head row, which it locks
(FOR UPDATE on PostgreSQL, the write lock on SQLite): one sealer at a time, and no
request ever waits on it.

The rule for what may be sealed. Ids are handed out at insert, but transactions commit
in any order: entry 41 may still be uncommitted when 42 is visible, and sealing 42 would
leave 41 no place in the chain. So the sealer takes the unsealed entries above the head,
in id order, created before the horizon:

    horizon = (the start of the oldest open transaction, or now) - margin

Every entry still to commit belongs to a transaction open now, which started after the
oldest start and took its id after that; an entry created before the horizon took its
id earlier, so its id is smaller. Sealing only entries created before the horizon
therefore never passes an id that can still appear: gaps below it are rolled-back ids,
and no timeout has to guess how long a transaction may last (a transaction left open
holds the sealer back until it ends; verify counts what waits). The margin, a few
seconds (AUDIT_SEAL_MARGIN_SECONDS), covers the time between created_at and the flush,
and the difference between the application's clock and the database's.

On PostgreSQL the oldest start is read from pg_stat_activity (this database's client
connections, the sealer's own apart): the sealer runs as the application's role, which
sees its own connections. On SQLite the sealer holds the write lock while it seals, so
no other transaction that can write is open: the oldest start is now.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, text

from ..database import utcnow
from ..extensions import db
from .models import AuditEntry, AuditHead, AuditSeal
from .services import chain_hash, content_hash, ensure_head

BATCH_SIZE = 500

OLDEST_OPEN_TRANSACTION = text(
    "SELECT clock_timestamp() AS now, min(xact_start) AS oldest FROM pg_stat_activity"
    " WHERE datname = current_database() AND backend_type = 'client backend'"
    " AND pid <> pg_backend_pid()"
)


@dataclass
class SealReport:
    """How many entries were sealed, and the entry the sealer stopped at, if any."""

    sealed: int = 0
    stopped_at: int | None = None


def seal(*, batch_size: int = BATCH_SIZE) -> SealReport:
    """Seal every settled entry, committing after each batch; stop at an edited entry."""
    report = SealReport()
    while True:
        sealed, stopped_at = _seal_batch(batch_size)
        db.session.commit()
        report.sealed += sealed
        if stopped_at is not None:
            report.stopped_at = stopped_at
            current_app.logger.error("audit entry %s was edited before it was sealed", stopped_at)
            return report
        if sealed < batch_size:
            return report


def _seal_batch(batch_size: int) -> tuple[int, int | None]:
    """Seal the next batch after the head; return (sealed, id of an edited entry or None)."""
    head = _locked_head()
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.id > (head.last_entry_id or 0), AuditEntry.created_at < horizon())
        .order_by(AuditEntry.id)
        .limit(batch_size)
    ).all()
    now, sealed = utcnow(), 0
    for entry in entries:
        if content_hash(entry) != entry.content_hash:
            return sealed, entry.id
        link = chain_hash(head.last_hash, entry)
        db.session.add(
            AuditSeal(entry_id=entry.id, prev_hash=head.last_hash, chain_hash=link, sealed_at=now)
        )
        head.last_entry_id, head.last_hash, sealed = entry.id, link, sealed + 1
    db.session.flush()
    return sealed, None


def _locked_head() -> AuditHead:
    """The head row, locked and read afresh (another sealer may just have moved it)."""
    head = db.session.get(AuditHead, 1, with_for_update=True, populate_existing=True)
    if head is None:  # a schema made without the migrations (tests)
        ensure_head()
        head = db.session.get(AuditHead, 1, with_for_update=True)
    return head


def horizon():
    """The time before which every entry that can still appear was created (see above)."""
    margin = timedelta(seconds=current_app.config["AUDIT_SEAL_MARGIN_SECONDS"])
    if db.session.get_bind().dialect.name != "postgresql":
        return utcnow() - margin
    row = db.session.execute(OLDEST_OPEN_TRANSACTION).one()
    return min(row.now, row.oldest or row.now) - margin
