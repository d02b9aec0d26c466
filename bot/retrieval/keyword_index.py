"""The BM25 keyword index over the store's chunks, persisted beside it and kept in step.

The store bumps a `generation` counter on every change; the index records the generation
it was built from and is rebuilt (once, not per query) only when the two differ.
Embedded store: `<store>/bm25/<collection>/`; Chroma server: a per-user cache folder
keyed by URL and collection.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.store import Store

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
FORMAT = 2  # bump when the saved layout or the tokenizer changes


def tokenize(text: str) -> list[str]:
    """Lower-cased words of two or more characters, English stopwords removed."""
    from bm25s.stopwords import STOPWORDS_EN

    stop = _stopwords(STOPWORDS_EN)
    return [w for w in _TOKEN.findall(text.lower()) if w not in stop]


_STOP: frozenset[str] | None = None


def _stopwords(words) -> frozenset[str]:
    global _STOP
    if _STOP is None:
        _STOP = frozenset(words)
    return _STOP


def index_folder(store: Store) -> Path:
    """Where the keyword index of `store` lives."""
    if store.path is not None and not store.url:
        return store.path / "bm25" / store.collection_prefix
    from platformdirs import user_cache_dir

    key = hashlib.sha256(f"{store.url}\x00{store.collection_prefix}".encode()).hexdigest()[:16]
    return Path(user_cache_dir("briefbot")) / "bm25" / key


@dataclass
class ChunkTable:
    """Per-chunk columns the retriever filters and groups on (row i = BM25 document i)."""

    ids: list[str]
    doc_ids: list[str]
    doc_of: np.ndarray  # int32 index into doc_ids per chunk
    start: np.ndarray
    end: np.ndarray
    published_ts: np.ndarray  # per chunk, int64
    sources: list[str]
    source_of: np.ndarray  # int32 index into sources per chunk

    def __len__(self) -> int:
        return len(self.ids)


class KeywordIndex:
    """BM25 (bm25s) over chunk text with the article title, plus the chunk table."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.folder = index_folder(store)
        self.generation = -1
        self.model = None
        self.table: ChunkTable | None = None
        self.row_of: dict[str, int] = {}
        self._df: np.ndarray | None = None  # documents holding each word (for idf)
        self.rebuilds = 0  # how many times this object rebuilt (tests and benchmarks read it)

    def ensure_current(self) -> bool:
        """Load or rebuild so the index matches the store; True when it changed."""
        generation = self.store.generation
        if generation == self.generation and self.table is not None:
            return False
        if not self._load(generation):
            self._build(generation)
        return True

    # -- query -------------------------------------------------------------------
    def scores(self, terms: list[str]) -> np.ndarray | None:
        """BM25 score of every chunk for a question's `tokenize`d words (None when none is indexed)."""
        assert self.model is not None and self.table is not None
        if not len(self.table):
            return None
        ids = self.model.get_tokens_ids(terms)
        if not ids:
            return None
        return np.asarray(self.model.get_scores_from_ids(ids), dtype=np.float32)

    def idf(self, words: set[str]) -> dict[str, float]:
        """BM25 inverse document frequency of each indexed word (rare words weigh more)."""
        vocab, df = self._vocab_df()
        n = len(self.table or [])
        out = {}
        for w in words:
            if w in vocab:
                d = float(df[vocab[w]])
                out[w] = float(np.log(1.0 + (n - d + 0.5) / (d + 0.5)))
        return out

    def _vocab_df(self) -> tuple[dict, np.ndarray]:
        """The index's word -> id map and the number of passages using each id."""
        assert self.model is not None and self.table is not None
        vocab = getattr(self.model, "vocab_dict", None) or {}
        if not vocab or not len(self.table):
            return {}, np.zeros(0)
        if self._df is None:
            self._df = np.diff(np.asarray(self.model.scores["indptr"]))
        return vocab, self._df

    def frequencies(self) -> dict[str, float]:
        """Every indexed word with the number of passages using it (for mending misspellings)."""
        vocab, df = self._vocab_df()
        return {w: float(df[i]) for w, i in vocab.items() if isinstance(w, str) and w}

    # -- persistence ---------------------------------------------------------------
    def _load(self, generation: int) -> bool:
        meta_path = self.folder / "meta.json"
        try:
            meta = json.loads(meta_path.read_text())
            if meta.get("generation") != generation or meta.get("format") != FORMAT:
                return False
            import bm25s

            names = json.loads((self.folder / "names.json").read_text())
            model = (
                bm25s.BM25.load(str(self.folder / "model"), show_progress=False)
                if names["ids"]
                else bm25s.BM25()
            )
            cols = np.load(self.folder / "table.npz")
        except (OSError, ValueError, KeyError):
            return False
        self.model = model
        self.table = ChunkTable(
            ids=names["ids"],
            doc_ids=names["doc_ids"],
            doc_of=cols["doc_of"],
            start=cols["start"],
            end=cols["end"],
            published_ts=cols["published_ts"],
            sources=names["sources"],
            source_of=cols["source_of"],
        )
        self._finish(generation)
        return True

    def _build(self, generation: int) -> None:
        import bm25s

        ids: list[str] = []
        doc_ids: dict[str, int] = {}
        sources: dict[str, int] = {}
        rows: list[tuple[int, ...]] = []
        corpus: list[list[str]] = []
        for cid, meta, text in self.store.all_chunks():
            ids.append(cid)
            doc = doc_ids.setdefault(str(meta.get("doc_id", "")), len(doc_ids))
            src = sources.setdefault(str(meta.get("source", "")), len(sources))
            rows.append(
                (
                    doc,
                    int(meta.get("start", 0)),
                    int(meta.get("end", 0)),
                    int(meta.get("published_ts", 0) or 0),
                    src,
                )
            )
            corpus.append(tokenize(f"{meta.get('title', '')}\n{text}") or ["\x00"])
        cols = np.array(rows, dtype=np.int64).reshape(-1, 5)
        table = ChunkTable(
            ids=ids,
            doc_ids=list(doc_ids),
            doc_of=cols[:, 0].astype(np.int32),
            start=cols[:, 1],
            end=cols[:, 2],
            published_ts=cols[:, 3],
            sources=list(sources),
            source_of=cols[:, 4].astype(np.int32),
        )
        model = bm25s.BM25()
        if corpus:
            model.index(corpus, show_progress=False)
        self.model, self.table = model, table
        self.rebuilds += 1
        self._save(generation)
        self._finish(generation)

    def _save(self, generation: int) -> None:
        """Write to a temp folder then swap, so a reader never sees half an index."""
        assert self.table is not None and self.model is not None
        tmp = self.folder.with_name(self.folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        t = self.table
        if len(t):
            self.model.save(str(tmp / "model"), show_progress=False)
        np.savez(
            tmp / "table.npz",
            doc_of=t.doc_of,
            start=t.start,
            end=t.end,
            published_ts=t.published_ts,
            source_of=t.source_of,
        )
        (tmp / "names.json").write_text(
            json.dumps({"ids": t.ids, "doc_ids": t.doc_ids, "sources": t.sources})
        )
        (tmp / "meta.json").write_text(json.dumps({"generation": generation, "format": FORMAT}))
        shutil.rmtree(self.folder, ignore_errors=True)
        tmp.rename(self.folder)

    def _finish(self, generation: int) -> None:
        assert self.table is not None
        self.generation = generation
        self._df = None
        self.row_of = {cid: i for i, cid in enumerate(self.table.ids)}
