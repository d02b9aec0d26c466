"""Retrieval: passages for a question from the store.

Minimal dense search; the retrieval issue replaces the inside of `Retriever.search`
(hybrid BM25 + dense, diversity, metadata boosts) without changing its signature.
"""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from bot.models import Passage
from ingest.store import Store


@dataclass
class Filters:
    """Restrict retrieval to an outlet and/or a date window (epoch seconds, inclusive)."""

    source: str | None = None
    since: int | None = None
    until: int | None = None

    def where(self) -> dict | None:
        clauses: list[dict] = []
        if self.source:
            clauses.append({"source": self.source})
        if self.since is not None:
            clauses.append({"published_ts": {"$gte": self.since}})
        if self.until is not None:
            clauses.append({"published_ts": {"$lte": self.until}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class Retriever:
    """Finds the passages of the store that best match a question."""

    def __init__(self, store: Store, embedder: Embeddings) -> None:
        self.store = store
        self.embedder = embedder

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Passage]:
        """The `k` best passages for `query`, best first."""
        vector = self.embedder.embed_query(query)
        got = self.store.chunks.query(
            query_embeddings=[vector], n_results=k, where=(filters or Filters()).where(),
            include=["metadatas", "documents", "distances"],
        )
        ids, metas = got["ids"][0], got["metadatas"][0]
        docs, dists = got["documents"][0], got["distances"][0]
        articles = self.store.get_articles(m["doc_id"] for m in metas)
        passages = []
        for cid, meta, text, dist in zip(ids, metas, docs, dists, strict=True):
            article = articles.get(meta["doc_id"])
            am = article.meta if article else {}
            passages.append(Passage(
                doc_id=meta["doc_id"], start=int(meta["start"]), end=int(meta["end"]), text=text,
                score=1.0 - float(dist), title=str(am.get("title", "")), source=str(am.get("source", "")),
                url=str(am.get("url", "")), published_at=str(am.get("published_at", "")),
                chunk_id=cid, duplicates=article.duplicates if article else [],
            ))
        return passages
