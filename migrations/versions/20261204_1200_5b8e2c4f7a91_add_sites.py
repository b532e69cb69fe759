"""Add sites: every case, cohort, session and professional belongs to one

Revision ID: 5b8e2c4f7a91
Revises: 19658e0cf787
Create Date: 2026-12-04 12:00:00+00:00

The existing data goes to a first site, which the admin renames; liaisons and
session staff belong to it, admins become province-wide.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5b8e2c4f7a91"
down_revision = "19658e0cf787"
branch_labels = None
depends_on = None

SITE_TABLES = (
    ("case_file", "ix_case_file_site_id_state_id", ["site_id", "state", "id"]),
    ("cohort", "ix_cohort_site_id_starts_on", ["site_id", "starts_on"]),
    ("session", "ix_session_site_id_starts_at", ["site_id", "starts_at"]),
    ("professional", "ix_professional_site_id", ["site_id"]),
)


def upgrade():
    site = op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name_fr", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("time_zone", sa.String(length=60), server_default="", nullable=False),
        sa.Column("default_fee", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("allows_cross_site_make_ups", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "default_fee IS NULL OR default_fee >= 0", name=op.f("ck_site_default_fee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site")),
        sa.UniqueConstraint("code", name=op.f("uq_site_code")),
    )
    op.bulk_insert(
        site,
        [
            {
                "id": 1,
                "code": "MAIN",
                "name_fr": "Site principal",
                "name_en": "Main site",
                "time_zone": "",
                "allows_cross_site_make_ups": False,
                "created_at": _now(),
            }
        ],
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # The id was given: move the sequence past it.
        op.execute("SELECT setval(pg_get_serial_sequence('site', 'id'), 1)")

    for table, index, columns in SITE_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("site_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET site_id = 1")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("site_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_site_id_site"), "site", ["site_id"], ["id"]
            )
            batch_op.create_index(index, columns, unique=False)

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("site_id", sa.Integer(), nullable=True))
    op.execute("UPDATE user_account SET site_id = 1 WHERE role IN ('liaison', 'staff')")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_user_account_site_id_site"), "site", ["site_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_user_account_site_id"), ["site_id"], unique=False)
        batch_op.create_check_constraint(
            op.f("ck_user_account_site_of_role"),
            "site_id IS NOT NULL OR role NOT IN ('liaison', 'staff')",
        )

    # Statistics by site: the code of the case's site on its de-identified record.
    with op.batch_alter_table("research_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("site", sa.String(length=20), nullable=True))
    op.execute("UPDATE research_record SET site = 'MAIN'")

    if bind.dialect.name == "postgresql":
        # A search by part of a name reads a trigram index.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index(
            "ix_client_search_name_trgm",
            "client",
            ["search_name"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"search_name": "gin_trgm_ops"},
        )


def _now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_client_search_name_trgm", table_name="client")
    with op.batch_alter_table("research_record", schema=None) as batch_op:
        batch_op.drop_column("site")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_account_site_of_role"), type_="check")
        batch_op.drop_index(batch_op.f("ix_user_account_site_id"))
        batch_op.drop_constraint(batch_op.f("fk_user_account_site_id_site"), type_="foreignkey")
        batch_op.drop_column("site_id")
    for table, index, _columns in reversed(SITE_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_site_id_site"), type_="foreignkey")
            batch_op.drop_column("site_id")
    op.drop_table("site")
