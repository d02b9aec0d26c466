"""The retriever's settings and the hints a question gives it."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.retrieval.rerank import LONG_QUESTION_WORDS


@dataclass
class QueryHints:
    """Outlets (indexes into the chunk table's source list) and days (UTC midnight) named."""

    sources: set[int] = field(default_factory=set)
    days: list[int] = field(default_factory=list)


@dataclass
class RetrievalConfig:
    """Knobs of the fusion; defaults are the best measured on MultiHop-RAG (docs/benchmarks.md)."""

    candidates: int = 60  # from each of dense and BM25
    rrf_k: float = 20.0  # lower than the usual 60: top ranks should count (measured)
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    article_weight: float = 0.0  # rank of the article's title+lead vector (measured: hurts)
    articles: int = 20  # article-level candidates when article_weight is on
    source_boost: float = 0.02  # added when the article's outlet is named in the question
    date_boost: float = 0.02  # added when the article's day is named in the question
    date_slack: int = 1  # days either side that still count as the named day
    source_lists: float = 1.0  # weight of a per-outlet BM25 list for each outlet named
    date_lists: float = 1.0  # weight of a per-day BM25 list for each day named
    per_article: int = 3  # passages at most from one article (near-duplicates count as one)
    passage_chars: int = 1000
    sentence_rerank: float = 0.4  # weight of the best sentence's share of question words
    rerank_extra: int = 5  # passages beyond k that the rerank may pull up
    cross_candidates: int = 6  # best passages the cross-encoder reads (0: off)
    cross_window: int = 300  # characters of each passage it reads: the best sentences
    cross_fused: float = 4.0  # weight of the fused score (scaled to 0..1) beside its logit
    cross_fused_parts: float = 16.0  # ... for a long question read part by part (dev split)
    # Longer questions are read part by part (rerank.cross_order): each passage's logit is
    # that of the part it answers best.
    cross_max_words: int = LONG_QUESTION_WORDS
    # How it reads each candidate's headline (a window often lacks the words a headline has):
    # "pair" reads the headline as a passage of its own and adds its logit times
    # `cross_title_weight`; "prefix" reads "headline. window"; "off" reads the window alone.
    # "pair" measured best on the dev sets (docs/benchmarks.md).
    cross_title: str = "pair"
    cross_title_weight: float = 1.0
    min_passage_chars: int = 150  # a gap between two passages smaller than this is skipped
    weighted_window: bool = True  # grow passages towards sentences sharing question words
