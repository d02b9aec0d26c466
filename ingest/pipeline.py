"""Ingest files into the store: load, clean, deduplicate, chunk, embed, write.

Embedding runs in the calling thread while one writer thread stores the previous
batch, so Chroma's writes overlap the model instead of adding to it. Each batch is
written as pending article records, then chunks, then marked complete: a killed run
leaves only pending records, which the next run removes (`Store.recover`) and redoes.

Whatever goes wrong while reading, parsing or cleaning one file becomes one failure naming
it, and the run goes on. Only the store can stop a run (a write fails): the batch being
written is then taken out again, so nothing half-written stays. A run holds the store's
write lock (`Store.writing`) throughout, so two ingests into one folder take turns.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.chunking import chunk_article, content_hash, sentence_spans
from ingest.clean import clean_text
from ingest.dates import date_to_timestamp
from ingest.dedup import DuplicateIndex, decode, encode, signature
from ingest.errors import BriefbotError, FileRejected, StoreError, printable
from ingest.loaders import iter_files, load_file
from ingest.models import Article, Chunk, RawArticle
from ingest.store import COMPLETE, PENDING, Store, encode_json

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

# (event, amount): "files", "file", "chunks", "embedded", and "busy" (once, when another
# process is writing to the store and this run waits for it).
Progress = Callable[[str, int], None]
log = logging.getLogger(__name__)
UNPREPARED = "could not be prepared for storing (something in its text trips briefbot up)"


@dataclass
class IngestReport:
    """What one ingest run did, for the summary table."""

    files: int = 0
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0
    chunks: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    failures: list[FileRejected] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (new title, old doc_id)
    recovered: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0


@dataclass
class IngestOptions:
    """Settings of one ingest run."""

    chunk_size: int = 600
    chunk_overlap: int = 100
    max_bytes: int = 50_000_000
    batch_chunks: int = 512  # chunks embedded and written per step


Batch = list[tuple[Article, list[Chunk]]]


class _Run:
    """One ingest run: batches articles, embeds them, hands them to the writer thread."""

    def __init__(
        self,
        store: Store,
        embedder: Embeddings,
        options: IngestOptions,
        report: IngestReport,
        notify: Progress,
    ) -> None:
        self.store, self.embedder, self.options = store, embedder, options
        self.report, self.notify = report, notify
        self.dup_index = _store_call(store, "read", _load_duplicate_index, store)
        self.batch: Batch = []
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefbot-writer")
        self.pending: list[Future] = []

    def file(self, path: Path) -> None:
        """Ingest the articles of one file, replacing what an older version of it stored."""
        problems: list[FileRejected] = []
        try:
            file_key = printable(str(path.resolve()))
            raws = load_file(path, self.options.max_bytes, problems)
        except FileRejected as exc:
            self.report.failures.append(exc)
            return
        except Exception:  # load_file words its own errors; this is a last guard
            log.debug("cannot ingest %s", path, exc_info=True)
            self.report.failures.append(FileRejected(str(path), UNPREPARED))
            return
        articles: list[tuple[Article, RawArticle]] = []
        occurrences: Counter[str] = Counter()
        for raw in raws:
            try:
                article = _prepare(raw, file_key, occurrences)
            except Exception:
                log.debug("cannot clean %s %s", path, raw.part, exc_info=True)
                problems.append(FileRejected(str(path), UNPREPARED, raw.part))
                continue
            if article is None:
                problems.append(FileRejected(str(path), "no text left after cleaning", raw.part))
            else:
                articles.append((article, raw))
        self.report.failures.extend(problems)
        # Only complete records count: a pending one is a killed run's leftover or, on a
        # server, another client's write in progress; writing it again is idempotent.
        existing = {
            a.doc_id: a
            for a in _store_call(self.store, "read", self.store.articles_at, file_key)
            if a.meta.get("status") == COMPLETE
        }
        stale = [d for d in existing if d not in {a.doc_id for a, _ in articles}]
        for doc_id in stale:  # an edited file is not a duplicate of its old version
            self.dup_index.remove(doc_id)
        for article, raw in articles:
            if article.doc_id in existing:
                self.report.unchanged += 1
                continue
            try:
                sig, chunks = self._sign_and_chunk(article)
            except Exception:
                log.debug("cannot split %s %s", path, raw.part, exc_info=True)
                self.report.failures.append(FileRejected(str(path), UNPREPARED, raw.part))
                continue
            self.article(article, raw, sig, chunks)
        if stale:
            self.flush()  # new versions are stored before the old ones go
            self.report.replaced.extend(existing[d].title for d in stale)
            self.pending.append(
                self.writer.submit(_store_call, self.store, "write", self.store.remove, stale)
            )

    def _sign_and_chunk(self, article: Article) -> tuple[Any, list[Chunk]]:
        chunks = chunk_article(
            article.doc_id,
            article.text,
            self.options.chunk_size,
            self.options.chunk_overlap,
            spans=sentence_spans(article.text),
        )
        return signature(article.text), chunks

    def article(self, article: Article, raw: RawArticle, sig: Any, chunks: list[Chunk]) -> None:
        """Queue one new article with its signature and chunks."""
        self.report.removed.update(article.removed)
        article.duplicate_of = self.dup_index.matches(sig)
        self.dup_index.add(article.doc_id, sig)
        article.minhash = encode(sig)
        article.pages = raw.pages
        self.batch.append((article, chunks))
        if sum(len(c) for _, c in self.batch) >= self.options.batch_chunks:
            self.flush()

    def flush(self) -> None:
        """Embed the queued articles here and hand them to the writer thread."""
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        texts = [c.text for _, chunks in batch for c in chunks]
        self.notify("chunks", len(texts))
        t0 = time.perf_counter()
        vectors = _embed(self.embedder, texts)
        self.report.embed_seconds += time.perf_counter() - t0
        self.notify("embedded", len(texts))
        self._check_writes()
        self.pending.append(self.writer.submit(_write, self.store, batch, vectors, self.report))

    def _check_writes(self) -> None:
        # Surface a failed write at once (and keep the queue short: memory stays flat).
        while self.pending and (self.pending[0].done() or len(self.pending) > 2):
            self.pending.pop(0).result()

    def close(self) -> None:
        """Wait for the writer (raising its error, if any) and stop it."""
        try:
            for future in self.pending:
                future.result()
        finally:
            self.writer.shutdown(wait=True)


def ingest_paths(
    store: Store,
    embedder: Embeddings,
    paths: list[Path],
    options: IngestOptions | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest every supported file under `paths`; failures are reported, not raised."""
    options = options or IngestOptions()
    report = IngestReport()
    started = time.perf_counter()
    notify = progress or (lambda event, amount: None)
    files = list(iter_files(paths))
    notify("files", len(files))
    with store.writing(on_wait=lambda: notify("busy", 1)):
        report.recovered = len(_store_call(store, "write", store.recover))
        run = _Run(store, embedder, options, report, notify)
        try:
            for path, problem in files:
                notify("file", 1)
                if problem is not None:
                    report.failures.append(problem)
                    continue
                report.files += 1
                run.file(path)
            run.flush()
        finally:
            run.close()
        try:
            store.write_catalog()
        except OSError:  # only a listing cache: `briefbot sources` then asks Chroma
            log.warning("could not update the catalog of %s", store.location, exc_info=True)
    report.seconds = time.perf_counter() - started
    return report


