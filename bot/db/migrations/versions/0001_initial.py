"""Initial tables: meta, feedback, slack_events, quotes, events, watches, digests, deliveries.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

import bot.db.schema as schema

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = [
    schema.meta,
    schema.feedback,
    schema.slack_events,
    schema.quotes,
    schema.events,
    schema.watches,
    schema.digests,
    schema.deliveries,
]


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        table.create(bind, checkfirst=True)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(TABLES):
        table.drop(bind, checkfirst=True)
