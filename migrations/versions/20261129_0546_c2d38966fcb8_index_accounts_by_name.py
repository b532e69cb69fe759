"""Index accounts by name for the account list

Revision ID: c2d38966fcb8
Revises: 669a76723567
Create Date: 2026-11-29 05:46:22.621245+00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c2d38966fcb8'
down_revision = '669a76723567'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index('ix_user_account_name_id', ['name', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index('ix_user_account_name_id')

