"""Index the clients' normalized names, read when the cases of a name are counted

Revision ID: 6d2f0a3c8e15
Revises: 5b1e0c7a9d42
Create Date: 2026-11-29 11:00:00+00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "6d2f0a3c8e15"
down_revision = "5b1e0c7a9d42"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_client_search_name", "client", ["search_name"])


def downgrade():
    op.drop_index("ix_client_search_name", table_name="client")
