"""Latency at ~100k chunks: the benchmark store repeated with jittered vectors (speed only)."""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np


def scale_test(bot, embedder, queries, folder: Path, target: int) -> dict:
    """Build a store of about `target` chunks from `bot.store` and time queries on it."""
    import json

    from bench.retrieval import ours_latency
    from bot.config import Settings
    from bot.service import BriefBot
    from ingest.store import Store

    saved = folder.with_suffix(".json")
    if not saved.exists():
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    big = Store(path=folder, embedder_name=embedder.name)
    if saved.exists():
        copies, build_s = json.loads(saved.read_text())
    else:
        copies = _fill(bot.store, big, target)
        build_s = time.perf_counter() - t0
        saved.write_text(json.dumps([copies, build_s]))
    settings = Settings(store=folder, answerer="extractive")
    scaled = BriefBot(settings, store=big, embedder=embedder)
    t0 = time.perf_counter()
    scaled.retriever.refresh()
    index_s = time.perf_counter() - t0
    out = ours_latency(scaled, queries)
    out.update(
        {"chunks": big.count_chunks(), "copies": copies, "build_s": build_s, "index_s": index_s}
    )
    return out


def _fill(src, dst, target: int) -> int:
    rng = np.random.default_rng(0)
    chunks = src.chunks.get(include=["embeddings", "metadatas", "documents"])
    articles = src.articles.get(include=["embeddings", "metadatas", "documents"])
    copies = max(1, math.ceil(target / max(len(chunks["ids"]), 1)))
    cvec = np.asarray(chunks["embeddings"], dtype=np.float32)
    avec = np.asarray(articles["embeddings"], dtype=np.float32)
    for c in range(copies):
        tag = f"~{c}"
        records = [
            (
                i + tag,
                {**m, "doc_id": i + tag, "duplicate_of": "", "path": f"{m.get('path')}{tag}"},
                text,
                v.tolist(),
            )
            for i, m, text, v in zip(
                articles["ids"],
                articles["metadatas"],
                articles["documents"],
                _jitter(avec, rng),
                strict=True,
            )
        ]
        dst.add_pending(records)
        dst.add_chunks(
            [i.replace(":", tag + ":", 1) for i in chunks["ids"]],
            _jitter(cvec, rng).tolist(),
            chunks["documents"],
            [{**m, "doc_id": m["doc_id"] + tag} for m in chunks["metadatas"]],
        )
        dst.mark_complete([r[0] for r in records])
        print(f"scale store: copy {c + 1}/{copies}", file=sys.stderr)
    return copies


def _jitter(vectors: np.ndarray, rng) -> np.ndarray:
    out = vectors + rng.normal(0, 0.02, vectors.shape).astype(np.float32)
    return out / np.linalg.norm(out, axis=1, keepdims=True)
