"""SIGKILL in the middle of an ingest: the next run completes the store, with no duplicate
article and no orphan chunk, and ends with the same totals as a clean ingest."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_store_idempotence import assert_consistent

from ingest.store import Store

BRIEFBOT = Path(sys.executable).parent / "briefbot"
WORDS = (
    "river basin accord minister gauge flow reservoir delta farmers commission treaty "
    "drought monsoon release upstream downstream parliament ratify levels salinity rice "
    "engineers alerts district village border talks budget loan bank hydro dam"
).split()


def write_articles(folder: Path, n: int) -> None:
    """n distinct generated articles of ~8 paragraphs each (several chunks per article)."""
    rng = random.Random(11)
    folder.mkdir()
    for i in range(n):
        paragraphs = [
            " ".join(
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."
                for _ in range(4)
            )
            for _ in range(8)
        ]
        (folder / f"article-{i:03d}.txt").write_text(
            f"Generated report number {i} on the basin\n" + "\n\n".join(paragraphs) + "\n"
        )


def run_ingest(folder: Path, store: Path) -> subprocess.Popen:
    env = {**os.environ, "BRIEFBOT_EMBEDDINGS": "fake"}
    return subprocess.Popen(
        [str(BRIEFBOT), "ingest", "-q", str(folder), "--store", str(store)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stored_articles(store: Path) -> int:
    """Articles marked complete so far, read from Chroma's SQLite file without locking it."""
    import sqlite3

    db = store / "chroma.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM embedding_metadata "
                "WHERE key = 'status' AND string_value = 'complete'"
            ).fetchone()
        return int(row[0])
    except sqlite3.Error:
        return 0


def test_sigkill_mid_ingest_then_rerun_completes_cleanly(tmp_path):
    folder = tmp_path / "articles"
    write_articles(folder, 400)
    killed_store = tmp_path / "killed"
    proc = run_ingest(folder, killed_store)
    deadline = time.monotonic() + 240
    while stored_articles(killed_store) < 100 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    partial = Store(path=killed_store, embedder_name="fake")
    written = partial.count_articles()
    assert 0 < written < 400, "the kill must land mid-way"
    del partial

    rerun = run_ingest(folder, killed_store)
    assert rerun.wait(timeout=600) == 0, rerun.stderr.read().decode() if rerun.stderr else ""
    clean_store = tmp_path / "clean"
    clean = run_ingest(folder, clean_store)
    assert clean.wait(timeout=600) == 0

    resumed = Store(path=killed_store, embedder_name="fake")
    reference = Store(path=clean_store, embedder_name="fake")
    assert_consistent(resumed)  # no orphan chunk, no pending record, counts add up
    titles = [a.title for a in resumed.list_articles()]
    assert len(titles) == len(set(titles)) == 400  # every article, none twice
    assert resumed.count_chunks() == reference.count_chunks()
    assert sorted(a.doc_id for a in resumed.list_articles()) == sorted(
        a.doc_id for a in reference.list_articles()
    )
