"""Add case notes, case documents and the deadline alert setting

Revision ID: 19658e0cf787
Revises: 8e4b1d7f2a60
Create Date: 2026-12-03 12:28:00+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '19658e0cf787'
down_revision = '8e4b1d7f2a60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('consent', 'court_papers', 'other')", name=op.f('ck_case_document_kind')),
    sa.CheckConstraint('size > 0', name=op.f('ck_case_document_size')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_case_document_case_id_case_file')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_case_document_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_document')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_case_document_stored_name'))
    )
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_document_case_id'), ['case_id'], unique=False)

    op.create_table('case_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_case_note_author_id_user_account')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_case_note_case_id_case_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_note'))
    )
    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.create_index('ix_case_note_case_id_created_at', ['case_id', 'created_at'], unique=False)

    with op.batch_alter_table('program_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_alert_days', sa.Integer(), server_default='14', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_program_settings_deadline_alert_days'), 'deadline_alert_days BETWEEN 1 AND 90'
        )



def downgrade():
    with op.batch_alter_table('program_settings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_program_settings_deadline_alert_days'), type_='check')
        batch_op.drop_column('deadline_alert_days')

    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.drop_index('ix_case_note_case_id_created_at')

    op.drop_table('case_note')
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_document_case_id'))

    op.drop_table('case_document')
