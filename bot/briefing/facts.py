"""Who said what, and when, for the articles a briefing reads: quotes with their speakers and
dated events, from the quote index of the shared database (built at ingest), or read from the
texts themselves when there is no database (a store opened without settings, tests, benches).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Said:
    """One attributed quote: `article_text[start:end] == quote`."""

    speaker: str
    role: str
    quote: str
    kind: str  # direct | indirect
    start: int
    end: int
    how: str = "named"  # named | surname | pronoun | organisation | document | continued


@dataclass
class Dated:
    """One dated event: the sentence `article_text[start:end] == text` and what dates it."""

    date: str  # YYYY-MM-DD | YYYY-MM | YYYY
    precision: str  # day | month | year
    status: str  # past | planned
    expression: str
    text: str
    start: int
    end: int


@dataclass
class ArticleFacts:
    quotes: list[Said] = field(default_factory=list)
    events: list[Dated] = field(default_factory=list)
    published: str = ""  # ISO day the dates were read against ("" when unknown)


# doc_id -> text, doc_id -> stored metadata  =>  doc_id -> facts
FactSource = Callable[[dict[str, str], dict[str, dict]], dict[str, ArticleFacts]]

_CACHE: dict[str, ArticleFacts] = {}
_LOCK = threading.Lock()
_CACHE_SIZE = 2000


def read_texts(texts: dict[str, str], metas: dict[str, dict]) -> dict[str, ArticleFacts]:
    """Facts read from the texts with the quote index's own rules (bot/attribution), kept
    in memory by content so a second briefing over the same articles reads them once."""
    from bot.attribution.extract import analyse

    keys = {d: _key(t, metas.get(d, {})) for d, t in texts.items()}
    with _LOCK:
        todo = [d for d in texts if keys[d] not in _CACHE]
    if todo:
        found = analyse([(d, texts[d], metas.get(d, {})) for d in todo])
        with _LOCK:
            if len(_CACHE) > _CACHE_SIZE:
                _CACHE.clear()
            for d, facts in zip(todo, found, strict=True):
                _CACHE[keys[d]] = ArticleFacts(
                    [
                        Said(q.speaker, q.role, q.quote, q.kind, q.start, q.end, q.how)
                        for q in facts.quotes
                    ],
                    [
                        Dated(e.date, e.precision, e.status, e.expression, e.text, e.start, e.end)
                        for e in facts.events
                    ],
                    facts.published,
                )
    with _LOCK:
        return {d: _CACHE[keys[d]] for d in texts}


def from_database(db) -> FactSource:
    """Facts from the quote index in `db` (brought in step with the store by the caller);
    an article the index lacks is read from its text."""

    def facts(texts: dict[str, str], metas: dict[str, dict]) -> dict[str, ArticleFacts]:
        from sqlalchemy import select

        import bot.db.schema as schema

        ids = list(texts)
        out = {d: ArticleFacts() for d in ids}
        q, e, a = schema.quotes, schema.events, schema.attributed_articles
        with db.engine.connect() as conn:
            known = {
                r.doc_id: r.published_at or ""
                for r in conn.execute(
                    select(a.c.doc_id, a.c.published_at).where(a.c.doc_id.in_(ids))
                )
            }
            for r in conn.execute(select(q).where(q.c.doc_id.in_(ids))):
                out[r.doc_id].quotes.append(
                    Said(r.speaker, r.role, r.quote, r.kind, int(r.start), int(r.end), r.how or "")
                )
            for r in conn.execute(select(e).where(e.c.doc_id.in_(ids))):
                out[r.doc_id].events.append(
                    Dated(
                        r.date,
                        r.precision,
                        r.status,
                        r.expression,
                        r.text,
                        int(r.start),
                        int(r.end),
                    )
                )
        for d in ids:
            out[d].published = known.get(d, "")[:10]
            out[d].quotes.sort(key=lambda s: s.start)
            out[d].events.sort(key=lambda s: s.start)
        missing = {d: texts[d] for d in ids if d not in known}
        if missing:
            out.update(read_texts(missing, metas))
        return out

    return facts


def _key(text: str, meta: dict) -> str:
    stamp = f"{meta.get('published_at') or ''}|{meta.get('day') or ''}|"
    return hashlib.sha1((stamp + text).encode()).hexdigest()
