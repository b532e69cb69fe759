"""Record the site filter of each research release in the ledger

Revision ID: d3f6a1c8e472
Revises: 5b8e2c4f7a91
Create Date: 2026-12-04 20:40:00+00:00

Releases given before sites existed had no site filter: NULL says so.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d3f6a1c8e472"
down_revision = "5b8e2c4f7a91"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("research_release", schema=None) as batch_op:
        batch_op.add_column(sa.Column("site", sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table("research_release", schema=None) as batch_op:
        batch_op.drop_column("site")
