"""Shared state that is not a vector: one SQL database (SQLite in the store folder by default,
Postgres for a team) with Alembic migrations. Imports SQLAlchemy, `bot.config`, `bot.errors`.

Every instance pointed at the same `BRIEFBOT_DATABASE_URL` sees the same feedback, Slack
event log, quotes, events, watches and digests.
"""

from bot.db.engine import Database, database_for

__all__ = ["Database", "database_for"]
