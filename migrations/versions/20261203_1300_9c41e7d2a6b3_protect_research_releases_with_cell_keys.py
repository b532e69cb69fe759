"""Give research records random ids and cell keys, link cases by a table, add the ledger

Revision ID: 9c41e7d2a6b3
Revises: a7c3e91d5b20
Create Date: 2026-12-03 13:00:00+00:00

Existing records keep their answers, attitudes and case: only their ids change, to random
numbers above every old id, and each gets a random cell key.
"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9c41e7d2a6b3"
down_revision = "a7c3e91d5b20"
branch_labels = None
depends_on = None

CELL_KEY_RANGE = 2**31
RECORD_ID_BITS = 52
CHILDREN = ("research_answer", "research_attitude")


def _fk(table):
    return f"fk_{table}_record_id_research_record"


def upgrade():
    op.create_table(
        "research_link",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_research_link_case_id_case_file")
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_research_link")),
        sa.UniqueConstraint("record_id", name=op.f("uq_research_link_record_id")),
    )
    op.execute(
        "INSERT INTO research_link (case_id, record_id) SELECT id, research_record_id"
        " FROM case_file WHERE research_record_id IS NOT NULL"
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_case_file_research_record_id_research_record"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_case_file_research_record_id"), type_="unique")
        batch_op.drop_column("research_record_id")
    for table in CHILDREN:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(_fk(table), type_="foreignkey")
            batch_op.alter_column("record_id", type_=sa.BigInteger(), existing_nullable=False)
    with op.batch_alter_table("research_record", schema=None) as batch_op:
        batch_op.alter_column("id", type_=sa.BigInteger(), existing_nullable=False)
        batch_op.add_column(sa.Column("cell_key", sa.BigInteger(), nullable=True))
    _give_random_ids_and_keys()
    with op.batch_alter_table("research_record", schema=None) as batch_op:
        batch_op.alter_column("cell_key", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_check_constraint(
            "cell_key", f"cell_key >= 0 AND cell_key < {CELL_KEY_RANGE}"
        )
    for table in (*CHILDREN, "research_link"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(_fk(table), "research_record", ["record_id"], ["id"])
    _create_release_tables()


def _give_random_ids_and_keys():
    """Move every record to a random id above the old ones, with a random cell key."""
    connection = op.get_bind()
    old_ids = [row[0] for row in connection.execute(sa.text("SELECT id FROM research_record"))]
    floor = 2**32  # above every old id: a new id never meets an old one
    taken = set()
    for old in old_ids:
        new = secrets.randbelow(2**RECORD_ID_BITS - floor) + floor
        while new in taken:
            new = secrets.randbelow(2**RECORD_ID_BITS - floor) + floor
        taken.add(new)
        values = {"old": old, "new": new, "key": secrets.randbelow(CELL_KEY_RANGE)}
        connection.execute(
            sa.text("UPDATE research_record SET id = :new, cell_key = :key WHERE id = :old"),
            values,
        )
        for table in (*CHILDREN, "research_link"):
            connection.execute(
                sa.text(f"UPDATE {table} SET record_id = :new WHERE record_id = :old"), values
            )


def _create_release_tables():
    """The ledger of releases, budget resets, and the daily budget setting."""
    op.create_table(
        "research_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("dimensions", sa.String(length=100), nullable=False),
        sa.Column("year_from", sa.Integer(), nullable=True),
        sa.Column("year_to", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("referral_source", sa.String(length=20), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_research_release_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_release")),
    )
    op.create_index(
        "ix_research_release_user_id_released_at",
        "research_release",
        ["user_id", "released_at"],
    )
    op.create_table(
        "research_budget_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reset_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reset_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_research_budget_reset_user_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["reset_by_id"],
            ["user_account.id"],
            name=op.f("fk_research_budget_reset_reset_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_budget_reset")),
    )
    op.create_index(op.f("ix_research_budget_reset_user_id"), "research_budget_reset", ["user_id"])
    with op.batch_alter_table("program_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("research_daily_budget", sa.Integer(), server_default="500", nullable=False)
        )
        batch_op.create_check_constraint(
            "research_daily_budget", "research_daily_budget BETWEEN 1 AND 100000"
        )


def downgrade():
    with op.batch_alter_table("program_settings", schema=None) as batch_op:
        batch_op.drop_constraint("research_daily_budget", type_="check")
        batch_op.drop_column("research_daily_budget")
    op.drop_index(op.f("ix_research_budget_reset_user_id"), table_name="research_budget_reset")
    op.drop_table("research_budget_reset")
    op.drop_index("ix_research_release_user_id_released_at", table_name="research_release")
    op.drop_table("research_release")
    # Random ids stay (they fit a 64-bit integer column on both databases); links come back.
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("research_record_id", sa.BigInteger(), nullable=True))
    op.execute(
        "UPDATE case_file SET research_record_id = (SELECT record_id FROM research_link"
        " WHERE research_link.case_id = case_file.id)"
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_case_file_research_record_id"), ["research_record_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_case_file_research_record_id_research_record"),
            "research_record",
            ["research_record_id"],
            ["id"],
        )
    op.drop_table("research_link")
    with op.batch_alter_table("research_record", schema=None) as batch_op:
        batch_op.drop_constraint("cell_key", type_="check")
        batch_op.drop_column("cell_key")
