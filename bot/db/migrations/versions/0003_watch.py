"""Watched topics and feeds: digest delivery state, channels, remembered facts, feeds and
the items already fetched from them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.schema as schema

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# 0001 creates `digests` from bot/db/schema.py, so on a new database these columns already
# exist; on one made before 0003 they are added here.
NEW_COLUMNS: dict[str, list[sa.Column]] = {
    "digests": [
        sa.Column("delivered_at", sa.Float, nullable=False, server_default="0"),
        sa.Column("articles", sa.Text, nullable=False, server_default="[]"),
    ],
}
NEW_TABLES = [schema.watch_channels, schema.watch_facts, schema.feeds, schema.feed_items]


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table, columns in NEW_COLUMNS.items():
        have = {c["name"] for c in inspector.get_columns(table)}
        for column in columns:
            if column.name not in have:
                op.add_column(table, column)
    for new in NEW_TABLES:
        new.create(bind, checkfirst=True)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(NEW_TABLES):
        table.drop(bind, checkfirst=True)
    for table, columns in NEW_COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column.name)
