"""Quote and event index: speaker keys, how a speaker was found, event sentences, and the
articles indexed (with inferred publication dates).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.schema as schema

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# 0001 creates its tables from bot/db/schema.py, so on a new database these columns already
# exist; on one made before 0002 they are added here.
NEW_COLUMNS: dict[str, list[sa.Column]] = {
    "quotes": [
        sa.Column("speaker_key", sa.String(300), nullable=False, server_default=""),
        sa.Column("how", sa.String(20), nullable=False, server_default=""),
        sa.Column("mention", sa.String(300), nullable=False, server_default=""),
        sa.Column("quote_key", sa.String(64), nullable=False, server_default=""),
    ],
    "events": [
        sa.Column("text", sa.Text, nullable=False, server_default=""),
        sa.Column("expr_start", sa.Integer, nullable=False, server_default="0"),
    ],
}
NEW_INDEXES: list[tuple[str, str, list[str]]] = [
    ("ix_quotes_speaker_key", "quotes", ["speaker_key"]),
    ("ix_quotes_quote_key", "quotes", ["quote_key"]),
]


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table, columns in NEW_COLUMNS.items():
        have = {c["name"] for c in inspector.get_columns(table)}
        for column in columns:
            if column.name not in have:
                op.add_column(table, column)
    for name, table, index_columns in NEW_INDEXES:
        if name not in {i["name"] for i in inspector.get_indexes(table)}:
            op.create_index(name, table, index_columns)
    schema.attributed_articles.create(bind, checkfirst=True)
    # Rows indexed by older rules lack these columns' values: index again from scratch.
    op.execute(schema.quotes.delete())
    op.execute(schema.events.delete())


def downgrade() -> None:
    bind = op.get_bind()
    schema.attributed_articles.drop(bind, checkfirst=True)
    for name, table, _ in NEW_INDEXES:
        op.drop_index(name, table_name=table)
    for table, columns in NEW_COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column.name)
