"""The baselines of the retrieval benchmark, all over the LangChain tutorial's 1000/200 chunks.

- recipe: RecursiveCharacterTextSplitter(1000, 200) -> Chroma similarity search, top 10;
- BM25 alone (bm25s, English stopwords) over the chunk text;
- BM25 given the metadata briefbot uses: each chunk indexed with its article's title, outlet
  and publication day ("November 27, 2023", as questions write dates);
- RRF (k=60) of the recipe's dense list and either BM25 list.
Each search returns chunk indexes; the passage scored is the chunk text itself.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path


def split_recipe(corpus: list[dict]) -> list[str]:
    """The tutorial's splitter over every article body."""
    return recipe_chunks(corpus)[0]


def recipe_chunks(corpus: list[dict]) -> tuple[list[str], list[int]]:
    """The tutorial's chunks, and for each the index of its article in `corpus`."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks: list[str] = []
    owners: list[int] = []
    for i, article in enumerate(corpus):
        parts = splitter.split_text(article["body"])
        chunks += parts
        owners += [i] * len(parts)
    return chunks, owners


def day_words(published_at: str) -> str:
    """ "2023-11-27T08:45:59Z" -> "November 27, 2023" (as questions write days); "" if unknown."""
    text = (published_at or "").strip()[:10]
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return ""
    return f"{day:%B} {day.day}, {day.year}"


def with_metadata(chunks: list[str], owners: list[int], corpus: list[dict]) -> list[str]:
    """Each chunk preceded by its article's title, outlet and publication day."""
    out = []
    for chunk, i in zip(chunks, owners, strict=True):
        a = corpus[i]
        head = [a.get("title", ""), a.get("source", ""), day_words(a.get("published_at", ""))]
        out.append("\n".join([*(h for h in head if h), chunk]))
    return out


class Recipe:
    """LangChain tutorial: RecursiveCharacterTextSplitter(1000, 200) -> Chroma, top 10."""

    def __init__(self, store, chunks: list[str]) -> None:
        self.store, self.chunks = store, chunks

    def search(self, vector, k: int = 10) -> list[int]:
        docs = self.store.similarity_search_by_vector(list(map(float, vector)), k=k)
        return [int(d.metadata["i"]) for d in docs]

    def latency(self, vectors, embedder, queries) -> dict:
        times = []
        for q in queries[:300]:
            t0 = time.perf_counter()
            self.store.similarity_search(q.query, k=10)
            times.append(time.perf_counter() - t0)
        return percentiles(times)


def build_recipe(chunks: list[str], embedder, folder: Path):
    """Chroma via langchain-chroma, filled with add_texts; resumes a killed run's collection."""
    from langchain_chroma import Chroma

    _wait_for_filler(folder.with_suffix(".filling"))
    progress = folder.with_suffix(".partial.json")  # seconds spent by earlier, killed runs
    kept = json.loads(progress.read_text()) if progress.exists() else {}
    spent = kept.get("seconds", 0.0)
    t0 = time.perf_counter()
    store = Chroma(
        "recipe",
        embedding_function=embedder,
        persist_directory=str(folder),
        collection_configuration={"hnsw": {"space": "cosine"}},
    )
    have = store._collection.count()
    untimed = kept.get("untimed", have if not kept else 0)  # chunks whose time was not kept
    for i in range(have, len(chunks), 500):
        batch = chunks[i : i + 500]
        store.add_texts(
            batch,
            metadatas=[{"i": i + j} for j in range(len(batch))],
            ids=[str(i + j) for j in range(len(batch))],
        )
        progress.write_text(
            json.dumps({"seconds": spent + time.perf_counter() - t0, "untimed": untimed})
        )
        print(f"recipe: {i + len(batch)}/{len(chunks)} chunks", file=sys.stderr)
    seconds = spent + time.perf_counter() - t0
    if untimed and len(chunks) > untimed:  # scale up by the rate measured for the rest
        seconds *= len(chunks) / (len(chunks) - untimed)
    return Recipe(store, chunks), {"ingest_s": seconds, "chunks": len(chunks)}


def _wait_for_filler(lock: Path) -> None:
    """Wait while a parallel `--recipe-only` process (pid in `lock`) is still filling the store."""
    import os

    if not lock.exists():
        return
    pid = int(lock.read_text().strip() or 0)
    while pid and pid != os.getpid():
        try:
            os.kill(pid, 0)
        except OSError:
            return
        print("waiting for the recipe store to be filled", file=sys.stderr)
        time.sleep(10)


class BM25Alone:
    """bm25s with English stopwords over the given texts."""

    def __init__(self, model) -> None:
        self.model = model

    def search(self, query: str, k: int = 10) -> list[int]:
        import bm25s

        tokens = bm25s.tokenize([query], stopwords="en", show_progress=False)
        if not tokens.vocab:
            return []
        docs, _ = self.model.retrieve(tokens, k=k, show_progress=False)
        return [int(i) for i in docs[0]]

    def latency(self, queries) -> dict:
        times = []
        for q in queries[:300]:
            t0 = time.perf_counter()
            self.search(q.query)
            times.append(time.perf_counter() - t0)
        return percentiles(times)


def build_bm25(texts: list[str]):
    import bm25s

    t0 = time.perf_counter()
    model = bm25s.BM25()
    model.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
    return BM25Alone(model), {"ingest_s": time.perf_counter() - t0, "chunks": len(texts)}


def rrf(a: list[int], b: list[int], k: int = 60) -> list[int]:
    """Reciprocal-rank fusion of two rankings, top 10."""
    scores: dict[int, float] = {}
    for ranking in (a, b):
        for rank, i in enumerate(ranking):
            scores[i] = scores.get(i, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores, key=lambda i: -scores[i])[:10]


def percentiles(seconds: list[float]) -> dict:
    import statistics

    ms = sorted(s * 1000 for s in seconds)
    return {"p50_ms": statistics.median(ms), "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))]}
