"""Create curriculum, cohorts, enrollment, outbox and portal tables

Revision ID: c787ecc0eb99
Revises: cffdcbba9487
Create Date: 2026-11-29 07:48:25.509155+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c787ecc0eb99'
down_revision = 'cffdcbba9487'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('module',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title_fr', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('discipline', sa.String(length=20), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('is_required', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("discipline IN ('law', 'police', 'health', 'sexology', 'survivor', 'community')", name=op.f('ck_module_discipline')),
    sa.CheckConstraint('duration_minutes BETWEEN 15 AND 480', name=op.f('ck_module_duration_minutes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module')),
    sa.UniqueConstraint('code', name=op.f('uq_module_code'))
    )
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_calendar_feed_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_token_hash'))
    )
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feed_user_id'), ['user_id'], unique=False)

    op.create_table('cohort',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rotation_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rotation_confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("format IN ('one_day', 'weekly')", name=op.f('ck_cohort_format')),
    sa.CheckConstraint("language IN ('fr', 'en')", name=op.f('ck_cohort_language')),
    sa.CheckConstraint("status IN ('planned', 'confirmed', 'completed', 'cancelled')", name=op.f('ck_cohort_status')),
    sa.CheckConstraint('capacity BETWEEN 1 AND 200', name=op.f('ck_cohort_capacity')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_cohort_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['rotation_confirmed_by_id'], ['user_account.id'], name=op.f('fk_cohort_rotation_confirmed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort')),
    sa.UniqueConstraint('code', name=op.f('uq_cohort_code'))
    )
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.create_index('ix_cohort_starts_on', ['starts_on'], unique=False)

    op.create_table('participant_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_participant_account_client_id_client')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_participant_account_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_account')),
    sa.UniqueConstraint('client_id', name=op.f('uq_participant_account_client_id')),
    sa.UniqueConstraint('user_id', name=op.f('uq_participant_account_user_id'))
    )
    op.create_table('professional',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organization', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('is_anonymous', sa.Boolean(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_professional_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_professional')),
    sa.UniqueConstraint('user_id', name=op.f('uq_professional_user_id'))
    )
    op.create_table('enrollment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('enrolled', 'waitlisted', 'withdrawn', 'ended')", name=op.f('ck_enrollment_status')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_enrollment_case_id_case_file')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_enrollment_cohort_id_cohort')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_enrollment_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrollment'))
    )
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrollment_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_enrollment_cohort_status_id', ['cohort_id', 'status', 'id'], unique=False)

    op.create_table('follow_up_requirement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('discipline', sa.String(length=20), nullable=False),
    sa.Column('session_count', sa.Integer(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("discipline IN ('law', 'police', 'health', 'sexology', 'survivor', 'community')", name=op.f('ck_follow_up_requirement_discipline')),
    sa.CheckConstraint('session_count BETWEEN 1 AND 20', name=op.f('ck_follow_up_requirement_session_count')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_follow_up_requirement_case_id_case_file')),
    sa.ForeignKeyConstraint(['set_by_id'], ['user_account.id'], name=op.f('fk_follow_up_requirement_set_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_requirement')),
    sa.UniqueConstraint('case_id', 'discipline', name=op.f('uq_follow_up_requirement_case_id'))
    )
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('attachment_name', sa.String(length=100), nullable=True),
    sa.Column('attachment', sa.LargeBinary(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("language IN ('fr', 'en')", name=op.f('ck_outbox_message_language')),
    sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name=op.f('ck_outbox_message_status')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_outbox_message_case_id_case_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_message_dedupe_key'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_outbox_message_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)

    op.create_table('professional_discipline',
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('discipline', sa.String(length=20), nullable=False),
    sa.CheckConstraint("discipline IN ('law', 'police', 'health', 'sexology', 'survivor', 'community')", name=op.f('ck_professional_discipline_discipline')),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], name=op.f('fk_professional_discipline_professional_id_professional')),
    sa.PrimaryKeyConstraint('professional_id', 'discipline', name=op.f('pk_professional_discipline'))
    )
    op.create_table('session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('discipline', sa.String(length=20), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=True),
    sa.Column('backup_id', sa.Integer(), nullable=True),
    sa.Column('rotation_note', sa.Text(), nullable=True),
    sa.Column('is_cancelled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(kind = 'group' AND cohort_id IS NOT NULL AND module_id IS NOT NULL) OR (kind = 'individual' AND case_id IS NOT NULL)", name=op.f('ck_session_kind_fields')),
    sa.CheckConstraint("discipline IN ('law', 'police', 'health', 'sexology', 'survivor', 'community')", name=op.f('ck_session_discipline')),
    sa.CheckConstraint("kind IN ('group', 'individual')", name=op.f('ck_session_kind')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_session_ends_after_start')),
    sa.ForeignKeyConstraint(['backup_id'], ['professional.id'], name=op.f('fk_session_backup_id_professional')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_session_case_id_case_file')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_session_cohort_id_cohort')),
    sa.ForeignKeyConstraint(['module_id'], ['module.id'], name=op.f('fk_session_module_id_module')),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], name=op.f('fk_session_professional_id_professional')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session'))
    )
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index('ix_session_professional_starts_at', ['professional_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_session_starts_at', ['starts_at'], unique=False)

    op.create_table('unavailability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], name=op.f('fk_unavailability_professional_id_professional')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unavailability')),
    sa.UniqueConstraint('professional_id', 'day', name=op.f('uq_unavailability_professional_id'))
    )


def downgrade():
    op.drop_table('unavailability')
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_index('ix_session_starts_at')
        batch_op.drop_index('ix_session_professional_starts_at')
        batch_op.drop_index(batch_op.f('ix_session_cohort_id'))
        batch_op.drop_index(batch_op.f('ix_session_case_id'))

    op.drop_table('session')
    op.drop_table('professional_discipline')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_status_next_attempt_at')
        batch_op.drop_index(batch_op.f('ix_outbox_message_case_id'))

    op.drop_table('outbox_message')
    op.drop_table('follow_up_requirement')
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.drop_index('ix_enrollment_cohort_status_id')
        batch_op.drop_index(batch_op.f('ix_enrollment_case_id'))

    op.drop_table('enrollment')
    op.drop_table('professional')
    op.drop_table('participant_account')
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.drop_index('ix_cohort_starts_on')

    op.drop_table('cohort')
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feed_user_id'))

    op.drop_table('calendar_feed')
    op.drop_table('module')
