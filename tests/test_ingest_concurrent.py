"""Two `briefbot ingest` runs at once, on one embedded store and on one Chroma server: no
error reaches the user, no write is lost or doubled, and a run that has to wait says so.

Each test compares the result with a serial ingest of the same files into a fresh store.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from test_store_idempotence import assert_consistent

from ingest.embeddings import FakeEmbeddings
from ingest.pipeline import ingest_paths
from ingest.store import Store

BRIEFBOT = Path(sys.executable).parent / "briefbot"
BUSY = (
    "The store is busy: another briefbot ingest is writing to it. "
    "Waiting for it to finish, then this one goes on…"
)
WORDS = (
    "ferry harbour council budget tram canal lock weir pumps siren flood fund school roof "
    "solar grant library reading room market stall toll bridge gauge river winter repairs"
).split()


def write_articles(folder: Path, n: int, seed: int, label: str) -> Path:
    """n distinct generated articles of several paragraphs (a few passages each)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for i in range(n):
        paragraphs = [
            " ".join(
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."
                for _ in range(3)
            )
            for _ in range(6)
        ]
        (folder / f"{label}-{i:03d}.txt").write_text(
            f"{label.title()} desk note {i} on the town\n" + "\n\n".join(paragraphs) + "\n"
        )
    return folder


@pytest.fixture
def folders(tmp_path) -> tuple[list[Path], list[Path]]:
    """What the two runs ingest: each its own folder, plus one folder both are given."""
    shared = write_articles(tmp_path / "shared", 20, 1, "shared")
    first = write_articles(tmp_path / "first", 40, 2, "first")
    second = write_articles(tmp_path / "second", 40, 3, "second")
    return [first, shared], [second, shared]


