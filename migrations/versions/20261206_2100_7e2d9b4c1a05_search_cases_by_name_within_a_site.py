"""List, count and search a site's cases, its alerts and a case's changes from indexes

Revision ID: 7e2d9b4c1a05
Revises: d3f6a1c8e472
Create Date: 2026-12-06 21:00:00+00:00

Each case keeps a copy of its client's normalized name (search_name). On PostgreSQL one
GIN index holds the site and the name's trigrams (btree_gin beside pg_trgm), so that a
liaison's search by name reads the site's matches alone; the clients' own trigram index
is no longer read and goes. SQLite counts from a plain (site_id, search_name) index.
Erased clients' cases get an empty copy, as their clients have. A case's history
(its changes, without the views of its page) reads a partial index of the audit log.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7e2d9b4c1a05"
down_revision = "d3f6a1c8e472"
branch_labels = None
depends_on = None


VIEWS = sa.text("action <> 'case.viewed'")


def upgrade():
    bind = op.get_bind()
    op.create_index(
        "ix_audit_entry_object_changes",
        "audit_entry",
        ["object_type", "object_id", "id"],
        unique=False,
        postgresql_where=VIEWS,
        sqlite_where=VIEWS,
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("search_name", sa.String(length=250), server_default="", nullable=False)
        )
    op.execute(
        "UPDATE case_file SET search_name ="
        " (SELECT client.search_name FROM client WHERE client.id = case_file.client_id)"
    )
    op.create_index("ix_case_file_site_id_id", "case_file", ["site_id", "id"], unique=False)
    op.create_index(
        "ix_case_file_site_id_state_deadline",
        "case_file",
        ["site_id", "state", "deadline"],
        unique=False,
        postgresql_include=["created_by_id", "id"],
    )
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        op.create_index(
            "ix_case_file_site_id_search_name_trgm",
            "case_file",
            ["site_id", "search_name"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"search_name": "gin_trgm_ops"},
        )
        op.drop_index("ix_client_search_name_trgm", table_name="client")
    else:
        op.create_index(
            "ix_case_file_site_id_search_name",
            "case_file",
            ["site_id", "search_name"],
            unique=False,
        )


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.create_index(
            "ix_client_search_name_trgm",
            "client",
            ["search_name"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"search_name": "gin_trgm_ops"},
        )
        op.drop_index("ix_case_file_site_id_search_name_trgm", table_name="case_file")
    else:
        op.drop_index("ix_case_file_site_id_search_name", table_name="case_file")
    op.drop_index("ix_case_file_site_id_state_deadline", table_name="case_file")
    op.drop_index("ix_case_file_site_id_id", table_name="case_file")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_column("search_name")
    op.drop_index("ix_audit_entry_object_changes", table_name="audit_entry")
