"""Create clients, cases, prior convictions, screening decisions, consents and admissions

Revision ID: 04ab717bfe56
Revises: c2d38966fcb8
Create Date: 2026-11-29 06:28:02.615904+00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '04ab717bfe56'
down_revision = 'c2d38966fcb8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_name', sa.String(length=120), nullable=False),
    sa.Column('given_name', sa.String(length=120), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('postal_code', sa.String(length=7), nullable=True),
    sa.Column('person_key', sa.String(length=300), nullable=True),
    sa.Column('search_name', sa.String(length=250), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("language IN ('fr', 'en')", name=op.f('ck_client_language')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client'))
    )
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_person_key'), ['person_key'], unique=False)

    op.create_table('case_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('offence_code', sa.String(length=40), nullable=False),
    sa.Column('offence_date', sa.Date(), nullable=False),
    sa.Column('court_file', sa.String(length=60), nullable=False),
    sa.Column('involves_minor', sa.Boolean(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("source IN ('police', 'prosecutor', 'court', 'self')", name=op.f('ck_case_file_source')),
    sa.CheckConstraint("state IN ('received', 'eligible', 'needs_review', 'ineligible', 'consented', 'admitted', 'enrolled', 'waitlisted', 'completed', 'failed', 'withdrawn', 'returned')", name=op.f('ck_case_file_state')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_case_file_client_id_client')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_case_file_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_file'))
    )
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_file_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_court_file'), ['court_file'], unique=False)
        batch_op.create_index('ix_case_file_state_id', ['state', 'id'], unique=False)

    op.create_table('admission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('prosecutor', sa.String(length=200), nullable=False),
    sa.Column('admitted_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_admission_case_id_case_file')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_admission_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admission')),
    sa.UniqueConstraint('case_id', name=op.f('uq_admission_case_id'))
    )
    op.create_table('consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('counsel_advised', sa.Boolean(), nullable=False),
    sa.Column('accepts_responsibility', sa.Boolean(), nullable=False),
    sa.Column('consented_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_consent_case_id_case_file')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_consent_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent')),
    sa.UniqueConstraint('case_id', name=op.f('uq_consent_case_id'))
    )
    op.create_table('prior_conviction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('offence_code', sa.String(length=40), nullable=False),
    sa.Column('conviction_date', sa.Date(), nullable=True),
    sa.Column('jurisdiction', sa.String(length=100), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_prior_conviction_case_id_case_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prior_conviction'))
    )
    with op.batch_alter_table('prior_conviction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prior_conviction_case_id'), ['case_id'], unique=False)

    op.create_table('screening_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('rules', sa.Text(), nullable=False),
    sa.Column('settings_version', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('override_outcome', sa.String(length=20), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('overridden_by_id', sa.Integer(), nullable=True),
    sa.Column('overridden_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("outcome IN ('eligible', 'ineligible', 'needs_review')", name=op.f('ck_screening_decision_outcome')),
    sa.CheckConstraint("override_outcome IS NULL OR override_outcome IN ('eligible', 'ineligible')", name=op.f('ck_screening_decision_override_outcome')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_screening_decision_case_id_case_file')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_screening_decision_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['overridden_by_id'], ['user_account.id'], name=op.f('fk_screening_decision_overridden_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_decision'))
    )
    with op.batch_alter_table('screening_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_decision_case_id'), ['case_id'], unique=False)



def downgrade():
    with op.batch_alter_table('screening_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_decision_case_id'))

    op.drop_table('screening_decision')
    with op.batch_alter_table('prior_conviction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prior_conviction_case_id'))

    op.drop_table('prior_conviction')
    op.drop_table('consent')
    op.drop_table('admission')
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_index('ix_case_file_state_id')
        batch_op.drop_index(batch_op.f('ix_case_file_court_file'))
        batch_op.drop_index(batch_op.f('ix_case_file_client_id'))

    op.drop_table('case_file')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_person_key'))

    op.drop_table('client')
