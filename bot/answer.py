"""Extractive answers: quote the source sentences that answer the question, with [n] citations.

Initial version: picks the best-matching sentence of each top passage by word overlap.
The retrieval issue replaces this with speaker-aware selection, context and abstention.
"""

from __future__ import annotations

import re

from bot.models import Answer, Citation, Passage
from ingest.chunking import sentence_spans

_WORD = re.compile(r"\w+")


def answer_extractive(question: str, passages: list[Passage], store, max_quotes: int = 3) -> Answer:
    """Quote the best sentence of up to `max_quotes` passages, each cited."""
    terms = {w.lower() for w in _WORD.findall(question) if len(w) > 3}
    scored = []
    for passage in passages:
        for start, end in sentence_spans(passage.text):
            sentence = passage.text[start:end]
            overlap = len(terms & {w.lower() for w in _WORD.findall(sentence)})
            if overlap:
                scored.append((overlap, passage, passage.start + start, passage.start + end, sentence))
    scored.sort(key=lambda s: -s[0])
    citations: list[Citation] = []
    lines = []
    for _, passage, start, end, sentence in scored[:max_quotes]:
        n = len(citations) + 1
        citations.append(Citation(
            n=n, quote=sentence, passage=passage.text, doc_id=passage.doc_id, title=passage.title,
            source=passage.source, url=passage.url, published_at=passage.published_at,
            start=start, end=end, score=passage.score,
        ))
        lines.append(f"\u201c{sentence}\u201d [{n}]")
    if not citations:
        return Answer(question, "The articles in the store don't cover this question.", True, "extractive")
    return Answer(question, " ".join(lines), False, "extractive", citations)
