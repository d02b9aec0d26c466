"""The Chroma store: one collection of chunks, one of articles (full clean text + metadata).

Embedded (`PersistentClient`) by default, a Chroma server (`HttpClient`) when given a URL:
the same code either way. An article record is written as "pending" before its chunks
and marked "complete" after them, so a killed ingest is finished cleanly by the next run.

Writers take turns: on an embedded store, `writing()` holds a lock file in the store's
folder, so a second ingest (another process) waits for the first. A Chroma server has no
shared folder; there, two clients writing the same file write the same ids (content
hashes, so the writes are idempotent), and recovery leaves alone pending records younger
than `SERVER_RECOVERY_GRACE`, which may be another client's write in progress.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ingest.errors import EmbedderMismatch, StoreError

PENDING, COMPLETE = "pending", "complete"
# What `briefbot sources` shows, kept in a small JSON catalog beside an embedded store so
# that listing does not have to import chromadb (about a second of start-up).
CATALOG_FIELDS = ("title", "source", "published_at", "n_chunks", "path", "duplicate_of", "url")
LOCK_NAME = "briefbot-write.lock"
OPEN_LOCK_NAME = "briefbot-open.lock"
# A pending record on a server is only taken for a killed run's leftover once it is this
# old (seconds): one batch is written in seconds, so a younger one may be in progress.
SERVER_RECOVERY_GRACE = 15 * 60


@dataclass
class StoredArticle:
    """An article record as the store keeps it."""

    doc_id: str
    meta: dict[str, Any]
    text: str = ""

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def duplicates(self) -> list[str]:
        value = str(self.meta.get("duplicate_of", ""))
        return [d for d in value.split(",") if d]


class Store:
    """Chunks and articles in Chroma, tagged with the embedder that built them."""

    def __init__(
        self,
        path: str | Path | None = None,
        url: str | None = None,
        embedder_name: str = "minilm",
        collection: str = "briefbot",
    ) -> None:
        self.path = Path(path).expanduser() if path else None
        self.url = url
        self.embedder_name = embedder_name
        self.collection_prefix = collection
        self._marked_dirty = False
        self._lock: Any = None  # the write lock file of an embedded store, made on first use
        self._client = self._connect()
        self.chunks = self._collection(f"{collection}_chunks")
        self.articles = self._collection(f"{collection}_articles")
        self.max_batch = max(1, int(self._client.get_max_batch_size()))
        self._generation_seen = self.generation

    # -- opening -------------------------------------------------------------
    def _connect(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if self.url:
            parsed = urlparse(self.url)
            if not parsed.hostname:
                raise StoreError(
                    f"BRIEFBOT_CHROMA_URL {self.url!r} is not a URL like http://host:8000"
                )
            try:
                client = chromadb.HttpClient(
                    host=parsed.hostname,
                    port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                    ssl=parsed.scheme == "https",
                    settings=chroma_settings,
                )
                client.heartbeat()
            except Exception as exc:
                raise StoreError(f"cannot reach the Chroma server at {self.url}: {exc}") from None
            return client
        if self.path is None:
            raise StoreError("no store folder given (set BRIEFBOT_STORE or --store)")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            from filelock import FileLock

            # Two processes opening a new store at once would both create its tables.
            with FileLock(str(self.path / OPEN_LOCK_NAME), timeout=300, thread_local=False):
                return chromadb.PersistentClient(path=str(self.path), settings=chroma_settings)
        except Exception as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None

    def _collection(self, name: str):
        for attempt in range(3):  # another process may be creating it at this very moment
            try:
                col = self._client.get_or_create_collection(
                    name,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={"embedder": self.embedder_name, "generation": 0},
                    embedding_function=None,
                )
                break
            except Exception as exc:
                if attempt == 2:
                    raise StoreError(
                        f"cannot open collection {name} in {self.location}: {exc}"
                    ) from None
                time.sleep(0.5)
        built_with = (col.metadata or {}).get("embedder")
        if built_with and built_with != self.embedder_name:
            raise EmbedderMismatch(
                f"the store at {self.location} was built with the '{built_with}' embedder, not "
                f"'{self.embedder_name}': set BRIEFBOT_EMBEDDINGS={built_with} or use another --store"
            )
        return col

    @property
    def location(self) -> str:
        return self.url or str(self.path)

    # -- state -----------------------------------------------------------------
    @property
    def generation(self) -> int:
        """A counter bumped by every change, so derived indexes know when to rebuild."""
        meta = self._client.get_collection(self.chunks.name, embedding_function=None).metadata or {}
        return int(meta.get("generation", 0))

    def bump_generation(self) -> None:
        # Not just +1: two clients of one server could both turn 7 into 8 and a reader that
        # saw the first 8 would miss the second write. A clock value is new either way.
        meta = dict(self.chunks.metadata or {})
        meta["generation"] = max(self.generation + 1, time.time_ns() // 1000)
        meta["embedder"] = self.embedder_name
        self.chunks.modify(metadata=meta)
        self._generation_seen = meta["generation"]

    def refresh(self) -> bool:
        """Reopen an embedded store when another process has written to it since this
        object last looked; True when it did.

        Chroma's embedded client keeps each collection's vector index in memory once used:
        after another process writes, a stale index misses the new passages (reading their
        vectors fails), and the next write from here saves it over theirs. A fresh client
        reads the files as they are now. Objects still holding the old client keep working.
        """
        if self.url or self.path is None:
            return False
        generation = self.generation
        if generation == self._generation_seen:
            return False
        from chromadb.api.shared_system_client import SharedSystemClient

        # The embedded client is cached per folder; drop it so a new one is made.
        SharedSystemClient._identifier_to_system.pop(str(self.path), None)
        self._client = self._connect()
        self.chunks = self._collection(f"{self.collection_prefix}_chunks")
        self.articles = self._collection(f"{self.collection_prefix}_articles")
        self._generation_seen = generation
        return True

    def count_articles(self) -> int:
        return len(self.articles.get(where={"status": COMPLETE}, include=[])["ids"])

    def count_chunks(self) -> int:
        return self.chunks.count()

    # -- reading ----------------------------------------------------------------
    def list_articles(self, status: str = COMPLETE) -> list[StoredArticle]:
        got = self._get_all(self.articles, where={"status": status}, include=["metadatas"])
        return [StoredArticle(i, m) for i, m in got]

    def get_article(self, doc_id: str, with_text: bool = True) -> StoredArticle | None:
        include = ["metadatas", "documents"] if with_text else ["metadatas"]
        got = self.articles.get(ids=[doc_id], include=include)
        if not got["ids"]:
            return None
        text = got["documents"][0] if with_text else ""
        return StoredArticle(doc_id, got["metadatas"][0], text or "")

    def get_articles(self, doc_ids: Iterable[str]) -> dict[str, StoredArticle]:
        ids = list(dict.fromkeys(doc_ids))
        out: dict[str, StoredArticle] = {}
        for batch in _batches(ids, self.max_batch):
            got = self.articles.get(ids=batch, include=["metadatas", "documents"])
            for i, meta, text in zip(got["ids"], got["metadatas"], got["documents"], strict=True):
                out[i] = StoredArticle(i, meta, text or "")
        return out

    def articles_at(self, path: str) -> list[StoredArticle]:
        """Every article (any status) ingested from the file at `path`."""
        got = self._get_all(self.articles, where={"path": path}, include=["metadatas"])
        return [StoredArticle(i, m) for i, m in got]

    def all_chunks(self, include: list[str] | None = None) -> Iterator[tuple[str, dict, str]]:
        """(id, metadata, text) for every chunk, in pages."""
        offset = 0
        while True:
            got = self.chunks.get(
                include=include or ["metadatas", "documents"], limit=self.max_batch, offset=offset
            )
            if not got["ids"]:
                return
            yield from zip(got["ids"], got["metadatas"], got["documents"], strict=True)
            offset += len(got["ids"])

    def _get_all(self, col, where: dict, include: list[str]):
        offset = 0
        out: list[tuple[str, dict]] = []
        while True:
            got = col.get(where=where, include=include, limit=self.max_batch, offset=offset)
            if not got["ids"]:
                return out
            out.extend(zip(got["ids"], got["metadatas"], strict=True))
            offset += len(got["ids"])

    # -- writing ----------------------------------------------------------------
    def add_pending(self, records: list[tuple[str, dict, str, list[float]]]) -> None:
        """Write article records (id, metadata, text, vector) marked pending."""
        self._mark_dirty()
        now = int(time.time())
        for batch in _batches(records, self.max_batch):
            self.articles.upsert(
                ids=[r[0] for r in batch],
                metadatas=[{**r[1], "status": PENDING, "written_at": now} for r in batch],
                documents=[r[2] for r in batch],
                embeddings=[r[3] for r in batch],
            )

    def add_chunks(
        self, ids: list[str], vectors: list, texts: list[str], metas: list[dict]
    ) -> None:
        for start in range(0, len(ids), self.max_batch):
            end = start + self.max_batch
            self.chunks.upsert(
                ids=ids[start:end],
                embeddings=vectors[start:end],
                documents=texts[start:end],
                metadatas=metas[start:end],
            )

    def mark_complete(self, doc_ids: list[str]) -> None:
        """Mark written articles complete (Chroma merges the one changed key)."""
        for batch in _batches(doc_ids, self.max_batch):
            self.articles.update(ids=batch, metadatas=[{"status": COMPLETE} for _ in batch])
        self.bump_generation()

    def set_duplicates(self, doc_id: str, duplicate_of: list[str]) -> None:
        """Record the near-duplicates of `doc_id` (replaces the old list)."""
        self._mark_dirty()
        value = ",".join(sorted(set(duplicate_of)))
        self.articles.update(ids=[doc_id], metadatas=[{"duplicate_of": value}])

    def remove(self, doc_ids: list[str]) -> int:
        """Delete articles with all their chunks; returns how many chunks went."""
        if not doc_ids:
            return 0
        with self.writing():
            return self._remove(doc_ids)

    def _remove(self, doc_ids: list[str]) -> int:
        self._mark_dirty()
        removed = 0
        for batch in _batches(doc_ids, 100):
            # Pending first: if this process dies half-way, the next ingest finishes the job.
            self.articles.update(ids=batch, metadatas=[{"status": PENDING} for _ in batch])
            chunk_ids = self.chunks.get(where={"doc_id": {"$in": batch}}, include=[])["ids"]
            for ids in _batches(chunk_ids, self.max_batch):
                self.chunks.delete(ids=ids)
            removed += len(chunk_ids)
            self.articles.delete(ids=batch)
        gone = set(doc_ids)
        for article in self.list_articles():  # unlink duplicates that pointed at them
            if gone & set(article.duplicates):
                self.set_duplicates(
                    article.doc_id, [d for d in article.duplicates if d not in gone]
                )
        self.bump_generation()
        return removed

    # -- catalog ------------------------------------------------------------------
    def _catalog_file(self) -> Path | None:
        if self.url or self.path is None:
            return None  # a server has other writers: always ask it
        return catalog_file(self.path, self.collection_prefix)

    def _mark_dirty(self) -> None:
        """Before the first write: the catalog is stale until `write_catalog` runs."""
        target = self._catalog_file()
        if target is not None and not self._marked_dirty:
            target.with_suffix(".dirty").touch()
            self._marked_dirty = True

    def write_catalog(self) -> None:
        """Rewrite the listing catalog from the store (after an ingest or a removal)."""
        target = self._catalog_file()
        if target is None:
            return
        rows = [
            {"doc_id": a.doc_id, **{k: a.meta.get(k, "") for k in CATALOG_FIELDS}}
            for a in self.list_articles()
        ]
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps({"embedder": self.embedder_name, "articles": rows}))
        os.replace(tmp, target)
        target.with_suffix(".dirty").unlink(missing_ok=True)
        self._marked_dirty = False

    def recover(self) -> list[str]:
        """Remove what a killed ingest left half-written; returns the article ids removed.

        Call it holding `writing()`. On a server, where another client may be writing right
        now, only pending records older than `SERVER_RECOVERY_GRACE` are removed.
        """
        leftovers = self.list_articles(status=PENDING)
        if self.url:
            cutoff = time.time() - SERVER_RECOVERY_GRACE
            leftovers = [a for a in leftovers if int(a.meta.get("written_at", 0)) < cutoff]
        pending = [a.doc_id for a in leftovers]
        if pending:
            self.remove(pending)
        return pending

    @contextmanager
    def writing(self, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the store's write lock (embedded stores; a no-op on a server).

        When another process holds it, `on_wait` is called once and this one waits its
        turn. Re-entrant within this process, from any thread.
        """
        if self.url or self.path is None:
            yield
            return
        from filelock import FileLock, Timeout

        if self._lock is None:
            self._lock = FileLock(str(self.path / LOCK_NAME), thread_local=False)
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            if on_wait is not None:
                on_wait()
            self._lock.acquire()
        try:
            if self._lock.lock_counter == 1:  # first in: see what others wrote meanwhile
                self.refresh()
            yield
        finally:
            self._lock.release()


def catalog_file(path: Path, collection: str) -> Path:
    return Path(path).expanduser() / f"{collection}-catalog.json"


def read_catalog(path: Path, collection: str, embedder_name: str) -> list[StoredArticle] | None:
    """The articles listed in an embedded store's catalog, without opening Chroma.

    None when there is no up-to-date catalog (never written, or a write since then did
    not finish): the caller then asks Chroma itself.
    """
    target = catalog_file(path, collection)
    if not target.exists() or target.with_suffix(".dirty").exists():
        return None
    try:
        data = json.loads(target.read_text())
    except (OSError, ValueError):
        return None
    if data.get("embedder") != embedder_name:
        raise EmbedderMismatch(
            f"the store at {path} was built with the '{data.get('embedder')}' embedder, not "
            f"'{embedder_name}': set BRIEFBOT_EMBEDDINGS={data.get('embedder')} or use another --store"
        )
    return [StoredArticle(row["doc_id"], row) for row in data["articles"]]


def encode_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
