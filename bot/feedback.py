"""Thumbs up/down on answers, kept in SQLite so that bad answers can be found later."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "feedback.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    user TEXT NOT NULL DEFAULT '',
    rating INTEGER NOT NULL,          -- +1 thumbs up, -1 thumbs down
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL DEFAULT '[]'  -- JSON list of the answer's citations
)
"""


@dataclass
class FeedbackEntry:
    """One rating of one answer."""

    at: float
    user: str
    rating: int
    question: str
    answer: str
    citations: list[dict]


def feedback_path(settings) -> Path:
    """Where feedback lives: in the store folder (beside it in name only for a Chroma server)."""
    return Path(settings.store).expanduser() / FILE_NAME


class FeedbackLog:
    """Appends and reads ratings; safe to call from many request threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            with db:  # commits, or rolls back on error
                yield db
        finally:
            db.close()

    def record(
        self,
        question: str,
        answer: str,
        liked: bool,
        citations: list[dict] | None = None,
        user: str = "",
    ) -> None:
        """Store one thumbs up (liked) or down with the question and answer it rates."""
        row = (
            time.time(),
            user or "",
            1 if liked else -1,
            question,
            answer,
            json.dumps(citations or [], ensure_ascii=False),
        )
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO feedback (at, user, rating, question, answer, citations) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                row,
            )

    def entries(self, rating: int | None = None) -> list[FeedbackEntry]:
        """All ratings, oldest first (only thumbs down with rating=-1)."""
        sql = "SELECT at, user, rating, question, answer, citations FROM feedback"
        args: tuple = ()
        if rating is not None:
            sql, args = sql + " WHERE rating = ?", (rating,)
        with self._lock, self._connect() as db:
            rows = db.execute(sql + " ORDER BY id", args).fetchall()
        return [FeedbackEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]
