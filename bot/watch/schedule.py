"""`briefbot watch serve`: poll the feeds, then run the watches that are due, again and again,
saying what it did in one status line per round."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

log = logging.getLogger("bot.watch")


def clock(ts: float | None = None) -> str:
    return datetime.fromtimestamp(ts or time.time(), UTC).strftime("%H:%M:%S")


def one_round(bot, say: Callable[[str], None]) -> None:
    """Poll every feed (so digests see the newest articles), then run each due watch."""
    parts = []
    if bot.feeds.all():
        try:
            report, _ = bot.poll_feeds()
            new = sum(f.new for f in report.feeds)
            bad = [f for f in report.feeds if f.error]
            parts.append(f"{len(report.feeds)} feeds polled, {new} new articles")
            for feed in bad:
                say(f"{clock()} {feed.line()}")
        except Exception as exc:  # noqa: BLE001 (the loop keeps going; the line says why)
            log.exception("feed poll failed")
            parts.append(f"feed poll failed: {' '.join(str(exc).split())[:160]}")
    ran = []
    for name in bot.due_watches():
        try:
            digest = bot.run_watch(name)
            state = "delivered" if digest.delivered else "NOT delivered"
            ran.append(f"{digest.headline()} ({state})")
            for line in digest.deliveries:
                if "not posted" in line:
                    say(f"{clock()} {name}: {line}")
        except Exception as exc:  # noqa: BLE001
            log.exception("watch %s failed", name)
            ran.append(f"{name}: failed ({' '.join(str(exc).split())[:160]})")
    parts.append("; ".join(ran) if ran else "no watch due")
    say(f"{clock()} " + " | ".join(parts))


def serve(
    bot,
    say: Callable[[str], None] = print,
    interval: float = 60.0,
    rounds: int | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Run rounds every `interval` seconds until `stop` is set (or `rounds` are done)."""
    stop = stop or threading.Event()
    done = 0
    names = ", ".join(f"{w.name} ({w.every})" for w in bot.watches.all()) or "none yet"
    say(f"{clock()} watching: {names}; checking every {interval:g} s (Ctrl-C stops)")
    while not stop.is_set():
        one_round(bot, say)
        done += 1
        if rounds is not None and done >= rounds:
            break
        stop.wait(interval)
