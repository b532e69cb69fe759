"""Index the audit log by object

Revision ID: cffdcbba9487
Revises: 31a87ce78558
Create Date: 2026-11-29 06:50:39.150533+00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'cffdcbba9487'
down_revision = '31a87ce78558'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entry_object', ['object_type', 'object_id', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_object')

