"""Abstention: decide when the retrieved passages do not answer the question.

Three plain signals, tuned on MultiHop-RAG's null queries against its answerable ones
(bench/abstention.py): the question names an outlet the store holds no article from; a name
the question is about appears in none of the retrieved passages; or the best quotable
sentence covers too little of the question's weighted content words.
"""

from __future__ import annotations

import math

from bot.models import Passage
from bot.question import Question, stem, unknown_outlets, words

MIN_COVERAGE = 0.2  # weighted share of question terms the best sentence must cover
ENTITY_SHARE = 2 / 3  # share of a name's words that must appear in the passages


def abstain_reason(
    q: Question,
    passages: list[Passage],
    best_covered: dict[str, float],
    sources: set[str] | None,
    extra: list[str] | None = None,
) -> str | None:
    """A short reason to abstain ("none of them is from Bloomberg"), or None to answer.

    `extra` is further text the answerer read (context sentences around the passages).
    """
    if not passages:
        return "nothing relevant was found"
    if sources:
        missing = unknown_outlets(q.outlets, sources)
        if missing:
            return f"none of them is from {_title(missing[0])}"
    seen = set()
    for p in passages:
        seen.update(words(p.text))
        seen.update(words(p.title))
    for text in extra or []:
        seen.update(words(text))
    for entity in q.entities:
        if not _entity_found(entity, seen):
            return f"none of them mentions {entity}"
    if sum(best_covered.values()) < MIN_COVERAGE:
        return "no passage matches what it asks"
    return None


def _entity_found(entity: str, seen: set[str]) -> bool:
    """Most of the name's words (two of three, and always its last one) appear in the passages."""
    tokens = [w for w in words(entity) if len(w) > 1]
    if not tokens:
        return True
    stems = {stem(w) for w in seen}
    hits = [
        w in seen or stem(w) in stems or (len(w) >= 4 and any(s.startswith(w) for s in seen))
        for w in tokens
    ]
    return hits[-1] and sum(hits) >= math.ceil(ENTITY_SHARE * len(tokens))


def _title(name: str) -> str:
    return " ".join(w.upper() if len(w) <= 3 else w.capitalize() for w in name.split())
