"""Retrieval: passages for a question from the store.

Hybrid: dense (Chroma) and BM25 (bm25s) candidates fused by weighted reciprocal rank,
plus evidence from the article level (title+lead vectors) and from what the question
names (outlets, dates). Then one slot per hit, at most `per_article` per article
(near-duplicate articles count as one), each grown to the sentences around it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.models import Filters, Passage
from bot.question import Outlets, Question, understand
from bot.retrieval.config import QueryHints, RetrievalConfig
from bot.retrieval.filters import ResolvedFilters, mask_of, resolve
from bot.retrieval.keyword_index import KeywordIndex, tokenize
from bot.retrieval.rerank import CrossEncoder, cross_order
from bot.retrieval.window import sentence_window
from ingest.store import Store


class Retriever:
    """Finds the passages of the store that best match a question."""

    def __init__(
        self,
        store: Store,
        embedder: Embeddings,
        config: RetrievalConfig | None = None,
        reranker: CrossEncoder | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.config = config or RetrievalConfig()
        self.reranker = reranker
        self._speller: tuple[int, Any] | None = None  # (generation, Speller) built on first use
        self.index = KeywordIndex(store)
        self._lock = threading.Lock()
        self.recheck_seconds = 1.0  # how stale a long-running process may see the store
        self._checked = -1e9
        self._generation = -1
        self._outlets = Outlets()
        self._texts: dict[str, str] = {}
        # doc_id -> (sentence spans, each sentence's keyword set), filled as passages are cut
        self._sentences: dict[str, tuple[list[tuple[int, int]], list[frozenset[str]]]] = {}
        self._groups: dict[str, str] = {}
        self._meta: dict[str, dict] = {}

    # -- public ------------------------------------------------------------------------
    def search(
        self, question: Question | str, k: int = 10, filters: Filters | None = None
    ) -> list[Passage]:
        """The `k` best passages for `question`, best first (a string is understood here)."""
        q = self.understood(question)
        return self.search_vector(q, self._embed(q.text), k, filters)

    def search_vector(
        self, question: Question | str, vector, k: int = 10, filters: Filters | None = None
    ) -> list[Passage]:
        """Like `search` with the question's embedding already computed."""
        q = self.understood(question)
        self.refresh(force=False)
        table = self.index.table
        assert table is not None
        if not len(table) or k <= 0:
            return []
        filters = self._resolve(filters or Filters())
        if filters.source and not filters.names:
            return []  # no outlet in the store has that name
        mask = self._mask(filters)
        terms = tokenize(q.text)  # the keyword index's words, read once per search
        scores = self._fuse(q, terms, vector, filters, mask)
        return self._select(q.reading, set(terms), scores, k)

    def outlets(self) -> Outlets:
        """The outlets the store holds (what a question's outlet names are matched against)."""
        self.refresh(force=False)
        return self._outlets

    def mend(self, text: str) -> str:
        """`text` with misspelt words mended against the words the store's articles use."""
        from bot.retrieval.spelling import Speller

        self.refresh(force=False)
        if self.index.table is None:
            return text
        cached = self._speller
        if cached is None or cached[0] != self._generation:
            cached = (self._generation, Speller(self.index.frequencies()))
            self._speller = cached
        return cached[1].mend(text)

    def unfamiliar(self, words: Iterable[str]) -> list[str]:
        """The question words no stored article uses (bot/retrieval/spelling.py)."""
        speller = self._current_speller()
        return speller.unfamiliar(words) if speller else []

    def vocabulary(self) -> Mapping[str, float]:
        """The words the stored articles use, with how many passages use each."""
        speller = self._current_speller()
        return speller.vocabulary if speller else {}

    def _current_speller(self):
        self.mend("")  # builds the speller, and its vocabulary, for this generation
        return self._speller[1] if self._speller else None

    def understood(self, question: Question | str) -> Question:
        return question if isinstance(question, Question) else understand(question, self.outlets())

    def refresh(self, force: bool = True) -> None:
        """Bring the keyword index and caches in step with the store (cheap when unchanged).

        Unless `force`, the store's generation is read at most every `recheck_seconds`.
        Safe when many threads ask at once: a thread returns early only once the index and
        caches are loaded; the first one loads them while the others wait on the lock.
        """
        if not force and self._fresh():
            return
        with self._lock:
            if not force and self._fresh():
                return  # another thread loaded it while this one waited
            if self.index.ensure_current() or self._generation != self.index.generation:
                self._generation = self.index.generation
                # New objects, never cleared in place: searches running meanwhile keep
                # reading the ones they started with.
                self._sentences = {}
                self._load_articles()
            self._checked = time.monotonic()  # only once everything above is in place

    def _fresh(self) -> bool:
        return (
            self.index.table is not None
            and self._generation == self.index.generation
            and time.monotonic() - self._checked < self.recheck_seconds
        )

    # -- scoring --------------------------------------------------------------------------
    def _embed(self, query: str):
        array = getattr(self.embedder, "embed_array", None)
        return (
            array([query])[0] if array else np.asarray(self.embedder.embed_query(query), np.float32)
        )

    def _resolve(self, filters: Filters) -> ResolvedFilters:
        return resolve(filters, self.index.table)

    def _mask(self, filters: Filters) -> np.ndarray | None:
        return mask_of(filters, self.index.table)

    def _fuse(
        self, q: Question, terms: list[str], vector, filters: Filters, mask: np.ndarray | None
    ) -> dict[int, float]:
        cfg, table = self.config, self.index.table
        assert table is not None
        index_of = {s: i for i, s in enumerate(table.sources)}
        hints = QueryHints({index_of[s] for s in q.named_sources if s in index_of}, q.days)
        scores: dict[int, float] = {}

        def add(rows: list[int], weight: float) -> None:
            for rank, row in enumerate(rows):
                scores[row] = scores.get(row, 0.0) + weight / (cfg.rrf_k + rank + 1)

        add(self._dense(vector, filters), cfg.dense_weight)
        keyword = self.index.scores(terms)
        if keyword is not None:
            add(self._top(keyword, mask, cfg.candidates), cfg.bm25_weight)
            if cfg.source_lists:  # the best of each outlet the question names, ranked alone
                for source in hints.sources:
                    only = table.source_of == source
                    add(
                        self._top(keyword, only if mask is None else only & mask, 20),
                        cfg.source_lists,
                    )
            if cfg.date_lists:  # likewise for each day the question names
                slack = cfg.date_slack * 86400
                for day in hints.days:
                    ts = table.published_ts
                    only = (ts >= day - slack) & (ts < day + 86400 + slack)
                    add(
                        self._top(keyword, only if mask is None else only & mask, 20),
                        cfg.date_lists,
                    )
        doc_bonus = self._article_bonus(vector, filters, hints)
        if doc_bonus:
            for row in scores:
                scores[row] += doc_bonus.get(int(table.doc_of[row]), 0.0)
        return scores

    def _dense(self, vector, filters: Filters) -> list[int]:
        n = min(self.config.candidates, len(self.index.table or []))
        got = self.store.chunks.query(
            query_embeddings=[list(map(float, vector))],
            n_results=n,
            where=filters.where(),
            include=[],
        )
        rows = (self.index.row_of.get(cid) for cid in got["ids"][0])
        return [r for r in rows if r is not None]

    @staticmethod
    def _top(scores: np.ndarray, mask: np.ndarray | None, n: int) -> list[int]:
        """Rows of the `n` best positive scores (inside `mask`), best first."""
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [int(r) for r in top if scores[r] > 0]

    def _article_bonus(self, vector, filters: Filters, hints: QueryHints) -> dict[int, float]:
        """Per-article score from its title+lead vector and the outlets/dates the question names."""
        cfg, table = self.config, self.index.table
        assert table is not None
        bonus: dict[int, float] = {}
        doc_index = {d: i for i, d in enumerate(table.doc_ids)} if cfg.article_weight else {}
        if cfg.article_weight and cfg.articles:
            where = {"status": "complete"}
            extra = filters.where()
            got = self.store.articles.query(
                query_embeddings=[list(map(float, vector))],
                n_results=cfg.articles,
                where={"$and": [where, extra]} if extra else where,
                include=[],
            )
            for rank, doc_id in enumerate(got["ids"][0]):
                if doc_id in doc_index:
                    d = doc_index[doc_id]
                    bonus[d] = bonus.get(d, 0.0) + cfg.article_weight / (cfg.rrf_k + rank + 1)
        if cfg.source_boost or cfg.date_boost:
            self._hint_bonus(hints, bonus)
        return bonus

    def _hint_bonus(self, hints: QueryHints, bonus: dict[int, float]) -> None:
        cfg, table = self.config, self.index.table
        assert table is not None
        if not hints.sources and not hints.days:
            return
        for d, doc_id in enumerate(table.doc_ids):
            meta = self._meta.get(doc_id, {})
            add = 0.0
            if hints.sources and meta.get("source_i") in hints.sources:
                add += cfg.source_boost
            ts = int(meta.get("published_ts", 0) or 0)
            if (
                hints.days
                and ts
                and any(
                    -cfg.date_slack * 86400 <= ts - day < (cfg.date_slack + 1) * 86400
                    for day in hints.days
                )
            ):
                add += cfg.date_boost
            if add:
                bonus[d] = bonus.get(d, 0.0) + add

    # -- passages ---------------------------------------------------------------------------
    def _select(
        self, question: str, terms: set[str], scores: dict[int, float], k: int
    ) -> list[Passage]:
        """Best rows first; <= per_article per article, near-duplicates as one article."""
        table = self.index.table
        assert table is not None
        taken: dict[str, tuple[int, int]] = {}  # group -> (doc row index, passages taken)
        chosen: list[tuple[int, float, int, int]] = []
        for row, score in sorted(scores.items(), key=lambda item: -item[1]):
            doc = int(table.doc_of[row])
            doc_id = table.doc_ids[doc]
            group = self._groups.get(doc_id, doc_id)
            first_doc, count = taken.get(group, (doc, 0))
            if first_doc != doc or count >= self.config.per_article:
                continue  # a near-duplicate copy of an article already used, or its cap is met
            start, end = int(table.start[row]), int(table.end[row])
            mine = [(s, e) for r, _, s, e in chosen if table.doc_of[r] == doc]
            middle = (start + end) // 2
            if any(s <= middle < e for s, e in mine):
                continue  # the middle of this chunk is already shown
            # Use the gap between passages already taken from this article.
            lo = max([e for s, e in mine if e <= middle], default=0)
            hi = min([s for s, e in mine if s > middle], default=len(self._article_text(doc_id)))
            start, end = self._window(doc_id, max(start, lo), min(end, hi), terms, (lo, hi))
            if end - start < self.config.min_passage_chars:
                continue
            taken[group] = (doc, count + 1)
            chosen.append((row, score, start, end))
            if len(chosen) == k + self.config.rerank_extra:
                break
        if self.config.sentence_rerank:
            chosen = self._rerank(terms, chosen)
        relevance: list[float | None] = [None] * len(chosen)
        if self.reranker is not None and self.config.cross_candidates and chosen:
            chosen, relevance = self._cross(question, terms, chosen)
        return [
            self._passage(row, score, start, end, relevance[i])
            for i, (row, score, start, end) in enumerate(chosen[:k])
        ]

    def _cross(self, question: str, terms: set[str], chosen: list[tuple[int, float, int, int]]):
        """The best candidates re-ordered by the cross-encoder reading each one's best sentences."""
        assert self.reranker is not None and self.index.table is not None
        cfg, table = self.config, self.index.table
        head, tail = chosen[: cfg.cross_candidates], chosen[cfg.cross_candidates :]
        idf = self.index.idf(terms)
        windows, docs = [], [table.doc_ids[int(table.doc_of[c[0]])] for c in head]
        for (_, _, start, end), doc_id in zip(head, docs, strict=True):
            text = self._article_text(doc_id)
            spans, words_of = self._sentences_of(doc_id, text)
            inside = [
                (sum(idf.get(w, 0.0) for w in words), s, e)
                for (s, e), words in zip(spans, words_of, strict=True)
                if s >= start and e <= end
            ]
            _, s, e = max(inside, default=(0.0, start, min(end, start + cfg.cross_window)))
            weights = [sum(idf.get(w, 0.0) for w in words) for words in words_of]
            a, b = sentence_window(text, spans, s, e, cfg.cross_window, weights, (start, end))
            windows.append(text[a:b])
        titles = [str(self._meta.get(d, {}).get("title", "")) for d in docs]
        order, logits = cross_order(
            self.reranker, question, windows, [c[1] for c in head], cfg, titles
        )
        ranked = [head[i] for i in order] + tail
        if logits is None:  # a long question in one piece: not read
            return ranked, [None] * len(ranked)
        return ranked, [float(logits[i]) for i in order] + [None] * len(tail)

    def _rerank(self, terms: set[str], chosen: list[tuple[int, float, int, int]]):
        """Add how well the passage's best sentence covers the question's rarer words."""
        table = self.index.table
        assert table is not None
        idf = self.index.idf(terms)
        total = sum(idf.values()) or 1.0
        out = []
        for row, score, start, end in chosen:
            doc_id = table.doc_ids[int(table.doc_of[row])]
            best = 0.0
            spans, words_of = self._sentences_of(doc_id, self._article_text(doc_id))
            for (s, e), words in zip(spans, words_of, strict=True):
                if s >= start and e <= end:
                    best = max(best, sum(idf.get(w, 0.0) for w in words) / total)
            out.append((row, score + self.config.sentence_rerank * best, start, end))
        return sorted(out, key=lambda c: -c[1])

    def _window(
        self, doc_id: str, start: int, end: int, terms: set[str], bounds: tuple[int, int]
    ) -> tuple[int, int]:
        text = self._article_text(doc_id)
        spans, words_of = self._sentences_of(doc_id, text)
        weights = (
            [len(terms & words) for words in words_of]
            if terms and self.config.weighted_window
            else None
        )
        return sentence_window(text, spans, start, end, self.config.passage_chars, weights, bounds)

    def _sentences_of(self, doc_id: str, text: str):
        """(sentence spans, keyword sets) of an article, computed once per store generation."""
        cache = self._sentences
        got = cache.get(doc_id)
        if got is None:
            from ingest.chunking import sentence_spans

            spans = sentence_spans(text)
            got = (spans, [frozenset(tokenize(text[s:e])) for s, e in spans])
            cache[doc_id] = got
        return got

    def _article_text(self, doc_id: str) -> str:
        texts = self._texts
        if doc_id not in texts:
            for i, article in self.store.get_articles([doc_id]).items():
                texts[i] = article.text
        return texts.get(doc_id, "")

    def _passage(
        self, row: int, score: float, start: int, end: int, relevance: float | None = None
    ) -> Passage:
        table = self.index.table
        assert table is not None
        doc_id = table.doc_ids[int(table.doc_of[row])]
        meta = self._meta.get(doc_id, {})
        return Passage(
            doc_id=doc_id,
            start=start,
            end=end,
            text=self._article_text(doc_id)[start:end],
            score=float(score),
            title=str(meta.get("title", "")),
            source=str(meta.get("source", "")),
            url=str(meta.get("url", "")),
            published_at=str(meta.get("published_at", "")),
            chunk_id=table.ids[row],
            duplicates=list(meta.get("duplicates", [])),
            relevance=relevance,
        )

    def _load_articles(self) -> None:
        """Article metadata and near-duplicate groups (union of duplicate_of links)."""
        table = self.index.table
        assert table is not None
        source_index = {s: i for i, s in enumerate(table.sources)}
        outlets = Outlets(tuple(table.sources), self.vocabulary)
        metas: dict[str, dict] = {}
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        for article in self.store.list_articles():
            m = dict(article.meta)
            m["duplicates"] = article.duplicates
            m["source_i"] = source_index.get(str(m.get("source", "")), -1)
            metas[article.doc_id] = m
            for other in article.duplicates:
                a, b = sorted((find(article.doc_id), find(other)))
                parent[b] = a
        # Passages are cut from the article text: hold it all (a few MB per thousand articles).
        texts = {i: a.text for i, a in self.store.get_articles(metas).items()}
        # Swapped in whole, each in one assignment, once complete.
        self._texts, self._meta, self._groups = texts, metas, {d: find(d) for d in metas}
        self._outlets = outlets
