"""Watched topics: digest precision over scripted stories, and feed polling on loopback.

`python -m bench.run watch` writes the "Watched topics" section of docs/benchmarks.md.

1. Digests: each story of bench/watch_stories.py is ingested step by step into a fresh store
   (test embedder: vectors play no part in digests), and its watch run after each step. We
   count items resting only on articles the last digest already covered (target 0), updated
   items citing both an old and a new source (target all), expected items found, and items
   that match no expectation.
2. Feeds: 5 RSS feeds of 50 items each on a loopback server, polled 3 times (no item may be
   stored twice), then a poll with a sixth feed that never answers in time: the others may be
   delayed by no more than its timeout.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.report import write_section
from bench.watch_stories import STORIES, write_step

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 2.0


def make_bot(store: Path, **extra):
    from bot.config import Settings
    from bot.service import BriefBot

    settings = Settings(
        store=store, embeddings="fake", reranker="none", answerer="extractive", **extra
    )
    return BriefBot(settings)


def run_story(story: dict, folder: Path) -> dict:
    bot = make_bot(folder / "store")
    bot.watches.add(story["name"], story["topic"])
    out = {
        "items": 0,
        "covered_only": 0,
        "updated": 0,
        "updated_both": 0,
        "expected": 0,
        "found": 0,
        "unexpected": [],
        "nothing_new_ok": 0,
        "nothing_new_steps": 0,
        "seconds": [],
    }
    for n, step in enumerate(story["steps"]):
        known = {a.doc_id for a in bot.store.list_articles()}
        paths = write_step(folder / "articles", story, n)
        if paths:
            bot.ingest(paths)
        new = {a.doc_id for a in bot.store.list_articles()} - known
        started = time.perf_counter()
        digest = bot.run_watch(story["name"])
        out["seconds"].append(time.perf_counter() - started)
        if n == 0:
            continue
        by_n = {c["n"]: c["doc_id"] for c in digest.citations}
        out["items"] += len(digest.items)
        for item in digest.items:
            docs = {by_n[k] for k in item.cites}
            out["covered_only"] += not (docs & new)
            if item.status == "updated":
                out["updated"] += 1
                out["updated_both"] += bool(docs & new and docs - new)
            hit = any(s == item.status and w in item.text for s, w in step["expect"])
            if not hit:
                out["unexpected"].append(
                    f"{story['name']} step {n}: {item.status}: {item.text[:90]}"
                )
        for status, words in step["expect"]:
            out["expected"] += 1
            out["found"] += any(i.status == status and words in i.text for i in digest.items)
        if not step["expect"]:
            out["nothing_new_steps"] += 1
            out["nothing_new_ok"] += digest.nothing_new
    return out


def digests() -> tuple[str, dict]:
    totals: dict = {}
    for story in STORIES:
        with tempfile.TemporaryDirectory() as tmp:
            got = run_story(story, Path(tmp))
        print(story["name"], {k: v for k, v in got.items() if k != "seconds"}, flush=True)
        for key, value in got.items():
            totals[key] = totals.get(key, 0 if not isinstance(value, list) else []) + value
    steps = sum(len(s["steps"]) for s in STORIES)
    runs = sorted(totals["seconds"])
    lines = [
        f"- {len(STORIES)} stories, {steps} steps (each step: ingest, then `watch run`).",
        f"- Items resting only on articles the last digest covered: **{totals['covered_only']}** "
        f"of {totals['items']} (target 0).",
        f"- Updated items citing both the old and the new source: **{totals['updated_both']} of "
        f"{totals['updated']}** (target all).",
        f"- Expected changes reported with the right label: **{totals['found']} of "
        f"{totals['expected']}**; items matching no expectation: {len(totals['unexpected'])}.",
        f"- Steps that should say nothing new (none added, or only repeats of known facts): "
        f"{totals['nothing_new_ok']} of {totals['nothing_new_steps']} did.",
        f"- `watch run` time per step on these small stores: median {runs[len(runs) // 2]:.2f} s, "
        f"max {runs[-1]:.2f} s.",
    ]
    if totals["unexpected"]:
        lines.append("- Items matching no expectation (not necessarily wrong: read them):")
        lines += [f"  - {u}" for u in totals["unexpected"]]
    return "\n".join(lines), totals


def feeds() -> tuple[str, dict]:
    sys.path.insert(0, str(ROOT / "tests"))
    from servers.news_site import NewsSite

    from bench.watch_stories import art

    with NewsSite() as site, tempfile.TemporaryDirectory() as tmp:
        for f in range(5):
            items = []
            for i in range(50):
                a = art(
                    f"Harbour report {f}-{i}",
                    f"Feed {f}",
                    f"2025-04-{1 + i % 28:02d}",
                    f"PORT {f} - Inspectors counted {100 + 7 * i + f} containers at berth {i} of "
                    f"port {f} on the morning shift.",
                    f"The harbour master of port {f} said berth {i} would reopen after "
                    f"{2 + i % 5} days of repairs.",
                )
                items.append((f"/f{f}/{i}", a))
                site.article(f"/f{f}/{i}", a)
            site.rss(f"/feed{f}.xml", items)
        site.rss("/dead.xml", [("/f0/0", art("x", "x", "2025-04-01", "x"))])
        site.serve("/dead.xml", site.routes["/dead.xml"][2], delay=TIMEOUT * 5)
        bot = make_bot(Path(tmp) / "store", feed_timeout=TIMEOUT, feed_host_delay=0.0)
        for f in range(5):
            bot.feeds.add(f"{site.url}/feed{f}.xml", name=f"feed{f}")
        polls = []
        for _ in range(3):
            started = time.perf_counter()
            report, ingested = bot.poll_feeds()
            polls.append(
                (sum(r.new for r in report.feeds), report.seconds, time.perf_counter() - started)
            )
        stored = bot.store.count_articles()
        page_hits = max(v for k, v in site.hits.items() if not k.endswith(".xml"))
        started = time.perf_counter()
        report, _ = bot.poll_feeds()
        alive = report.seconds
        bot.feeds.add(f"{site.url}/dead.xml", name="dead")
        report, _ = bot.poll_feeds()
        with_dead = report.seconds
        dead_line = next(r.line() for r in report.feeds if r.name == "dead")
    lines = [
        "- 5 RSS feeds x 50 items on a loopback server, polled 3 times into one store "
        f"(test embedder; no pause per host here, {TIMEOUT:g} s timeout).",
        f"- New items per poll: {', '.join(str(p[0]) for p in polls)}; articles stored: "
        f"**{stored}** of 250; most fetches of one page: **{page_hits}** (no item stored or "
        "fetched twice).",
        f"- First poll: fetching {polls[0][1]:.1f} s, with ingest {polls[0][2]:.1f} s; later polls "
        f"(feeds only) {polls[1][1]:.2f} s and {polls[2][1]:.2f} s.",
        f"- A sixth feed that never answers: a poll took {with_dead:.2f} s against "
        f"{alive:.2f} s without it: delay **{with_dead - alive:.2f} s**, within its {TIMEOUT:g} s "
        f"timeout. Its line: `{dead_line}`",
    ]
    return "\n".join(lines), {"stored": stored, "delay": with_dead - alive}


def main(argv: list[str] | None = None) -> None:
    """All three parts; `--scale-only` or `--no-scale` (other arguments go to the scale part:
    bench/watch_scale.py --help)."""
    argv = list(argv or [])
    only = "--scale-only" in argv
    skip = "--no-scale" in argv
    rest = [a for a in argv if a not in ("--scale-only", "--no-scale")]
    if not only:
        small()
    if not skip:
        from bench.watch_scale import main as scale

        scale(rest)


def small() -> None:
    digest_text, _ = digests()
    feed_text, _ = feeds()
    section = (
        "## Watched topics (digests and feeds)\n\n"
        "`python -m bench.run watch` (bench/watch.py, stories in bench/watch_stories.py, "
        "written for this bench).\n\n"
        f"### What changed: digest precision\n\n{digest_text}\n\n"
        f"### Feeds\n\n{feed_text}\n"
    )
    print(section)
    write_section("## Watched topics (digests and feeds)", section)


if __name__ == "__main__":
    main()
