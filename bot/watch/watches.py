"""Watch definitions and their state in the shared database: the topic, how often, the Slack
channels, each digest written, when (whether) it was delivered, and the facts it reported.

"Delivered" is what the next digest starts from: a digest that never reached its channels is
kept, but the next run reports again from the last one that did.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass

from sqlalchemy import delete, desc, insert, select, update
from sqlalchemy.exc import IntegrityError

import bot.db.schema as schema
from bot.errors import ConfigError

_EVERY = re.compile(r"^(\d+)\s*([mhd])$")
_UNIT = {"m": 60, "h": 3600, "d": 86400}


@dataclass
class Watch:
    id: int
    name: str
    topic: str
    every: str
    channels: list[str]
    created_at: float

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "topic": self.topic,
            "every": self.every,
            "slack_channels": self.channels,
        }


def check_every(every: str) -> str:
    """'1d', '6h', '30m' or a five-field cron line ('0 7 * * 1-5'); ConfigError otherwise."""
    every = " ".join(every.split())
    if _EVERY.match(every):
        return every
    from croniter import croniter

    if len(every.split()) == 5 and croniter.is_valid(every):
        return every
    raise ConfigError(
        f"--every {every!r}: write an interval like 1d, 6h or 30m, or a cron line like '0 7 * * *'"
    )


def next_due(every: str, last: float) -> float:
    """When a watch last run at `last` (0: never) is due again."""
    if not last:
        return 0.0
    match = _EVERY.match(every)
    if match:
        return last + int(match.group(1)) * _UNIT[match.group(2)]
    from croniter import croniter

    return float(croniter(every, last).get_next(float))


class Watches:
    """Watches, channels, digests and remembered facts."""

    def __init__(self, db) -> None:
        self.db = db

    # -- definitions --------------------------------------------------------------------
    def add(self, name: str, topic: str, every: str = "1d", channel: str = "") -> Watch:
        name, topic = name.strip(), " ".join(topic.split())
        if not re.fullmatch(r"[\w.-]{1,100}", name):
            raise ConfigError(
                f"watch name {name!r}: use letters, digits, '-', '_' or '.' (no spaces)"
            )
        if not topic:
            raise ConfigError("--topic: say what the watch follows, e.g. --topic 'ceasefire talks'")
        every = check_every(every)
        try:
            with self.db.engine.begin() as conn:
                conn.execute(
                    insert(schema.watches).values(
                        name=name, topic=topic, every=every, created_at=time.time()
                    )
                )
        except IntegrityError:
            raise ConfigError(f"a watch named {name!r} already exists") from None
        if channel:
            self.subscribe(name, channel)
        return self.get(name)

    def get(self, name: str) -> Watch:
        with self.db.engine.connect() as conn:
            row = conn.execute(select(schema.watches).where(schema.watches.c.name == name)).first()
        if row is None:
            known = ", ".join(w.name for w in self.all()) or "none yet"
            raise ConfigError(f"no watch named {name!r} (watches: {known})")
        return self._watch(row)

    def all(self) -> list[Watch]:
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(schema.watches).order_by(schema.watches.c.name)).all()
        return [self._watch(r) for r in rows]

    def _watch(self, row) -> Watch:
        c = schema.watch_channels
        with self.db.engine.connect() as conn:
            channels = conn.execute(
                select(c.c.channel).where(c.c.watch_id == row.id).order_by(c.c.channel)
            ).scalars()
            channels = list(channels)
        return Watch(row.id, row.name, row.topic, row.every, channels, row.created_at)

    def remove(self, name: str) -> None:
        watch = self.get(name)
        with self.db.engine.begin() as conn:
            digests = select(schema.digests.c.id).where(schema.digests.c.watch_id == watch.id)
            ids = list(conn.execute(digests).scalars())
            if ids:
                conn.execute(
                    delete(schema.watch_facts).where(schema.watch_facts.c.digest_id.in_(ids))
                )
                conn.execute(
                    delete(schema.deliveries).where(schema.deliveries.c.digest_id.in_(ids))
                )
                conn.execute(delete(schema.digests).where(schema.digests.c.id.in_(ids)))
            conn.execute(
                delete(schema.watch_channels).where(schema.watch_channels.c.watch_id == watch.id)
            )
            conn.execute(delete(schema.watches).where(schema.watches.c.id == watch.id))

    def subscribe(self, name: str, channel: str) -> Watch:
        watch = self.get(name)
        channel = channel.strip().lstrip("#")
        if channel and channel not in watch.channels:
            try:
                with self.db.engine.begin() as conn:
                    conn.execute(
                        insert(schema.watch_channels).values(watch_id=watch.id, channel=channel)
                    )
            except IntegrityError:
                pass  # subscribed at the same moment elsewhere
        return self.get(name)

    # -- digests ------------------------------------------------------------------------
    def last_delivered(self, watch: Watch) -> dict | None:
        """The newest delivered digest (id, at, delivered_at, articles), or None."""
        d = schema.digests
        with self.db.engine.connect() as conn:
            row = conn.execute(
                select(d.c.id, d.c.at, d.c.delivered_at, d.c.articles)
                .where(d.c.watch_id == watch.id, d.c.delivered_at > 0)
                .order_by(desc(d.c.at), desc(d.c.id))
                .limit(1)
            ).first()
        if row is None:
            return None
        return {**row._mapping, "articles": json.loads(row.articles or "[]")}

    def last_run(self, watch: Watch) -> float:
        d = schema.digests
        with self.db.engine.connect() as conn:
            at = conn.execute(
                select(d.c.at).where(d.c.watch_id == watch.id).order_by(desc(d.c.at)).limit(1)
            ).scalar()
        return float(at or 0.0)

    def digests(self, watch: Watch, limit: int = 10) -> list[dict]:
        d = schema.digests
        with self.db.engine.connect() as conn:
            rows = conn.execute(
                select(d.c.id, d.c.at, d.c.since, d.c.body, d.c.delivered_at)
                .where(d.c.watch_id == watch.id)
                .order_by(desc(d.c.at), desc(d.c.id))
                .limit(limit)
            ).all()
        return [{**r._mapping, "body": json.loads(r.body)} for r in rows]

    def save_digest(
        self, watch: Watch, since: float, body: dict, articles: list[str], facts: list[dict]
    ) -> int:
        with self.db.engine.begin() as conn:
            digest_id = conn.execute(
                insert(schema.digests).values(
                    watch_id=watch.id,
                    at=time.time(),
                    since=since,
                    body=json.dumps(body, ensure_ascii=False),
                    articles=json.dumps(sorted(articles)),
                    delivered_at=0.0,
                )
            ).inserted_primary_key[0]
            if facts:
                conn.execute(
                    insert(schema.watch_facts), [{**f, "digest_id": digest_id} for f in facts]
                )
        return int(digest_id)

    def record_delivery(self, digest_id: int, target: str, ok: bool, detail: str = "") -> None:
        with self.db.engine.begin() as conn:
            conn.execute(
                insert(schema.deliveries).values(
                    digest_id=digest_id, target=target, at=time.time(), ok=int(ok), detail=detail
                )
            )

    def mark_delivered(self, digest_id: int) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(
                update(schema.digests)
                .where(schema.digests.c.id == digest_id)
                .values(delivered_at=time.time())
            )

    def remembered(self, watch: Watch) -> list[dict]:
        """The facts of every delivered digest of the watch, oldest first."""
        d, f = schema.digests, schema.watch_facts
        query = (
            select(f)
            .join(d, d.c.id == f.c.digest_id)
            .where(d.c.watch_id == watch.id, d.c.delivered_at > 0)
            .order_by(d.c.at, f.c.id)
        )
        with self.db.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]
