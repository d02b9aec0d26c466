"""Answer-side benchmark on MultiHop-RAG: abstention, answer accuracy and latency, per split.

    python -m bench.run answers -- [--store STORE] [--split all|test|dev] [--limit N] [--json]

Runs `BriefBot.ask` (retrieval + extractive answer) on every query in a warm process; every
citation is checked (`article_text[start:end] == quote`). Null queries (gold answer
"Insufficient information.") should abstain, and are asked twice: as written, and with each
outlet they name that the corpus lacks swapped for a stored one (fixed seed; bot/eval.py), so
that an outlet's absence alone cannot explain the abstention. Answerable queries should not
abstain. Accuracy by the paper's rule (the gold answer is a substring of the answer) and by
whole words ("no" inside "know" does not count), per question type. Splits: test = odd
positions of queries.json, dev = even ones; docs/benchmarks.md reports test with dev beside it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADING = "## Answers and abstention (MultiHop-RAG)"
KINDS = ("comparison_query", "inference_query", "temporal_query")


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark, print a table (or one JSON object), write docs/benchmarks.md."""
    from bot.config import Settings

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--store",
        type=Path,
        help="a store holding the corpus (default: the one the retrieval bench built or copied "
        "into its cache, else the configured store)",
    )
    ap.add_argument("--cache", type=Path, help="the retrieval bench's --cache folder")
    ap.add_argument("--data", type=Path, help="folder with corpus.json and queries.json")
    ap.add_argument("--split", choices=["all", "test", "dev"], default="all")
    ap.add_argument("--limit", type=int, default=0, help="a fixed sample of N queries per split")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--dump", type=Path, help="write one JSON line per query here")
    ap.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = ap.parse_args(argv)
    settings = Settings()
    data = args.data or settings.shared_data / "multihop-rag"
    store = args.store or _bench_store(data, args.cache) or settings.store
    rows, held = run(store, data, args.limit, args.split, args.dump)
    summary = {name: summarise([r for r in rows if r["split"] == name]) for name in _splits(args)}
    short = short_latency(store)
    for s in summary.values():
        s["short_latency"] = short
    extra = sys.argv[1:] if argv is None else argv
    command = "python -m bench.run answers" + (" -- " + " ".join(extra) if extra else "")
    if args.json:
        print(json.dumps(summary))
    else:
        print(render(summary, command, held))
    if not args.no_write and not args.limit and args.split == "all":
        from bench.report import write_section

        write_section(HEADING, render(summary, command, held))


def _bench_store(data: Path, cache: Path | None) -> Path | None:
    """The briefbot store `python -m bench.run retrieval` keeps for this corpus, if any."""
    from types import SimpleNamespace

    from bench.retrieval import cache_folder

    corpus = json.loads((data / "corpus.json").read_text())
    folder = cache_folder(SimpleNamespace(cache=cache, fresh=False), corpus) / "ours"
    return folder if folder.with_suffix(".json").exists() else None


def _splits(args) -> list[str]:
    return ["test", "dev"] if args.split == "all" else [args.split]


def run(
    store_path: Path, data: Path, limit: int, which: str, dump: Path | None
) -> tuple[list[dict], str]:
    """One row per query: its split, type, whether it (and its swapped form) abstained, ...;
    and what the store holds."""
    from bot.config import Settings
    from bot.eval import has_words, load_queries, load_sources, pick, split, swap_nulls
    from bot.service import BriefBot
    from ingest.embeddings import MiniLMEmbeddings
    from ingest.store import Store

    every = load_queries(data / "queries.json")
    swap_nulls(every, load_sources(data / "corpus.json"))
    names = ["test", "dev"] if which == "all" else [which]
    chosen = [(name, q) for name in names for q in pick(split(every, name), limit)]
    embedder = MiniLMEmbeddings()
    store = Store(path=store_path, embedder_name=embedder.name)
    if not store.count_chunks():
        sys.exit(f"{store_path}: the store is empty; ingest {data / 'corpus.json'} first")
    bot = BriefBot(
        Settings(store=store_path, answerer="extractive"), store=store, embedder=embedder
    )
    bot.ask("warm-up question about the ceasefire")
    rows = []
    out = dump.open("w") if dump else None
    for name, q in chosen:
        t0 = time.perf_counter()
        answer = bot.ask(q.query)
        ms = (time.perf_counter() - t0) * 1000
        _check_citations(store, answer)
        swapped = None
        if q.is_null and q.swapped and q.swapped != q.query:
            other = bot.ask(q.swapped)
            _check_citations(store, other)
            swapped = other.abstained
        row = {
            "split": name,
            "type": q.kind,
            "null": q.is_null,
            "abstained": answer.abstained,
            "swapped_abstained": swapped,
            "ms": ms,
            "gold": q.answer,
            "correct": not answer.abstained and q.answer.lower() in answer.answer.lower(),
            "words": not answer.abstained and has_words(q.answer, answer.answer),
            "answer": answer.answer,
            "query": q.query,
            "swapped": q.swapped if swapped is not None else "",
        }
        rows.append(row)
        if out:
            out.write(json.dumps(row) + "\n")
    if out:
        out.close()
    return rows, f"{store.count_articles()} articles, {store.count_chunks()} passages"


