"""The test suite's corpus store (seed + MultiHop-RAG, ~13k passages), built once per machine.

Embedding the corpus takes 5-10 minutes on 2 cores. The finished store is kept under a cache
folder, keyed by a hash of the corpus files, the ingest code and the keyword-index code, so a
second `make test` on the same machine copies it (seconds) instead of embedding again. Any
change to those inputs gives a new key and a fresh build. `scripts/test.sh` runs this module
before pytest, so the build (with its progress bar) is never inside a test's time limit.

    python tests/corpus_cache.py        # build or reuse; prints the cached store's folder
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEEP = 2  # cached stores kept (the newest); older keys are deleted


def shared_data() -> Path:
    return Path(os.environ.get("BRIEFBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))


def inputs() -> list[Path]:
    data = shared_data()
    return [
        data / "seed" / "thailand-cambodia-ceasefire.txt",
        data / "multihop-rag" / "corpus.json",
    ]


def cache_root() -> Path:
    base = os.environ.get("BRIEFBOT_TEST_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) if base else Path.home() / ".cache" / "briefbot-tests"


def key() -> str:
    """Hash of what the store is made from: corpus files (path and bytes) and the code."""
    digest = hashlib.sha256()
    for path in inputs():  # the articles' stored paths are part of the store
        digest.update(str(path.resolve()).encode() + path.read_bytes())
    for path in sorted((ROOT / "ingest").glob("*.py")) + [ROOT / "bot/retrieval/keyword_index.py"]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:20]


def cached_store(progress=None) -> Path:
    """The folder of a complete cached corpus store, building it first when missing."""
    missing = [str(p) for p in inputs() if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"shared corpus not found: {', '.join(missing)}")
    root = cache_root()
    folder = root / f"corpus-{key()}"
    if (folder / "COMPLETE").is_file():
        _quotes_in_step(folder)
        return folder
    root.mkdir(parents=True, exist_ok=True)
    from bot.retrieval.keyword_index import KeywordIndex
    from ingest.embeddings import MiniLMEmbeddings
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    building = Path(tempfile.mkdtemp(prefix="building-", dir=root))
    embedder = MiniLMEmbeddings()
    store = Store(path=building, embedder_name=embedder.name)
    report = ingest_paths(store, embedder, inputs(), progress=progress)
    if report.failures:
        raise RuntimeError(f"corpus store build failed: {report.failures[0]}")
    KeywordIndex(store).ensure_current()  # saved beside the store: no rebuild in each run
    del store
    _quotes_in_step(building)
    (building / "COMPLETE").write_text(key())
    if folder.exists():  # another run finished first
        shutil.rmtree(building, ignore_errors=True)
    else:
        building.rename(folder)
    _prune(root, folder)
    return folder


def _quotes_in_step(folder: Path) -> None:
    """Index the cached store's quotes and dates as `briefbot ingest` does, so that each
    copy has them: without, every test's first question about who said what re-read all
    610 articles (two CPU-minutes each). Re-reads only when the attribution rules changed;
    one process at a time."""
    import fcntl

    from bot.config import Settings
    from bot.service import BriefBot
    from ingest.embeddings import MiniLMEmbeddings
    from ingest.store import Store

    with open(folder.parent / f"quotes-{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        embedder = MiniLMEmbeddings()
        store = Store(path=folder, embedder_name=embedder.name)
        settings = Settings(store=folder, database_url=None, reranker="none")
        BriefBot(settings, store=store, embedder=embedder).index_quotes()


def copy_of(target: Path) -> Path:
    """A private copy of the cached store at `target` (tests may write to theirs)."""
    shutil.copytree(cached_store(), target, dirs_exist_ok=True)
    return target


def _prune(root: Path, keep: Path) -> None:
    stores = sorted(root.glob("corpus-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in stores if p != keep][KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in root.glob("building-*"):  # a build killed hours ago
        if time.time() - stale.stat().st_mtime > 6 * 3600:
            shutil.rmtree(stale, ignore_errors=True)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    done = cached_store_with_bar()
    print(done)
    return 0


def cached_store_with_bar() -> Path:
    folder = cache_root() / f"corpus-{key()}"
    if (folder / "COMPLETE").is_file():
        print(f"corpus store: reusing {folder}", file=sys.stderr)
        return folder
    print("corpus store: building it once for this machine (5-10 minutes)", file=sys.stderr)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
    )
    with bar:
        task = bar.add_task("embedding passages", total=0)

        def progress(event: str, amount: int) -> None:
            if event == "chunks":
                bar.update(task, total=(bar.tasks[task].total or 0) + amount)
            elif event == "embedded":
                bar.advance(task, amount)

        return cached_store(progress)


if __name__ == "__main__":
    raise SystemExit(main())
