"""Retrieval benchmark on MultiHop-RAG: baselines and briefbot side by side in one run.

    python -m bench.run retrieval [-- --limit N --fresh --scale 100000 --no-write]

(a) the LangChain tutorial recipe: RecursiveCharacterTextSplitter 1000/200 -> Chroma
    similarity search, top 10; (b) BM25 alone (bm25s, English stopwords) on the same chunks;
    (c) plain RRF of (a) and (b), for reference; (d) BM25 over title + outlet + date + chunk
    text (the metadata briefbot uses); (e) RRF k=60 of (a) and (d), top 60 of each;
    (f) briefbot's Retriever, and (g) the same with outlet/date evidence off. Same corpus,
    same embedder (local MiniLM), same query vectors. Scored with the paper's rule
    (bot/eval.py) on the test split (odd positions of queries.json), dev (even) beside it.
Then latency in a warm process (retrieval + extractive answer, `BriefBot.ask`), and the
same at ~100k chunks (the corpus repeated with jittered vectors), raw Chroma query beside it.
"""

from __future__ import annotations

import argparse
import json
import platform
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
    ap.add_argument(
        "--no-ablations",
        action="store_true",
        help="skip the one-idea-off runs (except outlet/date evidence off, a table row)",
    )
    ap.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = ap.parse_args(argv)
    from bot.config import Settings

    data = args.data or Settings().shared_data / "multihop-rag"
    extra = sys.argv[1:] if argv is None else argv
    command = "python -m bench.run retrieval" + (" -- " + " ".join(extra) if extra else "")
    writing = not args.no_write and not args.articles and not args.limit

    kept, scale = kept_subsections(HEADING) if writing else ("", "")

    def emit(report: dict) -> None:
        if not writing:
            return
        text = render(report, command)
        if scale and "scale" not in report:
            text += f"\nNot re-measured in this run (from the earlier one): {scale}\n"
        write_section(HEADING, text + kept)

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
    every = load_queries(data / "queries.json")
    splits = {id(q): "test" if i % 2 else "dev" for i, q in enumerate(every)}
    queries = [q for q in every if not q.is_null]
    if args.limit:
        queries = queries[: args.limit]
    labels = [splits[id(q)] for q in queries]
    embedder = MiniLMEmbeddings()
    tmp = cache_folder(args, corpus)
    vectors = query_vectors(embedder, queries, tmp)
    chunks, owners = recipe_chunks(corpus)
    if args.recipe_only:  # fill the cache in a separate process; no report
        build_recipe(chunks, embedder, tmp / "recipe")
        return {}

    def scored(ranked_texts: list[list[str]]) -> dict:
        return score(ranked_texts, queries, labels)

    rows: dict[str, dict] = {}
    report = {"rows": rows, "n": len(queries), "machine": machine(), "splits": count(labels)}
    if args.ours_store and not (tmp / "ours.json").exists():
        import shutil

        shutil.rmtree(tmp / "ours", ignore_errors=True)
        shutil.copytree(args.ours_store, tmp / "ours")
        (tmp / "ours.json").write_text(json.dumps({"ingest_s": None, "prebuilt": True}))
    bot, rows["ours"] = cached(tmp / "ours", lambda f: build_ours(corpus_file, embedder, f))
    ours = [
        bot.retriever.search_vector(q.query, v, 10) for q, v in zip(queries, vectors, strict=True)
    ]
    rows["ours"].update(scored([[p.text for p in ps] for ps in ours]))
    rows["ours"].update(ours_latency(bot, queries[: args.latency_queries]))
    bm25, rows["bm25"] = build_bm25(chunks)
    ranked = {"bm25": [bm25.search(q.query) for q in queries]}
    rows["bm25"].update(scored([[chunks[i] for i in r] for r in ranked["bm25"]]))
    rows["bm25"].update(bm25.latency(queries[: args.latency_queries]))
    meta, rows["bm25meta"] = build_bm25(with_metadata(chunks, owners, corpus))
    ranked["bm25meta"] = [meta.search(q.query, k=60) for q in queries]
    rows["bm25meta"].update(scored([[chunks[i] for i in r[:10]] for r in ranked["bm25meta"]]))
    rows["bm25meta"].update(meta.latency(queries[: args.latency_queries]))
    emit(report)
    saved = tmp / f"ablations-splits-{len(queries)}.json"
    if saved.exists():
        report["ablations"] = json.loads(saved.read_text())
    else:
        chosen = ABLATIONS if not args.no_ablations else [a for a in ABLATIONS if a[0] == NO_META]
        report["ablations"] = ablations(bot, embedder, queries, vectors, labels, chosen)
        if not args.no_ablations:
            saved.write_text(json.dumps(report["ablations"]))
    rows["ours_nometa"] = next(a for a in report["ablations"] if a["label"] == NO_META)
    emit(report)
    if args.no_recipe:
        return report
    recipe, rows["recipe"] = cached(
        tmp / "recipe", lambda f: build_recipe(chunks, embedder, f), resumable=True
    )
    dense = [recipe.search(v, k=60) for v in vectors]
    ranked["recipe"] = [d[:10] for d in dense]
    ranked["rrf"] = [rrf(a, b) for a, b in zip(ranked["recipe"], ranked["bm25"], strict=True)]
    ranked["rrfmeta"] = [rrf(a, b) for a, b in zip(dense, ranked["bm25meta"], strict=True)]
    for name, extra in (("rrf", rows["bm25"]), ("rrfmeta", rows["bm25meta"])):
        rows[name] = {"ingest_s": rows["recipe"]["ingest_s"] + extra["ingest_s"]}
    for name in ("recipe", "rrf", "rrfmeta"):
        rows[name].update(scored([[chunks[i] for i in r] for r in ranked[name]]))
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


