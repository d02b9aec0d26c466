"""Answer-side benchmark on MultiHop-RAG: abstention, answer accuracy and latency.

    .venv/bin/python bench/answers.py --store /work/stores/corpus [--limit N] [--json]

Runs `BriefBot.ask` (retrieval + extractive answer) on every query in a warm process.
Null queries (gold answer "Insufficient information.") should abstain; the others should
not. Accuracy is the paper's rule: the gold answer string appears in the answer text.
Queries are split into two halves by position (even / odd) so a threshold tuned on one
half can be checked on the other.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NULL = "Insufficient information."


def main() -> None:
    """Run the benchmark and print a table (or one JSON object)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument(
        "--queries",
        type=Path,
        default=ROOT.parent / "shared" / "data" / "multihop-rag" / "queries.json",
    )
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--half", choices=["even", "odd", "all"], default="all")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--dump", type=Path, help="write one JSON line per query here")
    args = ap.parse_args()
    rows = run(args.store, args.queries, args.limit, args.half, args.dump)
    summary = summarise(rows)
    if args.json:
        print(json.dumps(summary))
    else:
        for key, value in summary.items():
            print(f"{key:32} {value}")


def run(store_path: Path, queries_path: Path, limit: int, half: str, dump: Path | None):
    from bot.config import Settings
    from bot.service import BriefBot
    from ingest.embeddings import MiniLMEmbeddings
    from ingest.store import Store

    embedder = MiniLMEmbeddings()
    store = Store(path=store_path, embedder_name=embedder.name)
    bot = BriefBot(Settings(store=store_path), store=store, embedder=embedder)
    queries = json.loads(queries_path.read_text())
    if half != "all":
        queries = queries[0 if half == "even" else 1 :: 2]
    if limit:
        queries = queries[:limit]
    bot.ask("warm-up question about the ceasefire")
    rows = []
    out = dump.open("w") if dump else None
    for item in queries:
        t0 = time.perf_counter()
        answer = bot.ask(item["query"])
        ms = (time.perf_counter() - t0) * 1000
        row = {
            "type": item["question_type"],
            "null": item["answer"] == NULL,
            "abstained": answer.abstained,
            "ms": ms,
            "gold": item["answer"],
            "correct": item["answer"].lower() in answer.answer.lower(),
            "answer": answer.answer,
            "query": item["query"],
        }
        for c in answer.citations:
            article = store.get_article(c.doc_id)
            assert article is not None and article.text[c.start : c.end] == c.quote, c
        rows.append(row)
        if out:
            out.write(json.dumps(row) + "\n")
    if out:
        out.close()
    return rows


def summarise(rows: list[dict]) -> dict:
    nulls = [r for r in rows if r["null"]]
    answerable = [r for r in rows if not r["null"]]
    by_type: dict[str, list[dict]] = defaultdict(list)
    for r in answerable:
        by_type[r["type"]].append(r)
    ms = sorted(r["ms"] for r in rows)
    summary = {
        "n": len(rows),
        "null_abstained": _share(nulls, "abstained"),
        "answerable_abstained": _share(answerable, "abstained"),
        "answer_accuracy": _share(answerable, "correct"),
        "latency_p50_ms": round(statistics.median(ms), 1) if ms else None,
        "latency_p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1) if ms else None,
    }
    for kind, group in sorted(by_type.items()):
        summary[f"accuracy[{kind}]"] = _share(group, "correct")
        summary[f"abstained[{kind}]"] = _share(group, "abstained")
    return summary


def _share(rows: list[dict], key: str) -> float | None:
    return round(sum(1 for r in rows if r[key]) / len(rows), 3) if rows else None


if __name__ == "__main__":
    main()
