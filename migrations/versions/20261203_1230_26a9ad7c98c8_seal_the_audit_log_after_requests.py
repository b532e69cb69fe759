"""Seal the audit log after requests: entries hash their content, seals chain them

Revision ID: 26a9ad7c98c8
Revises: a7c3e9f1b2d4
Create Date: 2026-12-03 12:30:00+00:00

Entries written so far were chained as they were written: their prev_hash and
entry_hash become their seals (sealed when written), and each gets the hash of its own
content. A downgrade chains the entries not sealed yet after the newest seal, as the
old record() would have, and moves the head to the last one.
"""

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "26a9ad7c98c8"
down_revision = "a7c3e9f1b2d4"
branch_labels = None
depends_on = None

BATCH = 1000
CONTENT = (
    "created_at",
    "actor_id",
    "actor_role",
    "action",
    "summary",
    "object_type",
    "object_id",
    "source_ip",
    "outcome",
    "data",
)

entry = sa.table(
    "audit_entry",
    sa.column("id", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
    *(sa.column(name, sa.Integer if name.endswith("_id") else sa.String) for name in CONTENT[1:]),
    sa.column("content_hash", sa.String),
    sa.column("prev_hash", sa.String),
    sa.column("entry_hash", sa.String),
)
seal = sa.table(
    "audit_seal",
    sa.column("entry_id", sa.Integer),
    sa.column("prev_hash", sa.String),
    sa.column("chain_hash", sa.String),
)
head = sa.table(
    "audit_head",
    sa.column("id", sa.Integer),
    sa.column("last_entry_id", sa.Integer),
    sa.column("last_hash", sa.String),
)


def _digest(row, *before):
    """SHA-256 of the values before and the row's content, as the application hashes them."""
    created_at = row.created_at
    if isinstance(created_at, str):  # SQLite without type information
        created_at = datetime.fromisoformat(created_at)
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    values = [created_at.astimezone(UTC).isoformat(timespec="microseconds")]
    values += [getattr(row, name) for name in CONTENT[1:]]
    encoded = json.dumps([*before, *values], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _rows(connection, where):
    """The entries matching where, in id order, a batch at a time."""
    last = 0
    while True:
        rows = connection.execute(
            sa.select(entry).where(where, entry.c.id > last).order_by(entry.c.id).limit(BATCH)
        ).all()
        yield from rows
        if len(rows) < BATCH:
            return
        last = rows[-1].id


def _hash_contents(connection):
    """Give every entry the hash of its own content."""
    pending = []
    for row in _rows(connection, entry.c.content_hash.is_(None)):
        pending.append({"key": row.id, "content_hash": _digest(row)})
        if len(pending) == BATCH:
            _write(connection, entry, pending)
    _write(connection, entry, pending)


def _write(connection, table, pending):
    """Write and empty a batch of hashes keyed by entry id."""
    if pending:
        connection.execute(
            table.update().where(table.c.id == sa.bindparam("key")),
            pending,
        )
        pending.clear()


def upgrade():
    op.create_table(
        "audit_seal",
        sa.Column("entry_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["audit_entry.id"], name=op.f("fk_audit_seal_entry_id_audit_entry")
        ),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_audit_seal")),
        sa.UniqueConstraint("chain_hash", name=op.f("uq_audit_seal_chain_hash")),
    )
    op.execute(
        "INSERT INTO audit_seal (entry_id, prev_hash, chain_hash, sealed_at)"
        " SELECT id, prev_hash, entry_hash, created_at FROM audit_entry"
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
    _hash_contents(op.get_bind())
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.alter_column("content_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_constraint(op.f("uq_audit_entry_entry_hash"), type_="unique")
        batch_op.drop_column("entry_hash")
        batch_op.drop_column("prev_hash")


def _chain_unsealed(connection):
    """Chain the entries without a seal after the newest seal, and move the head."""
    last = connection.execute(sa.select(head).where(head.c.id == 1)).first()
    last_id, last_hash = (last.last_entry_id, last.last_hash) if last else (None, "0" * 64)
    pending = []
    for row in _rows(connection, entry.c.entry_hash.is_(None)):
        link = _digest(row, last_hash)
        pending.append({"key": row.id, "prev_hash": last_hash, "entry_hash": link})
        last_id, last_hash = row.id, link
        if len(pending) == BATCH:
            _write(connection, entry, pending)
    _write(connection, entry, pending)
    if last is not None:
        connection.execute(
            head.update().where(head.c.id == 1).values(last_entry_id=last_id, last_hash=last_hash)
        )


def downgrade():
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
    sealed = sa.select(seal.c.prev_hash).where(seal.c.entry_id == entry.c.id).scalar_subquery()
    link = sa.select(seal.c.chain_hash).where(seal.c.entry_id == entry.c.id).scalar_subquery()
    op.execute(entry.update().values(prev_hash=sealed, entry_hash=link))
    _chain_unsealed(op.get_bind())
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("entry_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_audit_entry_entry_hash"), ["entry_hash"])
        batch_op.drop_column("content_hash")
    op.drop_table("audit_seal")
