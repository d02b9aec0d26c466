"""Retrieval benchmark on MultiHop-RAG: three systems side by side in one run.

    python -m bench.run retrieval [-- --limit N --fresh --scale 100000 --no-write]

(a) the LangChain tutorial recipe: RecursiveCharacterTextSplitter 1000/200 -> Chroma
    similarity search, top 10; (b) BM25 alone (bm25s, English stopwords) on the same chunks;
    (c) plain RRF of (a) and (b), for reference; (d) briefbot's Retriever. Same corpus, same
    embedder (local MiniLM), same query vectors. Scored with the paper's rule (bot/eval.py).
Then latency in a warm process (retrieval + extractive answer, `BriefBot.ask`), and the
same at ~100k chunks (the corpus repeated with jittered vectors), raw Chroma query beside it.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> None:
    """Run every system, print the table, optionally write docs/benchmarks.md."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="folder with corpus.json, queries.json")
    ap.add_argument("--limit", type=int, default=0, help="answerable queries to score (0 = all)")
    ap.add_argument(
        "--cache",
        type=Path,
        help="where built stores are kept between runs "
        "(default: the per-user cache folder); a reused store reports the ingest "
        "time measured when it was built",
    )
    ap.add_argument("--fresh", action="store_true", help="rebuild every store")
    ap.add_argument(
        "--ours-store",
        type=Path,
        help="copy this store (built by `briefbot ingest` "
        "with default settings) instead of ingesting; its ingest time is not measured",
    )
    ap.add_argument("--latency-queries", type=int, default=300)
    ap.add_argument(
        "--scale", type=int, default=100_000, help="chunks for the scale test (0 = skip)"
    )
    ap.add_argument("--articles", type=int, default=0, help="first N articles only (smoke test)")
    ap.add_argument(
        "--scale-result",
        type=Path,
        help="JSON printed by an earlier scale_test run (run in parallel) to report",
    )
    ap.add_argument("--no-recipe", action="store_true", help="skip the recipe (slow to embed)")
    ap.add_argument("--recipe-only", action="store_true", help="only build the recipe's store")
    ap.add_argument("--no-ablations", action="store_true", help="skip the one-idea-off runs")
    ap.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = ap.parse_args(argv)
    from bot.config import Settings

    data = args.data or Settings().shared_data / "multihop-rag"
    extra = sys.argv[1:] if argv is None else argv
    command = "python -m bench.run retrieval" + (" -- " + " ".join(extra) if extra else "")
    writing = not args.no_write and not args.articles and not args.limit

    def emit(report: dict) -> None:
        if writing:
            write_section(HEADING, render(report, command))

    report = run(data, args, emit)
    if report:
        print(render(report, command))


def run(data: Path, args, emit=lambda report: None) -> dict:
    """Ours first, then BM25, the scale test and the (slow to embed) recipe; `emit` after each."""
    from bot.eval import load_queries
    from ingest.embeddings import MiniLMEmbeddings

    corpus = json.loads((data / "corpus.json").read_text())
    corpus_file = data / "corpus.json"
    if args.articles:
        corpus = corpus[: args.articles]
        corpus_file = tmp_file(corpus)
    queries = [q for q in load_queries(data / "queries.json") if not q.is_null]
    if args.limit:
        queries = queries[: args.limit]
    embedder = MiniLMEmbeddings()
    tmp = cache_folder(args, corpus)
    vectors = query_vectors(embedder, queries, tmp)
    if args.recipe_only:  # fill the cache in a separate process; no report
        build_recipe(split_recipe(corpus), embedder, tmp / "recipe")
        return {}
    rows: dict[str, dict] = {}
    report = {"rows": rows, "n": len(queries), "machine": machine()}
    if args.ours_store and not (tmp / "ours.json").exists():
        import shutil

        shutil.rmtree(tmp / "ours", ignore_errors=True)
        shutil.copytree(args.ours_store, tmp / "ours")
        (tmp / "ours.json").write_text(json.dumps({"ingest_s": None, "prebuilt": True}))
    bot, rows["ours"] = cached(tmp / "ours", lambda f: build_ours(corpus_file, embedder, f))
    ours = [
        bot.retriever.search_vector(q.query, v, 10) for q, v in zip(queries, vectors, strict=True)
    ]
    rows["ours"].update(score([[p.text for p in ps] for ps in ours], queries))
    rows["ours"].update(ours_latency(bot, queries[: args.latency_queries]))
    chunks = split_recipe(corpus)
    bm25, rows["bm25"] = build_bm25(chunks)
    ranked = {"bm25": [bm25.search(q.query) for q in queries]}
    rows["bm25"].update(score([[chunks[i] for i in r] for r in ranked["bm25"]], queries))
    rows["bm25"].update(bm25.latency(queries[: args.latency_queries]))
    emit(report)
    if not args.no_ablations:
        saved = tmp / f"ablations-{len(queries)}.json"
        if saved.exists():
            report["ablations"] = json.loads(saved.read_text())
        else:
            report["ablations"] = ablations(bot, embedder, queries, vectors)
            saved.write_text(json.dumps(report["ablations"]))
        emit(report)
    if args.no_recipe:
        return report
    recipe, rows["recipe"] = cached(
        tmp / "recipe", lambda f: build_recipe(chunks, embedder, f), resumable=True
    )
    ranked["recipe"] = [recipe.search(v) for v in vectors]
    ranked["rrf"] = [rrf(a, b) for a, b in zip(ranked["recipe"], ranked["bm25"], strict=True)]
    rows["rrf"] = {"ingest_s": rows["recipe"]["ingest_s"] + rows["bm25"]["ingest_s"]}
    for name in ("recipe", "rrf"):
        rows[name].update(score([[chunks[i] for i in r] for r in ranked[name]], queries))
    rows["recipe"].update(recipe.latency(vectors, embedder, queries[: args.latency_queries]))
    emit(report)
    if args.scale_result:
        text = args.scale_result.read_text().strip() if args.scale_result.exists() else ""
        if text:
            report["scale"] = json.loads(text.splitlines()[-1])
            emit(report)
    elif args.scale:  # last: building ~100k chunks takes minutes
        from bench.retrieval_scale import scale_test

        report["scale"] = scale_test(
            bot, embedder, queries[: args.latency_queries], tmp / f"scale-{args.scale}", args.scale
        )
        emit(report)
    return report


