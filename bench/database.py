"""Shared-database cost: feedback writes and Slack event checks on SQLite and loopback Postgres.

`python -m bench.run database` starts a real PostgreSQL (as the tests do), then times, in
one run and interleaved, N feedback writes and N event-log checks on each backend, plus a
plain `sqlite3` insert as the baseline. Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.report import write_section

N = 300


def main(argv: list[str] | None = None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from servers.postgres import Postgres

    from bot.db import Database
    from bot.db.seen import SeenOnce
    from bot.feedback import FeedbackLog

    load_before = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="bench-db-"))
    with Postgres() as pg:
        backends = {
            "SQLite (default)": Database(f"sqlite:///{folder / 'briefbot.sqlite3'}"),
            "PostgreSQL on loopback": Database(pg.url),
        }
        for db in backends.values():
            db.upgrade()
        plain = sqlite3.connect(folder / "plain.sqlite3", isolation_level=None)
        plain.execute("CREATE TABLE t (at REAL, q TEXT, a TEXT)")
        times: dict[str, list[float]] = {
            f"{name}: {what}": [] for name in backends for what in ("feedback write", "event check")
        }
        times["baseline: bare sqlite3 insert (autocommit)"] = []
        logs = {name: FeedbackLog(db) for name, db in backends.items()}
        seen = {name: SeenOnce(db) for name, db in backends.items()}
        for i in range(N):  # interleaved, so load changes hit every row alike
            for name in backends:
                t = time.perf_counter()
                logs[name].record(f"question {i}", "answer [1]", i % 2 == 0, [{"n": 1}], user="u")
                times[f"{name}: feedback write"].append(time.perf_counter() - t)
                t = time.perf_counter()
                seen[name].first_time(f"event:{i}")
                times[f"{name}: event check"].append(time.perf_counter() - t)
            t = time.perf_counter()
            plain.execute("INSERT INTO t VALUES (?, ?, ?)", (time.time(), "q", "a"))
            times["baseline: bare sqlite3 insert (autocommit)"].append(time.perf_counter() - t)
    load_after = os.getloadavg()[0]
    base = statistics.median(times["baseline: bare sqlite3 insert (autocommit)"])
    rows = []
    for label, values in times.items():
        ms = sorted(v * 1000 for v in values)
        p50, p95 = statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]
        rows.append(f"| {label} | {p50:.2f} | {p95:.2f} | {p50 / (base * 1000):.1f}x |")
    section = "\n".join(
        [
            "## Shared database (feedback, Slack event log)",
            "",
            f"`python -m bench.run database` ({N} operations each, interleaved; "
            f"{platform.machine()}, {os.cpu_count()} cores, load average {load_before:.1f} "
            f"before, {load_after:.1f} after). Targets: feedback write p50 <= 5 ms on SQLite, "
            "<= 15 ms on loopback Postgres.",
            "",
            "| operation | p50 ms | p95 ms | p50 vs bare insert |",
            "|---|---|---|---|",
            *rows,
        ]
    )
    write_section("## Shared database (feedback, Slack event log)", section)
    print(section)


if __name__ == "__main__":
    main()
