"""`watch run` at corpus scale: 610 stored articles plus 20 new ones (target p50 <= 10 s).

`python -m bench.run watch` runs this after the digest and feed benches;
`python -m bench.run watch -- --scale-only` runs only this part.

Setup (not timed): a copy of the MultiHop-RAG corpus store (MiniLM vectors; `--store`,
default the ready copy at /work/cache/mh-store or the test suite's cached corpus store). The
20 newest articles the watch's topic keeps are held back (removed from the copy and written to
a JSON file), and articles written for briefbot are added until 610 are stored when the
watch writes its first brief. Then the 20 held back are
ingested again: they are the new articles. That state is kept aside.

Timed: each round restores that state and runs `briefbot watch run NAME --json` as a user
would (a fresh process: start-up, quote indexing of the 20 new articles, the digest, saving
it). We report each round's wall time, their median (p50), and the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import write_section
from bench.watch_stories import STORIES, art

HEADING = "## Watched topics at corpus scale (`watch run` time)"
TOPIC = "OpenAI"
NAME = "openai"
NEW = 20
STORED = 610  # articles stored when the watch writes its first brief
TARGET = 10.0
DEFAULT_STORE = Path("/work/cache/mh-store")
BRIEFBOT = str(Path(sys.executable).parent / "briefbot")


def source_store(given: str | None) -> Path:
    if given:
        return Path(given)
    if (DEFAULT_STORE / "chroma.sqlite3").is_file():
        return DEFAULT_STORE
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from corpus_cache import cached_store

    return cached_store()


def fillers(n: int) -> list[dict]:
    """n articles written for briefbot (the stories', then harbour notes)."""
    out = [a for s in STORIES for step in s["steps"] for a in step["articles"]]
    k = 0
    while len(out) < n:
        out.append(
            art(
                f"Harbour note {k}",
                "Port Daily",
                f"2025-06-{k + 1:02d}",
                f"PORT MERRIN - The harbour board counted {310 + 11 * k} ships in berth {k} "
                "during the spring season, its yearly note said.",
                f"Repairs to quay {k} are due to finish in {3 + k} weeks.",
            )
        )
        k += 1
    return out[:n]


def env_for(store: Path) -> dict:
    return {**os.environ, "BRIEFBOT_STORE": str(store), "BRIEFBOT_ANSWERER": "extractive"}


def prepare(src: Path, tmp: Path) -> dict:
    """The store after the first brief with the 20 new articles ingested (kept at tmp/ready)."""
    from bot.config import Settings
    from bot.service import BriefBot
    from bot.watch.facts import relevant

    store = tmp / "store"
    started = time.perf_counter()
    shutil.copytree(src, store)
    (store / "briefbot-open.lock").unlink(missing_ok=True)
    bot = BriefBot(Settings(store=store, answerer="extractive"))
    stored = bot.store.list_articles()
    texts = bot.store.get_articles([a.doc_id for a in stored])
    keep = [a for a in stored if relevant(TOPIC, a.title, texts[a.doc_id].text)]
    keep.sort(key=lambda a: str(a.meta.get("published_at", "")), reverse=True)
    held = keep[:NEW]
    if len(held) < NEW:
        sys.exit(f"only {len(held)} stored articles are about {TOPIC!r}; need {NEW}")
    rows = [
        {
            "title": a.title,
            "source": a.meta.get("source", ""),
            "published_at": a.meta.get("published_at", ""),
            "url": a.meta.get("url", ""),
            "body": texts[a.doc_id].text,
        }
        for a in held
    ]
    (tmp / "new.json").write_text(json.dumps(rows), encoding="utf-8")
    bot.store.remove([a.doc_id for a in held])
    (tmp / "fill").mkdir()
    paths = []
    for k, article in enumerate(fillers(STORED - bot.store.count_articles())):
        path = tmp / "fill" / f"fill-{k}.json"
        path.write_text(json.dumps(article), encoding="utf-8")
        paths.append(path)
    copied = time.perf_counter() - started
    t = time.perf_counter()
    bot.ingest(paths)  # and the quote and date index of every stored article
    fill_seconds = time.perf_counter() - t
    before = bot.store.count_articles()
    bot.watches.add(NAME, TOPIC)
    t = time.perf_counter()
    first = bot.run_watch(NAME, post=False)
    first_seconds = time.perf_counter() - t
    del bot
    t = time.perf_counter()
    done = subprocess.run(
        [BRIEFBOT, "ingest", "-q", str(tmp / "new.json")],
        env=env_for(store),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        sys.exit(f"ingest of the new articles failed: {done.stderr[-500:]}")
    new_seconds = time.perf_counter() - t
    shutil.copytree(store, tmp / "ready")
    return {
        "stored": before,
        "fillers": len(paths),
        "setup_seconds": copied,
        "fill_seconds": fill_seconds,
        "new_seconds": new_seconds,
        "first_seconds": first_seconds,
        "first_items": len(first.items),
        "first_articles": first.articles,
    }


def timed_round(tmp: Path) -> tuple[float, dict, tuple[float, float, float]]:
    store = tmp / "store"
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(tmp / "ready", store)
    load = os.getloadavg()
    started = time.perf_counter()
    done = subprocess.run(
        [BRIEFBOT, "watch", "run", NAME, "--json"],
        env=env_for(store),
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"watch run failed: {done.stderr[-800:]}")
    return seconds, json.loads(done.stdout.strip().splitlines()[-1]), load


def measure(src: Path, rounds: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bb-watch-scale-") as tmp_name:
        tmp = Path(tmp_name)
        setup = prepare(src, tmp)
        print("setup", setup, flush=True)
        runs, loads, digest = [], [], {}
        for n in range(rounds):
            seconds, digest, load = timed_round(tmp)
            runs.append(seconds)
            loads.append(load[0])
            print(f"round {n + 1}: {seconds:.2f} s (load {load[0]:.2f})", flush=True)
    return {
        **setup,
        "runs": runs,
        "p50": statistics.median(runs),
        "loads": loads,
        "items": len(digest.get("items", [])),
        "statuses": sorted({i["status"] for i in digest.get("items", [])}),
        "cores": os.cpu_count(),
        "source": str(src),
    }


def render(r: dict) -> str:
    verdict = "meets" if r["p50"] <= TARGET else "misses"
    runs = ", ".join(f"{s:.1f}" for s in r["runs"])
    loads = ", ".join(f"{x:.1f}" for x in r["loads"])
    return (
        f"{HEADING}\n\n"
        "`python -m bench.run watch -- --scale-only` (bench/watch_scale.py). A copy of the "
        "MultiHop-RAG corpus store (MiniLM vectors); the 20 newest articles about "
        f"“{TOPIC}” are held back and {r['fillers']} articles written for briefbot are added, so "
        f"**{r['stored']}** articles are stored when watch `{NAME}` (topic “{TOPIC}”) writes "
        f"its first brief; then the 20 held back are ingested: the new articles. Each round "
        "restores that state and times `briefbot watch run "
        f"{NAME} --json` as a fresh process (start-up, reading the stored and new articles, "
        "the digest, saving it). The new articles' quotes and dates are indexed when they are "
        "ingested (as `briefbot ingest` and `feeds poll` do), so that is not in the timing.\n\n"
        f"- `watch run` with {NEW} new articles, {len(r['runs'])} rounds: {runs} s; "
        f"**p50 {r['p50']:.1f} s** ({verdict} the {TARGET:g} s target) on {r['cores']} cores; "
        f"1-minute load average at each start: {loads} (other work was sharing the machine "
        "when it was above 0.5).\n"
        f"- The digest: {r['items']} items ({', '.join(r['statuses']) or 'none'}).\n"
        f"- Not in the target: ingesting the {r['fillers']} written articles with the quote and "
        f"date index of all stored ones {r['fill_seconds']:.0f} s; the first brief "
        f"({r['first_articles']} articles on the topic, {r['first_items']} items) "
        f"{r['first_seconds']:.1f} s; `briefbot ingest` of the {NEW} new articles "
        f"{r['new_seconds']:.0f} s.\n"
    )


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(prog="bench.watch_scale")
    ap.add_argument("--store", help="the corpus store to copy (never written to)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = ap.parse_args(argv or [])
    result = measure(source_store(args.store), args.rounds)
    section = render(result)
    print(section)
    if not args.no_write:
        write_section(HEADING, section)
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
