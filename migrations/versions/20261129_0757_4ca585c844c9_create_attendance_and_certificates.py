"""Create attendance, make-up and certificate tables

Revision ID: 4ca585c844c9
Revises: 02e23c03b802
Create Date: 2026-11-29 07:57:39.499685+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4ca585c844c9'
down_revision = '02e23c03b802'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_counter',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_certificate_counter'))
    )
    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('minutes_late', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('correction_reason', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'late' AND minutes_late BETWEEN 1 AND 600) OR (status <> 'late' AND minutes_late IS NULL)", name=op.f('ck_attendance_minutes_late')),
    sa.CheckConstraint("status IN ('present', 'late', 'absent', 'excused')", name=op.f('ck_attendance_status')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_attendance_enrollment_id_enrollment')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_attendance_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['session_id'], ['session.id'], name=op.f('fk_attendance_session_id_session')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('session_id', 'enrollment_id', name=op.f('uq_attendance_session_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_enrollment_id', ['enrollment_id'], unique=False)

    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=20), nullable=False),
    sa.Column('verification_code', sa.String(length=40), nullable=False),
    sa.Column('holder_name', sa.String(length=250), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revocation_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('number >= 1', name=op.f('ck_certificate_number')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_certificate_enrollment_id_enrollment')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['user_account.id'], name=op.f('fk_certificate_issued_by_id_user_account')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user_account.id'], name=op.f('fk_certificate_revoked_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('serial', name=op.f('uq_certificate_serial')),
    sa.UniqueConstraint('verification_code', name=op.f('uq_certificate_verification_code')),
    sa.UniqueConstraint('year', 'number', name=op.f('uq_certificate_year'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_enrollment_id'), ['enrollment_id'], unique=False)

    op.create_table('make_up_booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('booked_by_id', sa.Integer(), nullable=True),
    sa.Column('booked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['booked_by_id'], ['user_account.id'], name=op.f('fk_make_up_booking_booked_by_id_user_account')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_make_up_booking_enrollment_id_enrollment')),
    sa.ForeignKeyConstraint(['session_id'], ['session.id'], name=op.f('fk_make_up_booking_session_id_session')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_make_up_booking')),
    sa.UniqueConstraint('enrollment_id', 'session_id', name=op.f('uq_make_up_booking_enrollment_id'))
    )
    with op.batch_alter_table('make_up_booking', schema=None) as batch_op:
        batch_op.create_index('ix_make_up_booking_session_id', ['session_id'], unique=False)

    with op.batch_alter_table('program_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('late_tolerance_minutes', sa.Integer(), server_default='15', nullable=False))
        batch_op.add_column(sa.Column('certificate_program_name', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('certificate_signatory', sa.String(length=200), server_default='', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_program_settings_late_tolerance_minutes'),
            'late_tolerance_minutes BETWEEN 0 AND 120',
        )



def downgrade():
    with op.batch_alter_table('program_settings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_program_settings_late_tolerance_minutes'), type_='check')
        batch_op.drop_column('certificate_signatory')
        batch_op.drop_column('certificate_program_name')
        batch_op.drop_column('late_tolerance_minutes')

    with op.batch_alter_table('make_up_booking', schema=None) as batch_op:
        batch_op.drop_index('ix_make_up_booking_session_id')

    op.drop_table('make_up_booking')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_enrollment_id'))

    op.drop_table('certificate')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_enrollment_id')

    op.drop_table('attendance')
    op.drop_table('certificate_counter')
