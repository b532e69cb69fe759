"""Add text messages to the outbox, reminder choices, and a calendar sequence per session

Revision ID: 8e4b1d7f2a60
Revises: 26a9ad7c98c8
Create Date: 2026-12-03 12:30:00+00:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "8e4b1d7f2a60"
down_revision = "26a9ad7c98c8"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('pending', 'sent', 'failed')"
NEW_STATUSES = "status IN ('pending', 'sent', 'failed', 'cancelled')"


def upgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("channel", sa.String(length=10), server_default="email", nullable=False)
        )
        batch_op.add_column(sa.Column("session_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_message_session_id"), ["session_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_message_session_id_session"), "session", ["session_id"], ["id"]
        )
        batch_op.drop_constraint(batch_op.f("ck_outbox_message_status"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_outbox_message_status"), NEW_STATUSES)
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_message_channel"), "channel IN ('email', 'sms')"
        )

    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), server_default="0", nullable=False))

    op.create_table(
        "reminder_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("channels", sa.String(length=10), nullable=False),
        sa.Column("sms_phone", sa.String(length=20), nullable=True),
        sa.Column("sms_stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("consent_recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "channels IN ('email', 'sms', 'both', 'none')",
            name=op.f("ck_reminder_preference_channels"),
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_reminder_preference_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["consent_recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_reminder_preference_consent_recorded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_preference")),
        sa.UniqueConstraint("client_id", name=op.f("uq_reminder_preference_client_id")),
    )
    with op.batch_alter_table("reminder_preference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_preference_sms_phone"), ["sms_phone"])


def downgrade():
    with op.batch_alter_table("reminder_preference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_preference_sms_phone"))
    op.drop_table("reminder_preference")

    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.drop_column("sequence")

    # Text messages and cancelled rows have no place in the older outbox.
    op.execute("DELETE FROM outbox_message WHERE channel = 'sms'")
    op.execute("UPDATE outbox_message SET status = 'failed' WHERE status = 'cancelled'")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_outbox_message_channel"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_outbox_message_status"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_outbox_message_status"), OLD_STATUSES)
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_message_session_id_session"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_outbox_message_session_id"))
        batch_op.drop_column("session_id")
        batch_op.drop_column("channel")