def _store_call(store: Store, doing: str, fn: Callable, *args: Any) -> Any:
    """Run one store operation; its failure stops the run as one clear `StoreError`."""
    try:
        return fn(*args)
    except BriefbotError:
        raise
    except Exception as exc:
        raise StoreError(
            f"could not {doing} the store at {store.location} ({_first_line(exc)})"
        ) from exc


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else "no reason given"


def _prepare(raw: RawArticle, file_key: str, occurrences: Counter[str]) -> Article | None:
    text, removed = clean_text(raw.text)
    if not text.strip():
        return None
    origin = file_key + raw.origin[len(raw.origin.split("#")[0]) :]  # keep "#n" for JSON items
    digest = content_hash(text, raw.title, raw.source, raw.url, raw.published_at)
    # The id depends on the file and the content, not on the item's position, so removing
    # one item of a JSON list leaves the others' ids (and chunks) untouched.
    occurrences[digest] += 1
    return Article(
        doc_id=content_hash(file_key, digest, str(occurrences[digest])),
        origin=origin,
        text=text,
        title=raw.title or lead_phrase(text),
        source=raw.source,
        url=raw.url,
        author=raw.author,
        published_at=raw.published_at,
        place=raw.place,
        day=raw.day,
        category=raw.category,
        content_hash=digest,
        removed=dict(removed),
    )


