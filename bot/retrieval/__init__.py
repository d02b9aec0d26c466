"""Retrieval: the passages of the store that best match a `Question` (dense + BM25 fused, grown
to whole sentences). Imports `bot.question`, `bot.models` and `ingest.store`; nothing above.
"""

from bot.retrieval.retriever import RetrievalConfig, Retriever

__all__ = ["RetrievalConfig", "Retriever"]
