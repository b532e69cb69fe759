"""Add program settings and catalogue edits

Revision ID: 31a87ce78558
Revises: 0da88a9efde8
Create Date: 2026-11-29 06:40:00.103428+00:00

"""
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '31a87ce78558'
down_revision = '0da88a9efde8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offence_edit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title_fr', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('categories', sa.String(length=100), nullable=False),
    sa.Column('is_removed', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_offence_edit_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offence_edit')),
    sa.UniqueConstraint('code', name=op.f('uq_offence_edit_code'))
    )
    op.create_table('program_settings',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deadline_days', sa.Integer(), nullable=False),
    sa.Column('default_fee', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('accepted_charges', sa.String(length=500), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('deadline_days BETWEEN 30 AND 730', name=op.f('ck_program_settings_deadline_days')),
    sa.CheckConstraint('default_fee >= 0', name=op.f('ck_program_settings_default_fee')),
    sa.CheckConstraint('id = 1', name=op.f('ck_program_settings_single_row')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_program_settings_version')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_program_settings_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program_settings'))
    )

    # The settings are a single row, at version 1, with the program's defaults.
    program_settings = sa.table('program_settings', sa.column('id', sa.Integer),
                                sa.column('version', sa.Integer),
                                sa.column('deadline_days', sa.Integer),
                                sa.column('default_fee', sa.Numeric(10, 2)),
                                sa.column('accepted_charges', sa.String),
                                sa.column('updated_at', sa.DateTime(timezone=True)),
                                sa.column('updated_by_id', sa.Integer))
    op.bulk_insert(program_settings, [{
        'id': 1, 'version': 1, 'deadline_days': 120, 'default_fee': Decimal('300.00'),
        'accepted_charges': '286.1(1)', 'updated_at': datetime.now(UTC), 'updated_by_id': None,
    }])


def downgrade():
    op.drop_table('program_settings')
    op.drop_table('offence_edit')
