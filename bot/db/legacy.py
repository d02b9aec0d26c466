"""Bringing state kept before the shared database into it, once."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import bot.db.schema as schema

log = logging.getLogger(__name__)
LEGACY_FEEDBACK = "feedback.sqlite3"


def import_feedback_file(db, folder: Path) -> int:
    """Copy the ratings of an old `feedback.sqlite3` in `folder` into `db`, once; says so."""
    path = folder / LEGACY_FEEDBACK
    key = f"imported:{path.resolve()}"
    if not path.is_file() or db.get_meta(key) is not None:
        return 0
    try:
        old = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            rows = old.execute(
                "SELECT at, user, rating, question, answer, citations FROM feedback ORDER BY id"
            ).fetchall()
        finally:
            old.close()
    except sqlite3.Error as exc:
        log.warning("could not read the old feedback file %s: %s", path, exc)
        return 0
    values = [
        {
            "at": r[0],
            "user": r[1] or "",
            "rating": r[2],
            "question": r[3],
            "answer": r[4],
            "citations": r[5] if _is_json(r[5]) else "[]",
            "channel": "",
        }
        for r in rows
    ]
    with db.engine.begin() as conn:
        if values:
            conn.execute(schema.feedback.insert(), values)
        conn.execute(schema.meta.insert().values(key=key, value=str(len(values))))
    message = f"imported {len(values)} ratings from {path} into the shared database (once)"
    log.warning(message)
    print(f"briefbot: {message}", flush=True)
    return len(values)


def _is_json(value) -> bool:
    try:
        json.loads(value)
    except (TypeError, ValueError):
        return False
    return True