def split_recipe(corpus: list[dict]) -> list[str]:
    """The tutorial's splitter over every article body."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    return [c for article in corpus for c in splitter.split_text(article["body"])]


class Recipe:
    """LangChain tutorial: RecursiveCharacterTextSplitter(1000, 200) -> Chroma, top 10."""

    def __init__(self, store, chunks: list[str]) -> None:
        self.store, self.chunks = store, chunks
        self.index_of = {}

    def search(self, vector) -> list[int]:
        docs = self.store.similarity_search_by_vector(list(map(float, vector)), k=10)
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
    while pid:
        try:
            os.kill(pid, 0)
        except OSError:
            return
        print("waiting for the recipe store to be filled", file=sys.stderr)
        time.sleep(10)


class BM25Alone:
    """bm25s with English stopwords over the recipe's chunks."""

    def __init__(self, model) -> None:
        self.model = model

    def search(self, query: str) -> list[int]:
        import bm25s

        tokens = bm25s.tokenize([query], stopwords="en", show_progress=False)
        if not tokens.vocab:
            return []
        docs, _ = self.model.retrieve(tokens, k=10, show_progress=False)
        return [int(i) for i in docs[0]]

    def latency(self, queries) -> dict:
        times = []
        for q in queries[:300]:
            t0 = time.perf_counter()
            self.search(q.query)
            times.append(time.perf_counter() - t0)
        return percentiles(times)


def build_bm25(chunks: list[str]):
    import bm25s

    t0 = time.perf_counter()
    model = bm25s.BM25()
    model.index(bm25s.tokenize(chunks, stopwords="en", show_progress=False), show_progress=False)
    return BM25Alone(model), {"ingest_s": time.perf_counter() - t0, "chunks": len(chunks)}


def rrf(a: list[int], b: list[int], k: int = 60) -> list[int]:
    scores: dict[int, float] = {}
    for ranking in (a, b):
        for rank, i in enumerate(ranking):
            scores[i] = scores.get(i, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores, key=lambda i: -scores[i])[:10]


ABLATIONS = [
    ("briefbot default", {}),
    ("without the best-sentence rerank", {"sentence_rerank": 0.0}),
    (
        "without outlet/date evidence (boosts and per-outlet/per-day BM25 lists)",
        {"source_boost": 0.0, "date_boost": 0.0, "source_lists": 0.0, "date_lists": 0.0},
    ),
    ("RRF k=60 instead of 20", {"rrf_k": 60.0}),
    ("windows grown evenly, not towards question words", {"weighted_window": False}),
    ("at most 2 passages per article (default 3)", {"per_article": 2}),
    ("plus article title+lead vectors (articles collection)", {"article_weight": 1.0}),
    (
        "plain RRF k=60 of dense + BM25 (no metadata, no rerank), same windows",
        {
            "sentence_rerank": 0.0,
            "source_boost": 0.0,
            "date_boost": 0.0,
            "source_lists": 0.0,
            "date_lists": 0.0,
            "rrf_k": 60.0,
        },
    ),
]


