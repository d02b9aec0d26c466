"""The quote and event index in the shared database: kept in step with the article store,
and read back as quotes by speaker and topic, or as a timeline.

Near-duplicate articles (and any outlet carrying the same words) give one quote or event,
listing every outlet that carries it.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

import bot.db.schema as schema
from bot.attribution.extract import RULES, analyse
from bot.attribution.speakers import place_words, speaker_key, words_match
from bot.question.parse import STOPWORDS, stem, words

_BATCH = 64  # articles analysed and written per step
_NAME_STOP = STOPWORDS | {"mr", "mrs", "ms", "dr", "officials", "official"}


@dataclass
class SyncReport:
    indexed: int = 0
    removed: int = 0
    quotes: int = 0
    events: int = 0
    seconds: float = 0.0


@dataclass
class Item:
    """A quote or event as the commands print it (`row`), with every outlet carrying it."""

    row: dict
    outlets: list[dict] = field(default_factory=list)
    score: float = 0.0

    def as_dict(self) -> dict:
        return {**self.row, "outlets": self.outlets}


def quote_key(text: str) -> str:
    norm = " ".join(re.findall(r"\w+", text.lower()))
    return hashlib.sha1(norm.encode()).hexdigest()[:16]


class QuoteIndex:
    """Quotes and events of the stored articles, in the shared database."""

    def __init__(self, db) -> None:
        self.db = db

    # -- keeping in step ---------------------------------------------------------------
    def sync(self, store, progress=None) -> SyncReport:
        """Index the stored articles the index lacks (or read by older rules); drop the
        rows of articles no longer stored; refresh near-duplicate links."""
        started = time.perf_counter()
        report = SyncReport()
        stored = {a.doc_id: a for a in store.list_articles()}
        with self.db.engine.connect() as conn:
            rows = conn.execute(
                select(
                    schema.attributed_articles.c.doc_id,
                    schema.attributed_articles.c.rules,
                    schema.attributed_articles.c.duplicates,
                )
            ).all()
        have = {r.doc_id: r for r in rows}
        gone = [d for d in have if d not in stored]
        todo = [d for d in stored if d not in have or have[d].rules != RULES]
        relink = [
            d
            for d, r in have.items()
            if d in stored and d not in todo and r.duplicates != ",".join(stored[d].duplicates)
        ]
        self.remove(gone + todo)
        report.removed = len(gone)
        for i in range(0, len(todo), _BATCH):
            batch = store.get_articles(todo[i : i + _BATCH])
            got = self._index([batch[d] for d in todo[i : i + _BATCH] if d in batch])
            report.indexed += len(batch)
            report.quotes += got[0]
            report.events += got[1]
            if progress:
                progress(len(batch))
        if relink:
            with self.db.engine.begin() as conn:
                for doc_id in relink:
                    conn.execute(
                        schema.attributed_articles.update()
                        .where(schema.attributed_articles.c.doc_id == doc_id)
                        .values(duplicates=",".join(stored[doc_id].duplicates))
                    )
        report.seconds = time.perf_counter() - started
        return report

    def remove(self, doc_ids: list[str]) -> None:
        if not doc_ids:
            return
        with self.db.engine.begin() as conn:
            for i in range(0, len(doc_ids), 500):
                part = doc_ids[i : i + 500]
                for table in (schema.quotes, schema.events, schema.attributed_articles):
                    conn.execute(delete(table).where(table.c.doc_id.in_(part)))

    def clear(self) -> None:
        """Forget everything indexed (the next `sync` reads every article again)."""
        with self.db.engine.begin() as conn:
            for table in (schema.quotes, schema.events, schema.attributed_articles):
                conn.execute(delete(table))

    def _index(self, articles) -> tuple[int, int]:
        facts = analyse([(a.doc_id, a.text, a.meta) for a in articles])
        quote_rows, event_rows, article_rows = [], [], []
        for article, found in zip(articles, facts, strict=True):
            meta = article.meta
            published = str(meta.get("published_at") or "") or found.published
            article_rows.append(
                {
                    "doc_id": article.doc_id,
                    "title": article.title,
                    "source": str(meta.get("source") or ""),
                    "published_at": published,
                    "published_inferred": int(found.inferred),
                    "duplicates": ",".join(article.duplicates),
                    "rules": RULES,
                    "indexed_at": time.time(),
                }
            )
            for q in found.quotes:
                quote_rows.append(
                    {
                        "doc_id": article.doc_id,
                        "speaker": q.speaker[:300],
                        "role": q.role[:300],
                        "quote": q.quote,
                        "kind": q.kind,
                        "cue": q.cue[:50],
                        "start": q.start,
                        "end": q.end,
                        "speaker_key": speaker_key(q.speaker)[:300],
                        "how": q.how,
                        "mention": q.mention[:300],
                        "quote_key": quote_key(q.quote),
                    }
                )
            seen = set()
            for e in found.events:
                if (e.start, e.expression) in seen:
                    continue
                seen.add((e.start, e.expression))
                event_rows.append(
                    {
                        "doc_id": article.doc_id,
                        "date": e.date,
                        "precision": e.precision,
                        "status": e.status,
                        "expression": e.expression[:200],
                        "start": e.start,
                        "end": e.end,
                        "text": e.text,
                        "expr_start": e.expr_start,
                    }
                )
        ids = [r["doc_id"] for r in article_rows]
        for attempt in range(3):
            # Another instance may index the same new articles at the same moment (two
            # ingests into one store): what is there is replaced, never doubled.
            try:
                with self.db.engine.begin() as conn:
                    for table in (schema.quotes, schema.events, schema.attributed_articles):
                        conn.execute(delete(table).where(table.c.doc_id.in_(ids)))
                    if article_rows:
                        conn.execute(insert(schema.attributed_articles), article_rows)
                    if quote_rows:
                        conn.execute(insert(schema.quotes), quote_rows)
                    if event_rows:
                        conn.execute(insert(schema.events), event_rows)
                break
            except IntegrityError:
                if attempt == 2:
                    raise
        return len(quote_rows), len(event_rows)

    # -- reading -----------------------------------------------------------------------
    def quotes(
        self,
        speaker: str = "",
        topic: str = "",
        limit: int | None = None,
        only_topic: bool = True,
        key: str = "",
    ) -> list[Item]:
        """Quotes by `speaker` (full name, surname, role, organisation or country), best match
        to `topic` first, else by date; with `only_topic`, those about the topic only; `key`:
        only the speaker `speakers()` lists under that key."""
        q, a = schema.quotes, schema.attributed_articles
        query = select(q, a.c.title, a.c.source, a.c.published_at, a.c.published_inferred).join(
            a, a.c.doc_id == q.c.doc_id
        )
        if key:
            query = query.where(q.c.speaker_key == key)
        with self.db.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        wanted = name_words(speaker)
        rows = [r for r in rows if not wanted or speaker_matches(wanted, r["speaker"], r["role"])]
        items = _merge(rows, lambda r: (r["speaker_key"], r["quote_key"]), _quote_row)
        return _ranked(items, topic, lambda i: i.row["quote"], limit, require=only_topic)

    def timeline(
        self, topic: str = "", since: str = "", until: str = "", limit: int | None = None
    ) -> list[Item]:
        """Dated events sorted by date (about `topic` when given), within [since, until]."""
        e, a = schema.events, schema.attributed_articles
        query = select(e, a.c.title, a.c.source, a.c.published_at).join(a, a.c.doc_id == e.c.doc_id)
        with self.db.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        rows = [r for r in rows if _within(r["date"], since, until)]
        items = _merge(rows, lambda r: (r["date"], quote_key(r["text"])), _event_row)
        if topic:
            items = _ranked(items, topic, lambda i: i.row["text"], None, require=True)
        items.sort(key=lambda i: (i.row["date"], i.row["start"]))
        return items[:limit] if limit else items

    def speakers(self) -> list[dict]:
        """Everyone quoted, most quoted first: `key` (for `quotes(key=...)`), `speaker` and
        `role` as the articles most often give them, `quotes` (a quote several outlets carry
        counts once), `articles` and `last` (the newest article's date)."""
        q, a = schema.quotes, schema.attributed_articles
        query = select(
            q.c.speaker_key, q.c.speaker, q.c.role, q.c.quote_key, q.c.doc_id, a.c.published_at
        ).join(a, a.c.doc_id == q.c.doc_id)
        with self.db.engine.connect() as conn:
            rows = conn.execute(query).all()
        groups: dict[str, dict] = {}
        for r in rows:
            g = groups.setdefault(
                r.speaker_key,
                {"names": Counter(), "roles": Counter(), "said": set(), "docs": set(), "last": ""},
            )
            g["names"][r.speaker] += 1
            if r.role:
                g["roles"][r.role] += 1
            g["said"].add(r.quote_key)
            g["docs"].add(r.doc_id)
            g["last"] = max(g["last"], str(r.published_at or ""))
        out = [
            {
                "key": key,
                "speaker": _most_common(g["names"]),
                "role": _most_common(g["roles"]),
                "quotes": len(g["said"]),
                "articles": len(g["docs"]),
                "last": g["last"],
            }
            for key, g in groups.items()
            if key
        ]
        out.sort(key=lambda s: (-s["quotes"], -s["articles"], s["speaker"].lower()))
        return out

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func

        with self.db.engine.connect() as conn:
            return {
                t.name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
                for t in (schema.attributed_articles, schema.quotes, schema.events)
            }


def _most_common(counts: Counter) -> str:
    """The most frequent form; among equals the fullest (longest), then the first in order."""
    if not counts:
        return ""
    return max(counts, key=lambda form: (counts[form], len(form), form))


def name_words(name: str) -> list[str]:
    """The words of a speaker asked about, without "the" and honorifics."""
    return [w for w in re.findall(r"[\w.'’-]+", name.lower()) if w.strip(".") not in _NAME_STOP]


def speaker_matches(wanted: list[str], speaker: str, role: str) -> bool:
    """Every word asked is in the speaker's name or role ("Cambodia" matches "Cambodian
    Ministry of Interior"; "the Thai foreign minister" matches that role)."""
    have = place_words(speaker) | place_words(role)
    return all(any(words_match(w, h) for h in have) for w in wanted)


def topic_score(topic_stems: set[str], text: str) -> float:
    if not topic_stems:
        return 0.0
    found = {stem(w) for w in words(text)}
    return len(topic_stems & found) / len(topic_stems)


def topic_stems(topic: str) -> set[str]:
    return {stem(w) for w in words(topic) if w not in STOPWORDS and len(w) > 1}


def _ranked(items: list[Item], topic: str, text_of, limit, require: bool) -> list[Item]:
    stems = topic_stems(topic)
    for item in items:
        item.score = topic_score(stems, text_of(item)) + 0.25 * topic_score(
            stems, item.row.get("title", "")
        )
    if require and stems:
        items = [i for i in items if i.score > 0]
    items.sort(key=lambda i: (-i.score, i.row.get("published_at", ""), i.row["start"]))
    return items[:limit] if limit else items


def _bounds(value: str) -> tuple[str, str]:
    """First and last day an ISO date, month or year covers."""
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        days = calendar.monthrange(int(value[:4]), int(value[5:7]))[1]
        return f"{value}-01", f"{value}-{days:02d}"
    return value, value


def _within(value: str, since: str, until: str) -> bool:
    first, last = _bounds(value)
    return (not since or last >= since[:10]) and (not until or first <= until[:10])


def _merge(rows: list[dict], key, shape) -> list[Item]:
    rows.sort(key=lambda r: (r.get("published_at") or "9999", r["doc_id"], r["start"]))
    groups: dict = {}
    for r in rows:
        outlet = {
            "doc_id": r["doc_id"],
            "title": r["title"],
            "source": r["source"],
            "published_at": r["published_at"],
            "start": r["start"],
            "end": r["end"],
        }
        k = key(r)
        if k in groups:
            if all(o["doc_id"] != r["doc_id"] for o in groups[k].outlets):
                groups[k].outlets.append(outlet)
            continue
        groups[k] = Item(shape(r), [outlet])
    return list(groups.values())


def _quote_row(r: dict) -> dict:
    return {
        "speaker": r["speaker"],
        "role": r["role"],
        "quote": r["quote"],
        "kind": r["kind"],
        "cue": r["cue"],
        "doc_id": r["doc_id"],
        "title": r["title"],
        "source": r["source"],
        "published_at": r["published_at"],
        "start": r["start"],
        "end": r["end"],
        "published_inferred": bool(r.get("published_inferred")),
        "how": r["how"],
    }


def _event_row(r: dict) -> dict:
    return {
        "date": r["date"],
        "precision": r["precision"],
        "status": r["status"],
        "expression": r["expression"],
        "text": r["text"],
        "doc_id": r["doc_id"],
        "title": r["title"],
        "source": r["source"],
        "start": r["start"],
        "end": r["end"],
    }
