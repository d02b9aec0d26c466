"""Understanding a question once: `understand(text, outlets)` -> `Question`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.question.hints import Outlets, mentioned_days
from bot.question.parse import (
    MONTHS,
    STOPWORDS,
    find_entities,
    find_outlets,
    find_speaker,
    norm_name,
    stem,
    unknown_outlets,
    words,
)

# What kind of answer a question wants, from how it is asked.
_WANTS = (
    (
        "name",
        re.compile(
            r"^\s*(?:who|whom|which|what\s+(?:is\s+the\s+name\s+of\s+the\s+)?(?:company|person|"
            r"individual|organi[sz]ation|firm|team|entity|platform|country|city|player|artist|"
            r"athlete|group|brand|product|app|agency|bank|club|celebrity|musician|singer|actor)\b)",
            re.I,
        ),
    ),
    ("when", re.compile(r"\bwhen\b", re.I)),
    ("where", re.compile(r"\bwhere\b", re.I)),
    ("number", re.compile(r"\bhow (?:many|much)\b|\bnumber of\b|\bpercentage\b", re.I)),
)


@dataclass
class Question:
    """A question as understood once per request; retrieval and answering read it, never the raw text.

    `text` is what is matched against the articles: the question itself, or the standalone
    rewrite of a follow-up; `asked` is what the person typed.
    """

    text: str
    terms: dict[str, float] = field(default_factory=dict)  # stem -> weight
    entities: list[str] = field(default_factory=list)  # capitalised names (not outlets)
    outlets: list[str] = field(default_factory=list)  # normalised outlet names
    speaker: list[str] = field(default_factory=list)  # stems naming X in "what did X say"
    speaker_name: str = ""  # X as the question writes it
    asked: str = ""  # as typed, when `text` is a follow-up's rewrite
    unknown_outlets: list[str] = field(default_factory=list)  # named outlets the store lacks
    named_sources: tuple[str, ...] = ()  # stored outlets the question names (as stored)
    days: list[int] = field(default_factory=list)  # calendar days named (UTC midnight)
    wants: frozenset[str] = frozenset()  # answer types: name, when, where, number

    @property
    def original(self) -> str:
        """The question as the person typed it."""
        return self.asked or self.text

    @property
    def asks_speaker(self) -> bool:
        return bool(self.speaker)


def understand(text: str, outlets: Outlets | None = None, asked: str = "") -> Question:
    """The `Question` for `text` (a standalone question), given the outlets the store holds."""
    q = parse_question(text)
    outlets = outlets or Outlets()
    if outlets.names:
        q = with_outlets(q, set(outlets.names))
        q.unknown_outlets = unknown_outlets(q.outlets, set(outlets.names))
    q.asked = asked if asked and asked != text else ""
    q.named_sources = outlets.named_in(text)
    q.days = mentioned_days(text)
    q.wants = frozenset(kind for kind, pattern in _WANTS if pattern.search(text))
    return q


def parse_question(text: str) -> Question:
    """Split a question into weighted content terms, entities, outlets and a speaker."""
    outlets = find_outlets(text)
    outlet_words = {w for o in outlets for w in o.split()}
    entities = [e for e in find_entities(text) if norm_name(e) not in outlets]
    entity_stems = {stem(w) for e in entities for w in words(e)} - {stem(w) for w in outlet_words}
    terms: dict[str, float] = {}
    for w in words(text):
        if w in STOPWORDS or w in outlet_words or len(w) < 2:
            continue
        s = stem(w)
        weight = 2.0 if s in entity_stems else (1.5 if w in MONTHS or w.isdigit() else 1.0)
        terms[s] = max(terms.get(s, 0.0), weight)
    name = find_speaker(text)
    return Question(
        text,
        terms,
        entities,
        outlets,
        [stem(w) for w in words(name) if w not in STOPWORDS and len(w) > 1],
        name,
    )


def with_outlets(q: Question, sources: set[str]) -> Question:
    """`q` with capitalised names that are stored outlets moved from terms to outlets."""
    outlets = list(q.outlets)
    entities = []
    for entity in q.entities:
        name = norm_name(entity)
        if name and name in sources:
            outlets.append(name)
        else:
            entities.append(entity)
    if len(entities) == len(q.entities):
        return q
    dropped = {stem(w) for o in outlets for w in o.split()} - {
        stem(w) for e in entities for w in words(e)
    }
    terms = {t: w for t, w in q.terms.items() if t not in dropped}
    return replace(q, terms=terms, entities=entities, outlets=outlets)