def ablations(bot, embedder, queries, vectors) -> list[dict]:
    """Each idea switched off (or on) alone, same store and query vectors."""
    from bot.retrieval.retriever import RetrievalConfig, Retriever

    out = []
    for label, change in ABLATIONS:
        retriever = Retriever(bot.store, embedder, RetrievalConfig(**change))
        got = [
            retriever.search_vector(q.query, v, 10) for q, v in zip(queries, vectors, strict=True)
        ]
        out.append({"label": label, **score([[p.text for p in ps] for ps in got], queries)})
        print(f"ablation: {label}: {out[-1]}", file=sys.stderr)
    return out


def query_vectors(embedder, queries, folder: Path):
    """Query embeddings, kept beside the cached stores (embedding is the slow part)."""
    import hashlib

    import numpy as np

    key = hashlib.sha256("\x00".join(q.query for q in queries).encode()).hexdigest()[:12]
    path = folder / f"queries-{key}.npy"
    if path.exists():
        return np.load(path)
    t0 = time.perf_counter()
    vectors = embedder.embed_array([q.query for q in queries])
    print(f"embedded {len(queries)} queries in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    np.save(path, vectors)
    return vectors


def tmp_file(corpus: list[dict]) -> Path:
    path = Path(tempfile.mkdtemp(prefix="bench-corpus-")) / "corpus.json"
    path.write_text(json.dumps(corpus))
    return path


def build_ours(corpus_file: Path, embedder, folder: Path):
    from bot.config import Settings
    from bot.service import BriefBot
    from ingest.store import Store

    store = Store(path=folder, embedder_name=embedder.name)
    bot = BriefBot(Settings(store=folder, answerer="extractive"), store=store, embedder=embedder)
    t0 = time.perf_counter()
    if not store.count_chunks():
        report = bot.ingest([corpus_file])
        assert not report.failures, report.failures
    ingest_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    bot.retriever.refresh()
    index_s = time.perf_counter() - t0
    return bot, {
        "ingest_s": ingest_s + index_s,
        "chunks": store.count_chunks(),
        "bm25_index_s": index_s,
    }


def cache_folder(args, corpus: list[dict]) -> Path:
    """Stores built by earlier runs on the same corpus, unless --fresh."""
    import hashlib
    import shutil

    from platformdirs import user_cache_dir

    key = hashlib.sha256(json.dumps(corpus, sort_keys=True).encode()).hexdigest()[:12]
    folder = (args.cache or Path(user_cache_dir("briefbot")) / "bench-retrieval") / key
    if args.fresh:
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached(folder: Path, build, resumable: bool = False):
    """build(folder) -> (thing, row); the row of the run that built the store is kept beside it."""
    saved = folder.with_suffix(".json")
    if not saved.exists() and not resumable:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)  # a half-built store from a killed run
    thing, row = build(folder)
    if saved.exists():
        keep = ("ingest_s", "prebuilt")
        row = {**row, **{k: v for k, v in json.loads(saved.read_text()).items() if k in keep}}
        row["reused"] = True
    else:
        saved.write_text(json.dumps(row))
    return thing, row


def ours_latency(bot, queries) -> dict:
    """Warm-process latency of retrieval + extractive answer, and of raw Chroma queries."""
    for q in queries[:5]:
        bot.ask(q.query)  # warm up
    total, retrieval, chroma, embed, search = [], [], [], [], []
    for q in queries:
        t0 = time.perf_counter()
        bot.retriever.search(q.query, k=10)
        retrieval.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        bot.ask(q.query, k=10)
        total.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        vector = bot.embedder.embed_query(q.query)
        embed.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        bot.retriever.search_vector(q.query, vector, k=10)
        search.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        bot.store.chunks.query(query_embeddings=[vector], n_results=10, include=["documents"])
        chroma.append(time.perf_counter() - t0)
    out = percentiles(total)
    out.update({f"retrieval_{k}": v for k, v in percentiles(retrieval).items()})
    out.update({f"chroma_{k}": v for k, v in percentiles(chroma).items()})
    out.update({f"embed_{k}": v for k, v in percentiles(embed).items()})
    out.update({f"search_{k}": v for k, v in percentiles(search).items()})
    out["latency_n"] = len(queries)
    return out


def score(ranked_texts: list[list[str]], queries) -> dict:
    from bot.eval import Tally, first_hit

    tally = Tally()
    for texts, q in zip(ranked_texts, queries, strict=True):
        tally.add_retrieval(first_hit(q.facts, texts), [len(t) for t in texts])
    r = tally.result()
    return {
        k: r[k] for k in ("hits@4", "hits@10", "mrr@10", "passage_chars_max", "passage_chars_mean")
    }


def percentiles(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    return {"p50_ms": statistics.median(ms), "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))]}


def machine() -> str:
    import os

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


from bench.report import write_section  # noqa: E402
from bench.retrieval_report import HEADING, render  # noqa: E402

if __name__ == "__main__":
    main()
