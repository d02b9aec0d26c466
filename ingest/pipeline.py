"""Ingest files into the store: load, clean, deduplicate, chunk, embed, write."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings

from ingest.chunking import chunk_article, content_hash, sentence_spans
from ingest.clean import clean_text
from ingest.dates import date_to_timestamp
from ingest.dedup import DuplicateIndex, decode, encode, signature
from ingest.errors import FileRejected
from ingest.loaders import iter_files, load_file
from ingest.models import Article, Chunk, RawArticle
from ingest.store import Store, encode_json

Progress = Callable[[str, int], None]  # (event, amount): "files", "file", "chunks", "embedded"


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
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (new title, old title)
    recovered: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0


@dataclass
class IngestOptions:
    """Settings of one ingest run."""

    chunk_size: int = 600
    chunk_overlap: int = 100
    max_bytes: int = 50_000_000
    batch_chunks: int = 256  # chunks embedded and written per step


def ingest_paths(store: Store, embedder: Embeddings, paths: list[Path],
                 options: IngestOptions | None = None, progress: Progress | None = None) -> IngestReport:
    """Ingest every supported file under `paths`; failures are reported, not raised."""
    options = options or IngestOptions()
    report = IngestReport()
    started = time.perf_counter()
    notify = progress or (lambda event, amount: None)
    report.recovered = len(store.recover())
    files = list(iter_files(paths))
    notify("files", len(files))
    dup_index = _load_duplicate_index(store)
    batch: list[tuple[Article, list[Chunk]]] = []
    for path, problem in files:
        notify("file", 1)
        if problem is not None:
            report.failures.append(problem)
            continue
        report.files += 1
        try:
            raws = load_file(path, options.max_bytes)
        except FileRejected as exc:
            report.failures.append(exc)
            continue
        file_key = str(path.resolve())
        existing = {a.doc_id: a for a in store.articles_at(file_key)}
        keep: set[str] = set()
        for raw in raws:
            article = _prepare(raw, file_key)
            if article is None:
                report.failures.append(FileRejected(raw.origin, "no text left after cleaning"))
                continue
            keep.add(article.doc_id)
            if article.doc_id in existing:
                report.unchanged += 1
                continue
            report.removed.update(article.removed)
            sig = signature(article.text)
            article.duplicate_of = dup_index.matches(sig)
            dup_index.add(article.doc_id, sig)
            article.minhash = encode(sig)
            chunks = chunk_article(article.doc_id, article.text, options.chunk_size,
                                   options.chunk_overlap, spans=sentence_spans(article.text))
            article.pages = raw.pages
            batch.append((article, chunks))
            if sum(len(c) for _, c in batch) >= options.batch_chunks:
                _write(store, embedder, batch, report, notify)
                batch = []
        stale = [d for d in existing if d not in keep]
        if stale:
            if batch:
                _write(store, embedder, batch, report, notify)
                batch = []
            report.replaced.extend(existing[d].title for d in stale)
            for d in stale:
                dup_index.remove(d)
            store.remove(stale)
    if batch:
        _write(store, embedder, batch, report, notify)
    report.seconds = time.perf_counter() - started
    return report


def _prepare(raw: RawArticle, file_key: str) -> Article | None:
    text, removed = clean_text(raw.text)
    if not text.strip():
        return None
    origin = file_key + raw.origin[len(raw.origin.split("#")[0]):]  # keep "#n" for JSON items
    digest = content_hash(text, raw.title, raw.source, raw.url, raw.published_at)
    return Article(
        doc_id=content_hash(origin, digest), origin=origin, text=text,
        title=raw.title or lead_phrase(text), source=raw.source, url=raw.url, author=raw.author,
        published_at=raw.published_at, place=raw.place, day=raw.day, category=raw.category,
        content_hash=digest, removed=dict(removed),
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
        "doc_id": article.doc_id, "origin": article.origin, "path": path,
        "title": article.title, "source": article.source, "url": article.url,
        "author": article.author, "published_at": article.published_at,
        "published_ts": date_to_timestamp(article.published_at), "place": article.place,
        "day": article.day, "category": article.category, "content_hash": article.content_hash,
        "chars": len(article.text), "n_chunks": n_chunks,
        "removed": encode_json(article.removed),
        "pages": encode_json(article.pages), "duplicate_of": ",".join(article.duplicate_of),
        "minhash": article.minhash,
    }


def _chunk_meta(article: Article, chunk: Chunk) -> dict:
    return {
        "doc_id": chunk.doc_id, "index": chunk.index, "start": chunk.start, "end": chunk.end,
        "title": article.title, "source": article.source,
        "published_ts": date_to_timestamp(article.published_at),
    }


def _write(store: Store, embedder: Embeddings, batch: list[tuple[Article, list[Chunk]]],
           report: IngestReport, notify: Progress) -> None:
    """Embed and store a batch of articles: pending record, chunks, then complete."""
    texts = [c.text for _, chunks in batch for c in chunks]
    heads = [f"{a.title}\n{a.text[:300]}" for a, _ in batch]
    notify("chunks", len(texts))
    t0 = time.perf_counter()
    vectors = _embed(embedder, texts + heads)
    report.embed_seconds += time.perf_counter() - t0
    notify("embedded", len(texts))
    chunk_vectors, head_vectors = vectors[: len(texts)], vectors[len(texts):]
    records = []
    for (article, chunks), head in zip(batch, head_vectors, strict=True):
        path = article.origin.split("#")[0]
        records.append((article.doc_id, _metadata(article, path, len(chunks)), article.text, head))
    store.add_pending(records)
    store.add_chunks(
        [c.chunk_id for _, chunks in batch for c in chunks], chunk_vectors, texts,
        [_chunk_meta(a, c) for a, chunks in batch for c in chunks],
    )
    store.mark_complete([(r[0], r[1]) for r in records])
    for article, chunks in batch:
        report.added.append(article.title)
        report.chunks += len(chunks)
        for other in article.duplicate_of:
            report.duplicates.append((article.title, other))
            _link_back(store, other, article.doc_id)


def _embed(embedder: Embeddings, texts: list[str]):
    array = getattr(embedder, "embed_array", None)
    return array(texts) if array else embedder.embed_documents(texts)


def _link_back(store: Store, doc_id: str, new_id: str) -> None:
    other = store.get_article(doc_id, with_text=False)
    if other is not None and new_id not in other.duplicates:
        store.set_duplicates(doc_id, other.meta, other.duplicates + [new_id])


def _load_duplicate_index(store: Store) -> DuplicateIndex:
    index = DuplicateIndex()
    for article in store.list_articles():
        sig = article.meta.get("minhash")
        if sig:
            index.add(article.doc_id, decode(str(sig)))
    return index
