"""Markdown for the retrieval benchmark, written under its own heading in docs/benchmarks.md."""

from __future__ import annotations

import math

HEADING = "## Retrieval (MultiHop-RAG)"
NAMES = {
    "recipe": "LangChain recipe (RecursiveCharacterTextSplitter 1000/200 -> Chroma top 10)",
    "bm25": "BM25 alone (bm25s, English stopwords, same 1000/200 chunks)",
    "rrf": "Plain RRF of the two (reference)",
    "bm25meta": "BM25 over title + outlet + date + chunk text (same chunks)",
    "rrfmeta": "RRF k=60 of dense (recipe) and BM25 with metadata, top 60 of each",
    "ours": "briefbot Retriever (hybrid + metadata + diversity, passages <= 1,000 chars)",
    "ours_nometa": "briefbot without outlet/date evidence (boosts, per-outlet/per-day lists)",
}
ORDER = ("recipe", "bm25", "rrf", "bm25meta", "rrfmeta", "ours", "ours_nometa")


def _f(value, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _x(ratio: float) -> str:
    return "-" if math.isnan(ratio) else f"{ratio:.2f}x"


def _load() -> str:
    import os

    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def render(report: dict, command: str) -> str:
    """The section text: machine, command, the table and the latency lines."""
    rows, n = report["rows"], report["n"]
    base = (rows.get("recipe") or {}).get("test") or {}
    sizes = report.get("splits") or {}
    lines = [
        HEADING,
        "",
        f"Machine: {report['machine']}; load average {_load()} when written (the 2 cores are "
        "shared with other jobs: latencies are pessimistic, quality numbers do not depend on "
        f"load). Command: `{command}`. "
        f"{n} answerable queries: test = odd positions of queries.json "
        f"({sizes.get('test', '-')} answerable), dev = even positions "
        f"({sizes.get('dev', '-')}); briefbot's settings may be tuned on dev only. "
        "all-MiniLM-L6-v2 (int8 ONNX) for every system; hit = some gold fact "
        "(spaces/newlines removed) is a substring of a passage.",
        "",
        "| System | test Hits@4 | test Hits@10 | test MRR@10 | dev Hits@4 | dev Hits@10 | "
        "dev MRR@10 | vs recipe (test Hits@4) | chunks | ingest s | p50 ms | p95 ms | max chars |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key in ORDER:
        r = rows.get(key)
        if r is None or "test" not in r:
            lines.append(f"| {NAMES[key]} | (not run: see below) ||||||||||||")
            continue
        t, d = r["test"], r["dev"]
        ratio = t["hits@4"] / base["hits@4"] if base.get("hits@4") else float("nan")
        ingest = "prebuilt" if r.get("prebuilt") else _f(r.get("ingest_s"), 1)
        lines.append(
            f"| {NAMES[key]} | {_f(t['hits@4'])} | {_f(t['hits@10'])} | {_f(t['mrr@10'])} | "
            f"{_f(d['hits@4'])} | {_f(d['hits@10'])} | {_f(d['mrr@10'])} | {_x(ratio)} | "
            f"{r.get('chunks', '-')} | {ingest if key != 'ours_nometa' else 'same store'} | "
            f"{_f(r.get('p50_ms'), 1)} | {_f(r.get('p95_ms'), 1)} | "
            f"{r.get('passage_chars_max', '-')} |"
        )
    if "all" in rows.get("ours", {}):
        a = rows["ours"]["all"]
        lines += [
            "",
            f"briefbot over all {a['n']} answerable queries (both splits, as reported before "
            f"the split): Hits@4 {_f(a['hits@4'])}, Hits@10 {_f(a['hits@10'])}, MRR@10 "
            f"{_f(a['mrr@10'])}.",
        ]
    if "recipe" not in rows:
        lines += [
            "",
            "The recipe's store was not built in this run (`--no-recipe`), so the recipe, the "
            "plain RRF and the RRF with metadata rows are missing.",
        ]
    o = rows["ours"]
    lines += [
        "",
        "Ingest time includes embedding every chunk (the recipe embeds its 1000/200 chunks, "
        "briefbot its 600/100 chunks plus one title+lead vector per article, then builds its "
        "BM25 index). The recipe's store is filled resumably (it may be filled by a parallel "
        "`--recipe-only` process); chunks stored by an interrupted run are counted at the rate "
        "measured for the rest. 'prebuilt' = the store was built earlier by `briefbot ingest` "
        "(default 600/100 chunks) and copied, so its ingest time was not measured in this run. "
        "Latency for the baselines is retrieval only (recipe: query embedding + Chroma; BM25: "
        "tokenize + score). The metadata BM25 indexes each chunk with its article's title, "
        'outlet and day written as questions write it ("November 27, 2023"); its passages are '
        "the chunk text alone. The RRF with metadata fuses the recipe's top 60 with that BM25's "
        "top 60 (k=60) and keeps 10.",
        "",
        f"Latency, warm process, {o.get('latency_n')} queries: retrieval + extractive answer "
        f"(`BriefBot.ask`) p50 {_f(o['p50_ms'], 1)} ms, p95 {_f(o['p95_ms'], 1)} ms; retrieval alone "
        f"p50 {_f(o['retrieval_p50_ms'], 1)} ms, p95 {_f(o['retrieval_p95_ms'], 1)} ms; raw Chroma "
        f"top-10 query p50 {_f(o['chroma_p50_ms'], 1)} ms, p95 {_f(o['chroma_p95_ms'], 1)} ms. "
        f"Of that: embedding the question p50 {_f(o.get('embed_p50_ms'), 1)} ms, p95 "
        f"{_f(o.get('embed_p95_ms'), 1)} ms; everything after it (Chroma + BM25 + fusion + "
        f"windows) p50 {_f(o.get('search_p50_ms'), 1)} ms, p95 {_f(o.get('search_p95_ms'), 1)} ms.",
    ]
    if report.get("ablations"):
        lines += [
            "",
            "Each idea measured by switching it alone (same store, same query vectors):",
            "",
            "| Variant | test Hits@4 | test Hits@10 | test MRR@10 | dev Hits@4 | dev Hits@10 | "
            "dev MRR@10 |",
            "|---|---|---|---|---|---|---|",
        ]
        for a in report["ablations"]:
            t, d = a["test"], a["dev"]
            lines.append(
                f"| {a['label']} | {_f(t['hits@4'])} | {_f(t['hits@10'])} | {_f(t['mrr@10'])} | "
                f"{_f(d['hits@4'])} | {_f(d['hits@10'])} | {_f(d['mrr@10'])} |"
            )
    if "scale" in report:
        s = report["scale"]
        lines += [
            "",
            f"At {s['chunks']:,} chunks (the corpus repeated with jittered vectors; built in "
            f"{_f(s['build_s'], 0)} s, BM25 index {_f(s['index_s'], 1)} s): retrieval + extractive "
            f"answer p50 {_f(s['p50_ms'], 1)} ms, p95 {_f(s['p95_ms'], 1)} ms; retrieval alone p50 "
            f"{_f(s['retrieval_p50_ms'], 1)} ms (after embedding: "
            f"{_f(s.get('search_p50_ms'), 1)} ms); raw Chroma top-10 query p50 "
            f"{_f(s['chroma_p50_ms'], 1)} ms, p95 {_f(s['chroma_p95_ms'], 1)} ms "
            f"({s['latency_n']} queries).",
        ]
    return "\n".join(lines) + "\n"
