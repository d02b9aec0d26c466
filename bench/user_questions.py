"""Our own question set (tests/fixtures/questions/users.jsonl) against the current code.

    python -m bench.run questions [-- --store DIR] [--no-docs] [--misses N]

Builds the same store as tests/test_user_questions.py (seed, examples/articles and the
MultiHop-RAG articles the set is about; real MiniLM, embedded Chroma) in --store DIR, or in
a temporary folder. Ingesting is idempotent, so passing the same --store again reuses it
without embedding anything. Asks every question through `BriefBot.ask` (extractive answers)
and prints the per-kind table; writes test-output/user-questions.md and .jsonl (what came
back for each question) and, unless --no-docs, its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> None:
    """Run the question set and print the table."""
    ap = argparse.ArgumentParser(prog="bench questions", description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="store folder to build or reuse")
    ap.add_argument("--misses", type=int, default=15, help="misses to print (0: all)")
    ap.add_argument("--no-docs", action="store_true", help="don't write docs/benchmarks.md")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "tests"))
    import user_questions as uq

    from ingest.embeddings import MiniLMEmbeddings

    shared = Path(os.environ.get("BRIEFBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))
    seed = shared / "seed" / "thailand-cambodia-ceasefire.txt"
    corpus = shared / "multihop-rag" / "corpus.json"
    for needed in (seed, corpus):
        if not needed.exists():
            sys.exit(f"bench questions: {needed} not found (set BRIEFBOT_SHARED_DATA)")
    rows = uq.load_questions()
    folder = args.store or Path(tempfile.mkdtemp(prefix="bench-questions-"))
    t0 = time.perf_counter()
    bot = uq.build_bot(folder.resolve(), MiniLMEmbeddings(), seed, corpus, rows)
    built = time.perf_counter() - t0
    bot.ask("warm-up question about the ceasefire")
    results, ms = [], []
    for row in rows:
        t = time.perf_counter()
        results.extend(uq.ask_all(bot, [row]))
        ms.append((time.perf_counter() - t) * 1000)
    summary = uq.summarise(results)
    text = uq.report(summary, results)
    uq.REPORT.parent.mkdir(parents=True, exist_ok=True)
    uq.REPORT.write_text(text, encoding="utf-8")
    uq.dump(results)
    ms.sort()
    timing = (
        f"{len(rows)} questions, store at {folder} ready in {built:.1f} s; per question "
        f"p50 {statistics.median(ms):.0f} ms, p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms "
        f"(load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)"
    )
    print(
        f"gold in first 3 citations {summary['gold_rate']:.1%} (target 90%), "
        f"out of store abstained {summary['abstain_rate']:.1%} (target 90%), "
        f"refusals naming a question word {summary['refusals_naming']} (target 0)"
    )
    print(uq.table(summary))
    print(timing)
    misses = uq.failures(results, args.misses)
    if misses:
        print(f"\nmisses (first {args.misses or 'all'}; all in {uq.REPORT}):\n{misses}")
    if not args.no_docs:
        from bench.report import write_section

        write_section(
            "## Our question set",
            "## Our question set\n\n"
            "`python -m bench.run questions` (tests/fixtures/questions/users.jsonl: questions "
            "typed as people type, over the seed, examples/articles and 13 MultiHop-RAG "
            "articles; extractive answers).\n\n"
            f"Gold in the first three citations: {summary['gold_rate']:.1%}; out-of-store "
            f"questions abstained: {summary['abstain_rate']:.1%}; refusals naming a word from "
            f"the question: {summary['refusals_naming']}. {timing}.\n\n" + uq.table(summary),
        )


if __name__ == "__main__":
    main()
