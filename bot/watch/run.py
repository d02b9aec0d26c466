"""One run of a watch: find the articles added since the last delivered digest, write the
digest (a full brief the first time; what changed afterwards), remember its facts, deliver it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import bot.db.schema as schema
from bot.models import BriefRequest
from bot.watch.digest import Cites, Item, changes
from bot.watch.facts import Fact, article_facts, relevant
from bot.watch.watches import Watch, Watches

log = logging.getLogger("bot.watch")


@dataclass
class Digest:
    watch: str
    topic: str
    since: float  # when the last delivered digest was delivered; 0: this is the first
    first: bool
    items: list[Item] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)
    articles: int = 0  # articles new since `since` that are about the topic
    digest_id: int = 0
    delivered: bool = False
    deliveries: list[str] = field(default_factory=list)  # one line per target

    @property
    def since_text(self) -> str:
        return when(self.since) if self.since else ""

    @property
    def nothing_new(self) -> bool:
        return not self.first and not self.items

    def headline(self) -> str:
        if self.first:
            return f"{self.watch}: first brief on {self.topic}"
        if self.nothing_new:
            return f"{self.watch}: nothing new since {self.since_text}"
        n = len(self.items)
        return f"{self.watch}: {n} change{'s' if n != 1 else ''} since {self.since_text}"

    def to_dict(self) -> dict:
        return {
            "watch": self.watch,
            "since": self.since_text or None,
            "items": [i.as_dict() for i in self.items],
            "citations": self.citations,
            "first": self.first,
            "headline": self.headline(),
        }

    def slack_messages(self) -> list[dict]:
        """The digest as Slack messages ({"text", "blocks"}, Block Kit)."""
        from bot.watch.deliver import messages

        return messages(self)

    def markdown(self) -> str:
        lines = [f"## {self.headline()}", ""]
        for item in self.items:
            tag = "" if self.first else f"**{item.status}** "
            lines.append(f"- {tag}{item.text}")
        if self.citations:
            lines += ["", "Sources:"]
            for c in self.citations:
                where = ", ".join(p for p in (c["title"], c["source"], c["published_at"][:10]) if p)
                lines.append(f"[{c['n']}] \u201c{c['quote']}\u201d \u2014 {where}")
        return "\n".join(lines)


def when(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def brief_items(briefing) -> tuple[list[tuple[str, list[int]]], list[dict]]:
    """(bullet text, citation numbers) and citations of a briefing: the one place that reads
    the Briefing type, so a change of its sections is adapted here."""
    citations = [c.to_dict() if hasattr(c, "to_dict") else dict(c) for c in briefing.citations]
    bullets = getattr(briefing, "items", None)
    if bullets is None:  # a briefing laid out in named sections
        bullets = []
        for name in ("bottom_line", "timeline", "positions", "differences", "watch"):
            part = getattr(briefing, name, None) or []
            bullets.extend(part if isinstance(part, list) else [part])
    out = []
    for item in bullets:
        refs = list(getattr(item, "refs", []) or [])
        text = getattr(item, "text", "") or ""
        speaker = getattr(item, "speaker", "")
        if speaker:
            role = getattr(item, "role", "")
            text = f"{speaker}{f' ({role})' if role else ''}: {text}"
        if refs and text and (text, refs) not in out:  # a planned event is in two sections
            out.append((text, refs))
    return out, citations


def run(bot, watches: Watches, watch: Watch, poster=None, also: tuple[str, ...] = ()) -> Digest:
    """Write, save and deliver one digest of `watch`. `poster(channel, digest)` posts to
    Slack (raises on failure); without channels the digest counts as delivered when written.
    `also`: channels to post this one digest to besides the subscribed ones."""
    watch.channels = list(dict.fromkeys([*watch.channels, *also]))
    bot.index_quotes()
    last = watches.last_delivered(watch)
    stored = {a.doc_id: a for a in bot.store.list_articles()}
    digest = Digest(
        watch.name, watch.topic, since=last["delivered_at"] if last else 0.0, first=last is None
    )
    if last is None:
        facts = first_brief(bot, watch, stored, digest)
    else:
        known = set(last["articles"])
        fresh = [d for d in stored if d not in known]
        articles = relevant_articles(bot, watch.topic, fresh)
        digest.articles = len(articles)
        new_facts = facts_of(bot, articles)
        remembered = [Fact.from_row(r) for r in watches.remembered(watch)]
        cites = Cites()
        digest.items = changes(new_facts, remembered, cites)
        digest.citations = cites.rows
        facts = new_facts
    digest.digest_id = watches.save_digest(
        watch, digest.since, digest.to_dict(), list(stored), [f.row() for f in facts]
    )
    deliver(watches, watch, digest, poster)
    return digest


def first_brief(bot, watch: Watch, stored: dict, digest: Digest) -> list[Fact]:
    from bot.errors import NothingToBrief

    articles = relevant_articles(bot, watch.topic, list(stored))
    digest.articles = len(articles)
    cites = Cites()
    try:
        bullets, citations = brief_items(bot.brief(BriefRequest(topic=watch.topic)))
    except NothingToBrief:
        bullets, citations = [], []
    numbers = {c["n"]: cites.add(c) for c in citations}
    for text, refs in bullets:
        mine = [numbers[n] for n in refs if n in numbers]
        digest.items.append(Item(f"{text} {''.join(f'[{n}]' for n in mine)}", "new", mine))
    digest.citations = cites.rows
    return facts_of(bot, articles)


def relevant_articles(bot, topic: str, doc_ids: list[str]) -> list:
    out: list = []
    for i in range(0, len(doc_ids), 200):
        got = bot.store.get_articles(doc_ids[i : i + 200])
        out.extend(a for a in got.values() if relevant(topic, a.title, a.text))
    return out


def facts_of(bot, articles: list) -> list[Fact]:
    """Every fact of the articles, with their quotes and events from the quote index."""
    from sqlalchemy import select

    from bot.db import database_for

    ids = [a.doc_id for a in articles]
    quotes: dict[str, list[dict]] = {d: [] for d in ids}
    events: dict[str, list[dict]] = {d: [] for d in ids}
    db = database_for(bot.settings)
    with db.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            for row in conn.execute(select(schema.quotes).where(schema.quotes.c.doc_id.in_(part))):
                quotes[row.doc_id].append(dict(row._mapping))
            for row in conn.execute(select(schema.events).where(schema.events.c.doc_id.in_(part))):
                events[row.doc_id].append(dict(row._mapping))
    out: list[Fact] = []
    for article in articles:
        out.extend(article_facts(article, quotes[article.doc_id], events[article.doc_id]))
    return out


def deliver(watches: Watches, watch: Watch, digest: Digest, poster) -> None:
    """Post to every channel; delivered only when all took it (else the next run repeats)."""
    if not watch.channels:
        watches.mark_delivered(digest.digest_id)
        digest.delivered = True
        return
    ok = True
    for channel in watch.channels:
        target = f"slack:{channel}"
        if poster is None:
            ok = False
            detail = "not posted: SLACK_BOT_TOKEN is not set"
        else:
            try:
                poster(channel, digest)
                detail = "posted"
            except Exception as exc:  # noqa: BLE001 (any failure: logged, digest kept)
                ok = False
                detail = f"not posted: {' '.join(str(exc).split())[:200]}"
                log.warning("digest of %s to %s failed: %s", watch.name, target, detail)
        watches.record_delivery(digest.digest_id, target, detail == "posted", detail)
        digest.deliveries.append(f"{target}: {detail}")
    if ok:
        watches.mark_delivered(digest.digest_id)
        digest.delivered = True
    else:
        again = digest.since_text or "the start"
        digest.deliveries.append(f"the next run reports again from {again}")


def due(watches: Watches, now: float | None = None) -> list[Watch]:
    """Watches whose interval or cron line says they should run now."""
    from bot.watch.watches import next_due

    now = time.time() if now is None else now
    return [w for w in watches.all() if next_due(w.every, watches.last_run(w)) <= now]