def kept_subsections(heading: str) -> tuple[str, str]:
    """What the section holds that this run may not write again: hand-written "### "
    subsections (up to the next generated paragraph), and the earlier scale-test paragraph."""
    import re

    from bench.report import BENCHMARKS

    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else ""
    section = re.search(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", text, re.S | re.M)
    kept, scale, inside = [], "", False
    for para in re.split(r"\n\s*\n", section.group(0) if section else ""):
        generated = para.startswith(("Each idea measured", "|")) or re.match(
            r"At [\d,]+ chunks", para
        )
        inside = para.startswith("### ") or (inside and not generated)
        if inside:
            kept.append(para.strip())
        if re.match(r"At [\d,]+ chunks", para):
            scale = para.strip()
    return "".join(f"\n{k}\n" for k in kept), scale


def count(labels: list[str]) -> dict[str, int]:
    return {name: labels.count(name) for name in ("test", "dev")}


NO_META = "without outlet/date evidence (boosts and per-outlet/per-day BM25 lists)"
ABLATIONS = [
    ("briefbot default", {}),
    ("without the best-sentence rerank", {"sentence_rerank": 0.0}),
    (
        NO_META,
        {"source_boost": 0.0, "date_boost": 0.0, "source_lists": 0.0, "date_lists": 0.0},
    ),
    ("RRF k=60 instead of 20", {"rrf_k": 60.0}),
    ("windows grown evenly, not towards question words", {"weighted_window": False}),
    ("at most 2 passages per article (default 3)", {"per_article": 2}),
    ("plus article title+lead vectors (articles collection)", {"article_weight": 1.0}),
    (
        "plain RRF k=60 of dense + BM25 (no metadata, no re-rankers), same windows",
        {
            "sentence_rerank": 0.0,
            "source_boost": 0.0,
            "date_boost": 0.0,
            "source_lists": 0.0,
            "date_lists": 0.0,
            "rrf_k": 60.0,
            "cross_candidates": 0,
        },
    ),
]


def ablations(bot, embedder, queries, vectors, labels, chosen=ABLATIONS) -> list[dict]:
    """Each idea switched off (or on) alone, same store and query vectors, scored per split."""
    from bot.retrieval.retriever import RetrievalConfig, Retriever

    out = []
    for label, change in chosen:
        # The same re-ranker as the default, so each row differs from it by one idea alone.
        retriever = Retriever(
            bot.store, embedder, RetrievalConfig(**change), reranker=bot.retriever.reranker
        )
        got = [
            retriever.search_vector(q.query, v, 10) for q, v in zip(queries, vectors, strict=True)
        ]
        out.append({"label": label, **score([[p.text for p in ps] for ps in got], queries, labels)})
        print(f"ablation: {label}: {out[-1]['test']}", file=sys.stderr)
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


def score(ranked_texts: list[list[str]], queries, labels: list[str]) -> dict:
    """Hits@4/Hits@10/MRR@10 per split ("test", "dev") and over all the queries given."""
    from bot.eval import Tally, first_hit

    tallies = {name: Tally() for name in ("test", "dev", "all")}
    for texts, q, label in zip(ranked_texts, queries, labels, strict=True):
        rank, lengths = first_hit(q.facts, texts), [len(t) for t in texts]
        for name in (label, "all"):
            tallies[name].add_retrieval(rank, lengths)
    keys = ("hits@4", "hits@10", "mrr@10", "n")
    out: dict = {name: {k: t.result(name)[k] for k in keys} for name, t in tallies.items()}
    r = tallies["all"].result()
    out.update({k: r[k] for k in ("passage_chars_max", "passage_chars_mean")})
    return out


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
from bench.retrieval_baselines import (  # noqa: E402
    build_bm25,
    build_recipe,
    percentiles,
    recipe_chunks,
    rrf,
    with_metadata,
)
from bench.retrieval_report import HEADING, render  # noqa: E402

if __name__ == "__main__":
    main()
