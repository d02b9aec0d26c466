"""The ledger a briefing is written against: which sentences are used, how many words and
how much of each article are left, and the numbered citations and sources.

Every fact is used once: a sentence that repeats a used one (cosine >= duplicate_sim, same
numbers) is refused, and the copies of a chosen sentence in other outlets are cited with it,
so one bullet lists every outlet carrying it.
"""

from __future__ import annotations

import re

import numpy as np

from bot.briefing.select import Candidate, SelectOptions, norm_key
from bot.models import Citation, Source

MAX_SHARE = 0.4  # of an article's distinct sentences a briefing may quote
_DIGITS = re.compile(r"\d[\d,.]*")


def numbers(text: str) -> set[str]:
    return {n.rstrip(".,").replace(",", "") for n in _DIGITS.findall(text)}


class Plan:
    """Sentences chosen so far, with their citations, under the word and share budgets."""

    def __init__(
        self,
        cands: list[Candidate],
        sims: np.ndarray,
        texts: dict[str, str],
        max_words: int,
        options: SelectOptions,
    ) -> None:
        self.cands, self.sims, self.texts, self.options = cands, sims, texts, options
        self.words_left = max_words
        self.hold = 0  # sentences of each article kept back (for the bottom line)
        self.used: list[int] = []
        self.citations: list[Citation] = []
        self.sources: dict[str, Source] = {}
        self._cited: dict[tuple[str, int, int], int] = {}
        self._share = {d: _share_cap(t) for d, t in texts.items()}
        self._sentences: dict[str, set[str]] = {d: set() for d in texts}
        self.by_doc: dict[str, list[int]] = {}
        for i, c in enumerate(cands):
            self.by_doc.setdefault(c.doc_id, []).append(i)

    # -- what may still be used -------------------------------------------------------
    def repeats(self, i: int) -> bool:
        """True when candidate i says what a used sentence says (same numbers)."""
        for j in self.used:
            if i == j:
                return True
            if self.sims[i, j] >= self.options.duplicate_sim and numbers(
                self.cands[i].text
            ) == numbers(self.cands[j].text):
                return True
        return False

    def room(self, i: int, words: int | None = None) -> bool:
        """True when candidate i fits the words left and its article's share."""
        c = self.cands[i]
        new = norm_key(c.text) not in self._sentences[c.doc_id]
        if new and len(self._sentences[c.doc_id]) >= self._share[c.doc_id] - self.hold:
            return False
        return (words if words is not None else c.words) <= self.words_left

    def usable(self, i: int, words: int | None = None) -> bool:
        return not self.repeats(i) and self.room(i, words)

    # -- using ------------------------------------------------------------------------
    def take(
        self, i: int, words: int | None = None, span: tuple[int, int] | None = None
    ) -> list[int]:
        """Mark candidate i used and cite it (or `span` inside it), with its copies in other
        outlets; returns the citation numbers."""
        c = self.cands[i]
        self.used.append(i)
        self._sentences[c.doc_id].add(norm_key(c.text))
        self.words_left -= words if words is not None else c.words
        refs = [self.cite(c.doc_id, *(span or (c.start, c.end)), c.salience, c.passage, c.meta)]
        for j in self.copies(i):
            t = self.cands[j]
            n = self.cite(t.doc_id, t.start, t.end, t.salience, t.passage, t.meta)
            if n not in refs:
                refs.append(n)
        return refs

    def copies(self, i: int) -> list[int]:
        """The same sentence in other articles (one per article)."""
        c, seen, out = self.cands[i], {self.cands[i].doc_id}, []
        mine = numbers(c.text)
        for j in np.argsort(-self.sims[i]):
            j = int(j)
            if self.sims[i, j] < self.options.duplicate_sim:
                break
            t = self.cands[j]
            if t.doc_id not in seen and numbers(t.text) == mine:
                seen.add(t.doc_id)
                out.append(j)
        return out

    def cite(
        self, doc_id: str, start: int, end: int, score: float, passage: str, meta: dict
    ) -> int:
        """The number of the citation of text[start:end] (a new one when not cited yet)."""
        key = (doc_id, start, end)
        if key in self._cited:
            return self._cited[key]
        source = self.source(doc_id, meta)
        self.citations.append(
            Citation(
                n=len(self.citations) + 1,
                quote=self.texts[doc_id][start:end],
                passage=passage,
                doc_id=doc_id,
                title=source.title,
                source=source.source,
                url=source.url,
                published_at=source.published_at,
                start=start,
                end=end,
                score=round(score, 4),
            )
        )
        self._cited[key] = len(self.citations)
        return self._cited[key]

    def source(self, doc_id: str, meta: dict) -> Source:
        if doc_id not in self.sources:
            self.sources[doc_id] = Source(
                n=len(self.sources) + 1,
                doc_id=doc_id,
                title=str(meta.get("title", "")),
                source=str(meta.get("source", "")),
                published_at=str(meta.get("published_at", "")),
                url=str(meta.get("url", "")),
                also=[dict(c) for c in meta.get("copies", [])],
            )
        return self.sources[doc_id]

    def at(self, doc_id: str, start: int, end: int) -> int | None:
        """The candidate sentence that overlaps text[start:end] most (None: not in the material)."""
        best, overlap = None, 0
        for i in self.by_doc.get(doc_id, []):
            c = self.cands[i]
            got = min(end, c.end) - max(start, c.start)
            if got > overlap:
                best, overlap = i, got
        return best

    def reorder(self, items_refs: list[list[int]]) -> dict[int, int]:
        """Citation numbers renumbered in reading order: old -> new."""
        order: dict[int, int] = {}
        for refs in items_refs:
            for n in refs:
                order.setdefault(n, len(order) + 1)
        return order


def _share_cap(text: str) -> int:
    """How many distinct sentences of an article a briefing may quote (at least 6: a short
    article still gives a bottom line, dates and a position)."""
    from ingest.chunking import sentence_spans

    distinct = {norm_key(text[a:b]) for a, b in sentence_spans(text)}
    return max(6, int(MAX_SHARE * len(distinct)))