def lead_phrase(text: str, words: int = 10) -> str:
    """A short title from the first sentence, for articles that have none."""
    first = text.strip().split("\n", 1)[0]
    spans = sentence_spans(first[:600])
    sentence = first[spans[0][0] : spans[0][1]] if spans else first
    tokens = sentence.split()
    phrase = " ".join(tokens[:words]).rstrip(",;:.")
    return phrase + ("…" if len(tokens) > words else "")


def _metadata(article: Article, path: str, n_chunks: int) -> dict:
    return {
        "doc_id": article.doc_id,
        "origin": article.origin,
        "path": path,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "author": article.author,
        "published_at": article.published_at,
        "published_ts": date_to_timestamp(article.published_at),
        "place": article.place,
        "day": article.day,
        "category": article.category,
        "content_hash": article.content_hash,
        "chars": len(article.text),
        "n_chunks": n_chunks,
        "removed": encode_json(article.removed),
        "pages": encode_json(article.pages),
        "duplicate_of": ",".join(article.duplicate_of),
        "minhash": article.minhash,
    }


def _chunk_meta(article: Article, chunk: Chunk) -> dict:
    return {
        "doc_id": chunk.doc_id,
        "index": chunk.index,
        "start": chunk.start,
        "end": chunk.end,
        "title": article.title,
        "source": article.source,
        "published_ts": date_to_timestamp(article.published_at),
    }


def _write(store: Store, batch: Batch, vectors, report: IngestReport) -> None:
    """Store an embedded batch: pending records, chunks, complete, then duplicate links."""
    import numpy as np

    vectors = np.asarray(vectors, dtype=np.float32)
    records: list[tuple[str, dict, str, Any]] = []
    chunk_ids: list[str] = []
    texts: list[str] = []
    metas: list[dict] = []
    row = 0
    for article, chunks in batch:
        # The article's vector is the mean of its chunks': no extra model call.
        mean = vectors[row : row + len(chunks)].mean(axis=0)
        mean /= max(float(np.linalg.norm(mean)), 1e-12)
        row += len(chunks)
        path = article.origin.split("#")[0]
        records.append((article.doc_id, _metadata(article, path, len(chunks)), article.text, mean))
        chunk_ids.extend(c.chunk_id for c in chunks)
        texts.extend(c.text for c in chunks)
        metas.extend(_chunk_meta(article, c) for c in chunks)
    ids = [r[0] for r in records]
    try:
        store.add_pending(records)
        store.add_chunks(chunk_ids, vectors, texts, metas)
        store.mark_complete(ids)
    except Exception as exc:
        raise _write_failed(store, ids, exc) from exc
    for article, chunks in batch:
        report.added.append(article.title)
        report.chunks += len(chunks)
        for other in article.duplicate_of:
            report.duplicates.append((article.title, other))
            _store_call(store, "write", _link_back, store, other, article.doc_id)


def _write_failed(store: Store, ids: list[str], exc: Exception) -> StoreError:
    """Take a failed batch out again (its pending records and chunks) and say so."""
    where = f"could not write to the store at {store.location} ({_first_line(exc)})"
    try:
        got = store.get_articles(ids)
        # On a server another client may have completed the same article: leave it.
        store.remove([i for i in ids if i not in got or got[i].meta.get("status") == PENDING])
    except Exception:
        log.debug("could not undo a failed write", exc_info=True)
        return StoreError(
            f"{where}. Articles stored before this one are complete; the half-written "
            "ones will be removed by the next ingest."
        )
    return StoreError(f"{where}. Nothing half-written was kept; run the ingest again to finish.")


def _embed(embedder: Embeddings, texts: list[str]):
    array = getattr(embedder, "embed_array", None)
    return array(texts) if array else embedder.embed_documents(texts)


def _link_back(store: Store, doc_id: str, new_id: str) -> None:
    other = store.get_article(doc_id, with_text=False)
    if other is not None and new_id not in other.duplicates:
        store.set_duplicates(doc_id, other.duplicates + [new_id])


def _load_duplicate_index(store: Store) -> DuplicateIndex:
    """Index the stored articles' signatures, and restore any link a killed run left one-way."""
    index = DuplicateIndex()
    articles = {a.doc_id: a for a in store.list_articles()}
    for article in articles.values():
        sig = article.meta.get("minhash")
        if sig:
            index.add(article.doc_id, decode(str(sig)))
        for other in article.duplicates:
            if other in articles and article.doc_id not in articles[other].duplicates:
                articles[other].meta["duplicate_of"] = ",".join(
                    sorted({*articles[other].duplicates, article.doc_id})
                )
                store.set_duplicates(other, articles[other].duplicates)
    return index