class Run:
    """One real `briefbot ingest` process; its stderr is read line by line as it comes."""

    def __init__(self, paths: list[Path], env: dict[str, str], store: Path | None = None):
        args = [str(BRIEFBOT), "ingest", "-q", *map(str, paths)]
        if store is not None:
            args += ["--store", str(store)]
        self.proc = subprocess.Popen(
            args,
            env={**os.environ, "COLUMNS": "200", **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.err: list[str] = []
        self.out = ""
        self._readers = [
            threading.Thread(target=self._read_err, daemon=True),
            threading.Thread(target=self._read_out, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read_err(self) -> None:
        for line in self.proc.stderr:
            self.err.append(line.rstrip("\n"))

    def _read_out(self) -> None:
        self.out = self.proc.stdout.read()

    def finish(self) -> int:
        code = self.proc.wait(timeout=600)
        for reader in self._readers:
            reader.join(timeout=60)
        return code

    def added(self) -> int:
        match = re.search(r"articles added\s+│ (\d+)", self.out)
        assert match, self.out
        return int(match.group(1))


def reference(tmp_path: Path, paths: list[Path]) -> Store:
    store = Store(path=tmp_path / "serial", embedder_name="fake")
    report = ingest_paths(store, FakeEmbeddings(), paths)
    assert not report.failures
    return store


def assert_same_as_serial(store: Store, serial: Store) -> None:
    assert_consistent(store)  # no orphan passage, no pending record, counts add up
    ids = sorted(a.doc_id for a in store.list_articles())
    assert ids == sorted(a.doc_id for a in serial.list_articles())  # none lost, none twice
    assert store.count_chunks() == serial.count_chunks()
    titles = [a.title for a in store.list_articles()]
    assert len(titles) == len(set(titles))


def wait_for(condition, what: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_second_ingest_waits_for_the_first_and_says_so(tmp_path, folders):
    """The store is held (as by a long ingest) while both runs start: each says the store
    is busy and waits; then they run one after the other, as a serial ingest would."""
    store_path = tmp_path / "store"
    holder = Store(path=store_path, embedder_name="fake")
    env = {"BRIEFBOT_EMBEDDINGS": "fake"}
    with holder.writing():
        runs = [Run(paths, env, store_path) for paths in folders]
        wait_for(lambda: all(BUSY in r.err for r in runs), "both runs to report a busy store")
        assert all(r.proc.poll() is None for r in runs)  # still waiting, nothing written
        assert holder.count_articles() == 0
    codes = [r.finish() for r in runs]

    assert codes == [0, 0], [r.err for r in runs]
    assert [r.err for r in runs] == [[BUSY], [BUSY]]  # the message, and no error
    serial = reference(tmp_path, folders[0] + folders[1][:1])
    assert_same_as_serial(Store(path=store_path, embedder_name="fake"), serial)
    assert sum(r.added() for r in runs) == serial.count_articles()  # shared folder once


def test_two_ingests_started_together_on_one_store(tmp_path, folders):
    store_path = tmp_path / "store"
    env = {"BRIEFBOT_EMBEDDINGS": "fake"}
    runs = [Run(paths, env, store_path) for paths in folders]
    codes = [r.finish() for r in runs]

    assert codes == [0, 0], [r.err for r in runs]
    assert all(r.err in ([], [BUSY]) for r in runs), [r.err for r in runs]
    serial = reference(tmp_path, folders[0] + folders[1][:1])
    assert_same_as_serial(Store(path=store_path, embedder_name="fake"), serial)
    assert sum(r.added() for r in runs) == serial.count_articles()


@pytest.mark.server
def test_two_clients_of_one_chroma_server_ingest_together(chroma_server, tmp_path, folders):
    """No shared folder, so no lock: the same file gives the same ids in both clients
    (content hashes), so writing it twice is idempotent, and neither run's recovery
    takes the other's write in progress for a killed run's leftover."""
    collection = f"t{uuid.uuid4().hex[:10]}"
    env = {
        "BRIEFBOT_EMBEDDINGS": "fake",
        "BRIEFBOT_CHROMA_URL": chroma_server,
        "BRIEFBOT_COLLECTION": collection,
    }
    runs = [Run(paths, env) for paths in folders]
    codes = [r.finish() for r in runs]

    assert codes == [0, 0], "\n".join(line for r in runs for line in r.err)
    assert [r.err for r in runs] == [[], []]
    server = Store(url=chroma_server, embedder_name="fake", collection=collection)
    assert_same_as_serial(server, reference(tmp_path, folders[0] + folders[1][:1]))


@pytest.mark.server
def test_server_recovery_leaves_another_clients_write_in_progress_alone(
    chroma_server, tmp_path, monkeypatch
):
    collection = f"t{uuid.uuid4().hex[:10]}"
    writer = Store(url=chroma_server, embedder_name="fake", collection=collection)
    other = Store(url=chroma_server, embedder_name="fake", collection=collection)
    folder = write_articles(tmp_path / "other", 3, 4, "other")

    half_written = _start_writing(writer, "in-flight", "Lock keeper retires after forty years")
    report = ingest_paths(other, FakeEmbeddings(), [folder])  # recovers at its start
    assert report.recovered == 0
    writer.mark_complete([half_written])  # the first client finishes its write
    titles = sorted(a.title for a in other.list_articles())
    assert "Lock keeper retires after forty years" in titles and len(titles) == 4
    assert_consistent(other)

    # A pending record older than the grace period is a killed run's leftover: removed.
    leftover = _start_writing(writer, "left-over", "Ferry strike called off")
    monkeypatch.setattr("ingest.store.SERVER_RECOVERY_GRACE", -5)
    again = ingest_paths(other, FakeEmbeddings(), [folder])
    assert again.recovered == 1 and again.unchanged == 3
    assert other.get_article(leftover) is None
    assert_consistent(other)


def _start_writing(store: Store, doc_id: str, title: str) -> str:
    """Write an article's pending record and passage, as a run does before completing it."""
    text = f"{title}. The council confirmed it on Monday."
    vector = FakeEmbeddings().embed_documents([text])[0]
    meta = {"doc_id": doc_id, "title": title, "path": f"/elsewhere/{doc_id}.txt", "n_chunks": 1}
    store.add_pending([(doc_id, meta, text, vector)])
    store.add_chunks(
        [f"{doc_id}:0"],
        [vector],
        [text],
        [{"doc_id": doc_id, "index": 0, "start": 0, "end": len(text)}],
    )
    return doc_id


VECTORS_CHECK = """
import sys
from ingest.store import Store
store = Store(path=sys.argv[1], embedder_name="fake")
ids = store.chunks.get(include=[])["ids"]
with_vector = sum(
    len(store.chunks.get(ids=ids[i : i + 200], include=["embeddings"])["ids"])
    for i in range(0, len(ids), 200)
)
print(len(ids), with_vector)
"""


def small_sync_store(path: Path) -> Store:
    """A store whose vector indexes are saved to disk every 20 passages, not every 1000
    (Chroma's default), so a few dozen articles show what thousands would."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=False)  # as the Store's
    client = chromadb.PersistentClient(path=str(path), settings=settings)
    for name in ("briefbot_chunks", "briefbot_articles"):
        client.create_collection(
            name,
            configuration={"hnsw": {"space": "cosine", "batch_size": 10, "sync_threshold": 20}},
            metadata={"embedder": "fake", "generation": 0},
            embedding_function=None,
        )
    return Store(path=path, embedder_name="fake")


def test_a_long_running_writer_keeps_another_process_s_vectors(tmp_path, folders):
    """Like `briefbot web`: this process opened the store and searched it (so Chroma holds
    its vector index in memory); then a `briefbot ingest` ran; then this process writes
    again. Every passage of both keeps its vector, and this process finds the new ones."""
    (first, shared), (second, _) = folders
    store_path = tmp_path / "store"
    store = small_sync_store(store_path)
    ingest_paths(store, FakeEmbeddings(), [first])
    probe = store.chunks.get(limit=1, include=["embeddings"])["embeddings"][0]
    store.chunks.query(query_embeddings=[probe], n_results=3)  # index now in memory

    other = Run([second], {"BRIEFBOT_EMBEDDINGS": "fake"}, store_path)
    assert other.finish() == 0, other.err
    ingest_paths(store, FakeEmbeddings(), [shared])  # this process writes after it

    assert_same_as_serial(store, reference(tmp_path, [first, second, shared]))
    check = subprocess.run(
        [sys.executable, "-c", VECTORS_CHECK, str(store_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stderr  # without refresh: "Error finding id"
    total, with_vector = map(int, check.stdout.split())
    assert total == with_vector == store.count_chunks()

    # A process that only reads sees another's new passages after `refresh()`.
    third = write_articles(tmp_path / "third", 5, 5, "third")
    other = Run([third], {"BRIEFBOT_EMBEDDINGS": "fake"}, store_path)
    assert other.finish() == 0, other.err
    assert store.refresh() and not store.refresh()
    theirs = store.chunks.get(
        where={"title": "Third desk note 2 on the town"}, limit=1, include=["embeddings"]
    )
    found = store.chunks.query(query_embeddings=[theirs["embeddings"][0]], n_results=3)
    assert theirs["ids"][0] in found["ids"][0]
