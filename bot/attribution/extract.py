"""Quotes and dated events of many articles at once: one spaCy pass over the sentences that
carry a speech verb, in batches, then the rules of `quotes` and `dates` per article."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import bot.attribution.dates as dates
import bot.attribution.quotes as quotes
from bot.attribution.nlp import parse_many

RULES = "11"  # bump when the rules change: stored articles are then indexed again


@dataclass
class Facts:
    """What one article says about who said what, and when."""

    quotes: list[quotes.Quote] = field(default_factory=list)
    events: list[dates.Event] = field(default_factory=list)
    published: str = ""  # the reference date used (ISO day), "" when none
    inferred: bool = False  # published was inferred from the dateline


def reference_date(published_at: str, text: str, day: str, today: date) -> tuple[date | None, bool]:
    """(the date relative expressions are read against, whether it was inferred)."""
    if published_at:
        try:
            return datetime.fromisoformat(published_at).date(), False
        except ValueError:
            pass
    inferred = dates.infer_published(text, day, today)
    return inferred, inferred is not None


def analyse(
    articles: list[tuple[str, str, dict]], today: date | None = None, batch_size: int = 64
) -> list[Facts]:
    """Facts for each (doc_id, text, metadata), in order."""
    today = today or date.today()
    spans = [quotes.candidates(text) for _, text, _ in articles]
    flat = [text[s:e] for (_, text, _), mine in zip(articles, spans, strict=True) for s, e in mine]
    docs = iter(parse_many(flat, batch_size=batch_size))
    out = []
    for (_, text, meta), mine in zip(articles, spans, strict=True):
        parsed = {span: next(docs) for span in mine}
        facts = Facts(quotes=quotes.extract(text, parsed))
        ref, inferred = reference_date(
            str(meta.get("published_at") or ""), text, str(meta.get("day") or ""), today
        )
        if ref is not None:
            match = dates.DATELINE.match(text)
            facts.events = dates.extract(text, ref, skip=match.end() if match else 0)
            facts.published, facts.inferred = ref.isoformat(), inferred
        out.append(facts)
    return out
