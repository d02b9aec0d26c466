"""Answers from the index: "what did X say (about Y)" gets all of X's quotes ranked by Y, and
"when ..." questions get the resolved dates of the events that match."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.attribution.index import QuoteIndex, name_words, topic_stems
from bot.question.parse import stem


@dataclass
class QuoteHit:
    """One quote for an answer: `article_text[start:end] == quote` in the article `doc_id`."""

    speaker: str
    role: str
    quote: str
    kind: str  # direct | indirect
    cue: str
    doc_id: str
    title: str
    source: str
    published_at: str
    start: int
    end: int
    score: float = 0.0  # share of the question's topic words the quote carries
    outlets: list[dict] = field(default_factory=list)  # every article carrying it


@dataclass
class EventHit:
    """A dated event for a "when" answer: `article_text[start:end] == text` (the sentence)."""

    date: str
    precision: str
    status: str
    expression: str
    text: str
    doc_id: str
    title: str
    source: str
    start: int
    end: int
    score: float = 0.0


def quotes_for_question(db, question, limit: int = 10) -> list[QuoteHit]:
    """The asked-about speaker's quotes, best match to the rest of the question first; [] when
    the question names no speaker or the index has none of theirs."""
    name = getattr(question, "speaker_name", "")
    if not name or not name_words(name):
        return []
    speaker_stems = {stem(w) for w in name_words(name)}
    topic = " ".join(t for t in question.terms if t not in speaker_stems)
    items = QuoteIndex(db).quotes(speaker=name, topic=topic, only_topic=False)
    return [QuoteHit(**_pick(i.row, QuoteHit), score=i.score, outlets=i.outlets) for i in items][
        :limit
    ]


def events_for_question(db, question, limit: int = 10) -> list[EventHit]:
    """Dated events whose sentence shares the question's words, best match first."""
    topic = " ".join(question.terms)
    if not topic_stems(topic):
        return []
    items = QuoteIndex(db).timeline(topic=topic)
    items.sort(key=lambda i: -i.score)
    return [EventHit(**_pick(i.row, EventHit), score=i.score) for i in items][:limit]


def _pick(row: dict, cls) -> dict:
    names = set(cls.__dataclass_fields__) - {"score", "outlets"}
    return {k: v for k, v in row.items() if k in names}
