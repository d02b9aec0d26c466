"""Alembic migrations of the shared database (run by bot.db.engine.Database.upgrade)."""
