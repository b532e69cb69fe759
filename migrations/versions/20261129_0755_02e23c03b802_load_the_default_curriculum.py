"""Load the default curriculum shipped with the project

Revision ID: 02e23c03b802
Revises: c787ecc0eb99
Create Date: 2026-11-29 07:55:00+00:00

"""

import csv
import io
from importlib import resources

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "02e23c03b802"
down_revision = "c787ecc0eb99"
branch_labels = None
depends_on = None

module = sa.table(
    "module",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("title_fr", sa.String),
    sa.column("title_en", sa.String),
    sa.column("discipline", sa.String),
    sa.column("duration_minutes", sa.Integer),
    sa.column("is_required", sa.Boolean),
    sa.column("position", sa.Integer),
    sa.column("is_active", sa.Boolean),
)
session = sa.table("session", sa.column("module_id", sa.Integer))


def shipped_rows():
    """The rows of the curriculum file in the package, typed."""
    path = resources.files("johnschool.curriculum") / "data" / "modules.csv"
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return [
        {
            **row,
            "duration_minutes": int(row["duration_minutes"]),
            "is_required": row["is_required"] == "true",
            "position": int(row["position"]),
            "is_active": True,
        }
        for row in reader
    ]


def upgrade():
    connection = op.get_bind()
    existing = set(connection.scalars(sa.select(module.c.code)))
    missing = [row for row in shipped_rows() if row["code"] not in existing]
    if missing:
        op.bulk_insert(module, missing)


def downgrade():
    codes = [row["code"] for row in shipped_rows()]
    used = sa.select(session.c.module_id).where(session.c.module_id.is_not(None))
    op.execute(module.delete().where(module.c.code.in_(codes), module.c.id.not_in(used)))
