"""Note which case a referral closed as a duplicate duplicates

Revision ID: a7c3e91d5b20
Revises: 6d2f0a3c8e15
Create Date: 2026-12-03 12:30:00+00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7c3e91d5b20"
down_revision = "6d2f0a3c8e15"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case_file") as batch_op:
        batch_op.add_column(sa.Column("duplicate_of_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_case_file_duplicate_of_id_case_file", "case_file", ["duplicate_of_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("case_file") as batch_op:
        batch_op.drop_constraint("fk_case_file_duplicate_of_id_case_file", type_="foreignkey")
        batch_op.drop_column("duplicate_of_id")
