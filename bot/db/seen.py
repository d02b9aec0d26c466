"""Remembering which events were handled, across every instance sharing the database."""

from __future__ import annotations

import threading
import time

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

import bot.db.schema as schema

PURGE_EVERY = 500  # calls between deletions of expired rows


class SeenOnce:
    """`first_time(key)` is True for exactly one caller per key within `ttl` seconds, whichever
    instance asks first (the key is the table's primary key: one insert wins)."""

    def __init__(self, db, ttl: float = 3600.0) -> None:
        self.db, self.ttl = db, ttl
        self._calls = 0
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        now = time.time()
        table = schema.slack_events
        self._maybe_purge(now)
        try:
            with self.db.engine.begin() as conn:
                conn.execute(table.insert().values(key=key, seen_at=now, expires_at=now + self.ttl))
            return True
        except IntegrityError:
            # Seen before; it counts as new again only once its row has expired, and only
            # for the one caller whose update takes the expired row.
            with self.db.engine.begin() as conn:
                taken = conn.execute(
                    update(table)
                    .where(table.c.key == key, table.c.expires_at < now)
                    .values(seen_at=now, expires_at=now + self.ttl)
                ).rowcount
            return taken == 1

    def _maybe_purge(self, now: float) -> None:
        with self._lock:
            self._calls += 1
            if self._calls % PURGE_EVERY:
                return
        with self.db.engine.begin() as conn:
            conn.execute(delete(schema.slack_events).where(schema.slack_events.c.expires_at < now))