def _check_citations(store, answer) -> None:
    for c in answer.citations:
        article = store.get_article(c.doc_id)
        assert article is not None and article.text[c.start : c.end] == c.quote, c


NEWS_QUERIES = Path(__file__).resolve().parent / "data" / "news_queries.jsonl"


def short_latency(store_path: Path) -> str:
    """p50 / p95 ms of `BriefBot.ask` for questions short enough for the re-ranker to read
    (almost every MultiHop-RAG question is longer, so the table's main latency row runs without
    it): our 60 hand-written news queries, same store, warm process."""
    from bot.config import Settings
    from bot.service import BriefBot
    from ingest.embeddings import MiniLMEmbeddings
    from ingest.store import Store

    lines = NEWS_QUERIES.read_text(encoding="utf-8").splitlines()
    queries = [json.loads(line)["query"] for line in lines if line.startswith("{")]
    embedder = MiniLMEmbeddings()
    store = Store(path=store_path, embedder_name=embedder.name)
    bot = BriefBot(
        Settings(store=store_path, answerer="extractive"), store=store, embedder=embedder
    )
    bot.ask(queries[0])
    ms = []
    for q in queries:
        t0 = time.perf_counter()
        bot.ask(q)
        ms.append((time.perf_counter() - t0) * 1000)
    ms.sort()
    return f"{statistics.median(ms):.1f} / {ms[int(0.95 * (len(ms) - 1))]:.1f} (n={len(ms)})"


def summarise(rows: list[dict]) -> dict:
    """The answer figures of bot.eval's Tally, plus latency."""
    from bot.eval import ANSWER_KEYS, Query, Tally

    tally = Tally()
    for r in rows:
        query = Query(r["query"], r["gold"], r["type"])
        swapped = r["swapped_abstained"] if r["null"] else None
        tally.add_answer(query, r["abstained"], r["answer"], swapped)  # scored from the text
    result = tally.result()
    ms = sorted(r["ms"] for r in rows)
    summary = {"n": len(rows), **{k: result[k] for k in ANSWER_KEYS}}
    summary["latency_p50_ms"] = round(statistics.median(ms), 1) if ms else None
    summary["latency_p95_ms"] = round(ms[int(0.95 * (len(ms) - 1))], 1) if ms else None
    return summary


def _pct(value) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def render(summary: dict, command: str, held: str = "") -> str:
    """The section text: one column per split (test first), one row per measure."""
    import os
    import platform

    names = list(summary)
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    head = "| Measure | " + " | ".join(names) + " |"
    lines = [
        HEADING,
        "",
        f"Command: `{command}`. Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {load} when written (the cores are shared: "
        "latency is pessimistic). `BriefBot.ask` with the extractive answerer, warm process; "
        "every citation checked (`article_text[start:end] == quote`). "
        f"The store: built by `briefbot ingest` of corpus.json with default settings ({held}). "
        "test = odd positions of "
        "queries.json, dev = even positions. Null queries are asked as written and again with "
        "each outlet they name that the corpus lacks replaced by a stored outlet (chosen with "
        "a fixed seed; the outlet names are found by a pattern over how the questions cite "
        'articles, e.g. "a ... article", "reported by ..."). Whole-word accuracy: the gold '
        'answer must appear as whole words, ignoring case ("no" inside "know" does not count).',
        "",
        head,
        "|---" * (len(names) + 1) + "|",
    ]

    def row(label: str, cell) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(summary[n]) for n in names) + " |")

    row("questions asked (null + answerable)", lambda s: str(s["n"]))

    def swapped(s) -> str:
        if not s["nulls"]:
            return "-"
        return (
            f"{_pct(s['null_abstained_swapped'])} ({s['nulls_swapped']} of {s['nulls']} "
            "had an outlet to swap)"
        )

    row(
        "null queries abstained, as written",
        lambda s: _pct(s["null_abstained"]) if s["nulls"] else "-",
    )
    row("null queries abstained, absent outlets swapped for stored ones", swapped)
    row("answerable queries abstained", lambda s: _pct(s["answerable_abstained"]))
    row("answer accuracy, substring rule (paper)", lambda s: _pct(s["answer_accuracy"]))
    row("answer accuracy, whole words", lambda s: _pct(s["answer_accuracy_words"]))
    for kind in KINDS:
        label = kind.replace("_query", "")

        def cell(s, kind=kind) -> str:
            k = s["by_type"].get(kind)
            if not k:
                return "-"
            return (
                f"{_pct(k['accuracy_words'])} words / {_pct(k['accuracy'])} substring, "
                f"{_pct(k['abstained'])} abstained (n={k['asked']})"
            )

        row(f"{label} questions: accuracy, abstained", cell)
    row(
        "latency p50 / p95 ms (all questions; the re-ranker reads questions of at most 24 "
        "words, 17 of the 2,556)",
        lambda s: f"{s['latency_p50_ms']} / {s['latency_p95_ms']}",
    )
    if any("short_latency" in s for s in summary.values()):
        row(
            "latency p50 / p95 ms, re-ranker on: bench/data/news_queries.jsonl (short questions "
            "typed as people type), same store",
            lambda s: s.get("short_latency", "-"),
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
