"""Load the shipped questionnaires: the intake profile and the attitudes

Revision ID: 5b1e0c7a9d42
Revises: 281851d9e897
Create Date: 2026-11-29 09:00:00+00:00

"""

import json
from datetime import UTC, datetime
from importlib import resources

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b1e0c7a9d42"
down_revision = "281851d9e897"
branch_labels = None
depends_on = None

FILES = ("intake_profile.json", "attitudes.json")

questionnaire = sa.table(
    "questionnaire",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("purpose", sa.String),
    sa.column("title_fr", sa.String),
    sa.column("title_en", sa.String),
    sa.column("is_active", sa.Boolean),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
version = sa.table(
    "questionnaire_version",
    sa.column("id", sa.Integer),
    sa.column("questionnaire_id", sa.Integer),
    sa.column("number", sa.Integer),
    sa.column("is_current", sa.Boolean),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
item = sa.table(
    "question_item",
    sa.column("id", sa.Integer),
    sa.column("version_id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("position", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("text_fr", sa.Text),
    sa.column("text_en", sa.Text),
)
choice = sa.table(
    "item_choice",
    sa.column("item_id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("position", sa.Integer),
    sa.column("label_fr", sa.String),
    sa.column("label_en", sa.String),
)
response = sa.table("questionnaire_response", sa.column("version_id", sa.Integer))


def shipped():
    """The questionnaire definitions in the package."""
    folder = resources.files("johnschool.questionnaires") / "data"
    return [json.loads((folder / name).read_text("utf-8")) for name in FILES]


def insert_one(connection, definition, now):
    """Insert a questionnaire with its first version, items and choices."""
    fields = ("code", "purpose", "title_fr", "title_en")
    questionnaire_id = connection.execute(
        questionnaire.insert()
        .values(**{f: definition[f] for f in fields}, is_active=True, created_at=now)
        .returning(questionnaire.c.id)
    ).scalar_one()
    version_id = connection.execute(
        version.insert()
        .values(questionnaire_id=questionnaire_id, number=1, is_current=True, created_at=now)
        .returning(version.c.id)
    ).scalar_one()
    for position, entry in enumerate(definition["items"], start=1):
        item_id = connection.execute(
            item.insert()
            .values(
                version_id=version_id,
                position=position,
                **{f: entry[f] for f in ("code", "kind", "text_fr", "text_en")},
            )
            .returning(item.c.id)
        ).scalar_one()
        rows = [
            {"item_id": item_id, "position": n, **c}
            for n, c in enumerate(entry.get("choices", ()), start=1)
        ]
        if rows:
            connection.execute(choice.insert(), rows)


def upgrade():
    connection = op.get_bind()
    existing = set(connection.scalars(sa.select(questionnaire.c.code)))
    now = datetime.now(UTC)
    for definition in shipped():
        if definition["code"] not in existing:
            insert_one(connection, definition, now)


def downgrade():
    # Questionnaires someone answered stay: their answers need them.
    codes = [definition["code"] for definition in shipped()]
    answered = sa.select(version.c.questionnaire_id).where(
        version.c.id.in_(sa.select(response.c.version_id))
    )
    ids = sa.select(questionnaire.c.id).where(
        questionnaire.c.code.in_(codes), questionnaire.c.id.not_in(answered)
    )
    versions = sa.select(version.c.id).where(version.c.questionnaire_id.in_(ids))
    items = sa.select(item.c.id).where(item.c.version_id.in_(versions))
    op.execute(choice.delete().where(choice.c.item_id.in_(items)))
    op.execute(item.delete().where(item.c.version_id.in_(versions)))
    op.execute(version.delete().where(version.c.questionnaire_id.in_(ids)))
    op.execute(questionnaire.delete().where(questionnaire.c.id.in_(ids)))
