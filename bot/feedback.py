"""Thumbs up/down on answers, kept in the shared database so bad answers can be found later.

Every front end writes here; with `BRIEFBOT_DATABASE_URL` pointing at Postgres, a rating given
in Slack on one host shows in the export the team lead runs on another.
"""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import asdict, dataclass

from sqlalchemy import select

import bot.db.schema as schema
from bot.db import Database, database_for


@dataclass
class FeedbackEntry:
    """One rating of one answer."""

    at: float
    user: str
    rating: int
    question: str
    answer: str
    citations: list[dict]
    channel: str = ""


class FeedbackLog:
    """Appends and reads ratings; safe to call from many request threads and processes."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def for_settings(cls, settings) -> FeedbackLog:
        """The feedback log of the database the settings name (migrated on first open)."""
        return cls(database_for(settings))

    def record(
        self,
        question: str,
        answer: str,
        liked: bool,
        citations: list[dict] | None = None,
        user: str = "",
        channel: str = "",
    ) -> None:
        """Store one thumbs up (liked) or down with the question and answer it rates."""
        with self.db.engine.begin() as conn:
            conn.execute(
                schema.feedback.insert().values(
                    at=time.time(),
                    user=user or "",
                    rating=1 if liked else -1,
                    question=question,
                    answer=answer,
                    citations=json.dumps(citations or [], ensure_ascii=False),
                    channel=channel,
                )
            )

    def entries(self, rating: int | None = None) -> list[FeedbackEntry]:
        """All ratings, oldest first (only thumbs down with rating=-1)."""
        t = schema.feedback
        query = select(
            t.c.at, t.c.user, t.c.rating, t.c.question, t.c.answer, t.c.citations, t.c.channel
        ).order_by(t.c.id)
        if rating is not None:
            query = query.where(t.c.rating == rating)
        with self.db.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [FeedbackEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6]) for r in rows]

    def export(self, fmt: str = "csv", rating: int | None = None) -> str:
        """Every rating as CSV (one row each, citations as JSON) or a JSON list."""
        rows = [asdict(e) for e in self.entries(rating)]
        for row in rows:
            row["at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(row["at"]))
        if fmt == "json":
            return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
        out = io.StringIO()
        fields = ["at", "user", "channel", "rating", "question", "answer", "citations"]
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "citations": json.dumps(row["citations"], ensure_ascii=False)})
        return out.getvalue()
