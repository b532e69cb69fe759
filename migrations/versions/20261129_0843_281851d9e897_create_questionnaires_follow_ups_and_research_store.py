"""Create questionnaires, follow-ups and the research store

Revision ID: 281851d9e897
Revises: 4ca585c844c9
Create Date: 2026-11-29 08:43:55.440078+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '281851d9e897'
down_revision = '4ca585c844c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('questionnaire',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('title_fr', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("purpose IN ('profile', 'attitudes')", name=op.f('ck_questionnaire_purpose')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire')),
    sa.UniqueConstraint('code', name=op.f('uq_questionnaire_code'))
    )
    op.create_table('research_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('age_band', sa.String(length=20), nullable=True),
    sa.Column('region', sa.String(length=40), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('referral_source', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('reoffended_6', sa.Boolean(), nullable=True),
    sa.Column('reoffended_12', sa.Boolean(), nullable=True),
    sa.Column('reoffended_24', sa.Boolean(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_research_record'))
    )
    with op.batch_alter_table('research_record', schema=None) as batch_op:
        batch_op.create_index('ix_research_record_year', ['year'], unique=False)

    op.create_table('questionnaire_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_questionnaire_version_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaire.id'], name=op.f('fk_questionnaire_version_questionnaire_id_questionnaire')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire_version')),
    sa.UniqueConstraint('questionnaire_id', 'number', name=op.f('uq_questionnaire_version_questionnaire_id'))
    )
    op.create_table('research_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('item_code', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['research_record.id'], name=op.f('fk_research_answer_record_id_research_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_research_answer')),
    sa.UniqueConstraint('record_id', 'item_code', name=op.f('uq_research_answer_record_id'))
    )
    with op.batch_alter_table('research_answer', schema=None) as batch_op:
        batch_op.create_index('ix_research_answer_item_code_value', ['item_code', 'value'], unique=False)

    op.create_table('research_attitude',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('item_code', sa.String(length=40), nullable=False),
    sa.Column('before', sa.Integer(), nullable=True),
    sa.Column('after', sa.Integer(), nullable=True),
    sa.CheckConstraint('after IS NULL OR after BETWEEN 1 AND 5', name=op.f('ck_research_attitude_after')),
    sa.CheckConstraint('before IS NULL OR before BETWEEN 1 AND 5', name=op.f('ck_research_attitude_before')),
    sa.ForeignKeyConstraint(['record_id'], ['research_record.id'], name=op.f('fk_research_attitude_record_id_research_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_research_attitude')),
    sa.UniqueConstraint('record_id', 'item_code', name=op.f('uq_research_attitude_record_id'))
    )
    with op.batch_alter_table('research_attitude', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_research_attitude_record_id'), ['record_id'], unique=False)

    op.create_table('question_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text_fr', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('choice', 'likert')", name=op.f('ck_question_item_kind')),
    sa.ForeignKeyConstraint(['version_id'], ['questionnaire_version.id'], name=op.f('fk_question_item_version_id_questionnaire_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_item')),
    sa.UniqueConstraint('version_id', 'code', name=op.f('uq_question_item_version_id'))
    )
    op.create_table('questionnaire_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('moment', sa.String(length=20), nullable=False),
    sa.Column('answered_by', sa.String(length=20), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("answered_by IN ('participant', 'liaison')", name=op.f('ck_questionnaire_response_answered_by')),
    sa.CheckConstraint("moment IN ('intake', 'before', 'after')", name=op.f('ck_questionnaire_response_moment')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_questionnaire_response_case_id_case_file')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user_account.id'], name=op.f('fk_questionnaire_response_entered_by_id_user_account')),
    sa.ForeignKeyConstraint(['version_id'], ['questionnaire_version.id'], name=op.f('fk_questionnaire_response_version_id_questionnaire_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire_response')),
    sa.UniqueConstraint('case_id', 'version_id', 'moment', name=op.f('uq_questionnaire_response_case_id'))
    )
    with op.batch_alter_table('questionnaire_response', schema=None) as batch_op:
        batch_op.create_index('ix_questionnaire_response_case_id', ['case_id'], unique=False)

    op.create_table('reoffending_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('has_new_charge', sa.Boolean(), nullable=False),
    sa.Column('offence_category', sa.String(length=20), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("offence_category IS NULL OR offence_category IN ('violent', 'sexual', 'exploitation', 'other')", name=op.f('ck_reoffending_check_offence_category')),
    sa.CheckConstraint('has_new_charge OR offence_category IS NULL', name=op.f('ck_reoffending_check_category_needs_a_charge')),
    sa.CheckConstraint('months IN (6, 12, 24)', name=op.f('ck_reoffending_check_months')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_reoffending_check_case_id_case_file')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_reoffending_check_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reoffending_check')),
    sa.UniqueConstraint('case_id', 'months', name=op.f('uq_reoffending_check_case_id'))
    )
    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('choice_code', sa.String(length=40), nullable=True),
    sa.Column('likert', sa.Integer(), nullable=True),
    sa.CheckConstraint('(choice_code IS NULL) <> (likert IS NULL)', name=op.f('ck_answer_one_value')),
    sa.CheckConstraint('likert IS NULL OR likert BETWEEN 1 AND 5', name=op.f('ck_answer_likert')),
    sa.ForeignKeyConstraint(['item_id'], ['question_item.id'], name=op.f('fk_answer_item_id_question_item')),
    sa.ForeignKeyConstraint(['response_id'], ['questionnaire_response.id'], name=op.f('fk_answer_response_id_questionnaire_response')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer')),
    sa.UniqueConstraint('response_id', 'item_id', name=op.f('uq_answer_response_id'))
    )
    op.create_table('item_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label_fr', sa.String(length=300), nullable=False),
    sa.Column('label_en', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['question_item.id'], name=op.f('fk_item_choice_item_id_question_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_choice')),
    sa.UniqueConstraint('item_id', 'code', name=op.f('uq_item_choice_item_id'))
    )
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('research_record_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_case_file_research_record_id'), ['research_record_id'])
        batch_op.create_foreign_key(batch_op.f('fk_case_file_research_record_id_research_record'), 'research_record', ['research_record_id'], ['id'])

    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('program_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('research_k', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('retention_years', sa.Integer(), server_default='5', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_program_settings_research_k'), 'research_k BETWEEN 2 AND 50'
        )
        batch_op.create_check_constraint(
            op.f('ck_program_settings_retention_years'), 'retention_years BETWEEN 1 AND 30'
        )



def downgrade():
    with op.batch_alter_table('program_settings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_program_settings_retention_years'), type_='check')
        batch_op.drop_constraint(op.f('ck_program_settings_research_k'), type_='check')
        batch_op.drop_column('retention_years')
        batch_op.drop_column('research_k')

    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_column('erased_at')

    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_case_file_research_record_id_research_record'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_case_file_research_record_id'), type_='unique')
        batch_op.drop_column('research_record_id')

    op.drop_table('item_choice')
    op.drop_table('answer')
    op.drop_table('reoffending_check')
    with op.batch_alter_table('questionnaire_response', schema=None) as batch_op:
        batch_op.drop_index('ix_questionnaire_response_case_id')

    op.drop_table('questionnaire_response')
    op.drop_table('question_item')
    with op.batch_alter_table('research_attitude', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_research_attitude_record_id'))

    op.drop_table('research_attitude')
    with op.batch_alter_table('research_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_research_answer_item_code_value')

    op.drop_table('research_answer')
    op.drop_table('questionnaire_version')
    with op.batch_alter_table('research_record', schema=None) as batch_op:
        batch_op.drop_index('ix_research_record_year')

    op.drop_table('research_record')
    op.drop_table('questionnaire')
