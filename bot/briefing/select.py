"""Choosing a briefing's sentences: salience from the content, MMR for novelty, dedup.

Salience is a small logistic model over general features of each sentence (position,
centrality, headline or topic, length, actors, numbers, dates, quotes: bot/briefing/
salience.py), fitted on a dev split (docs/benchmarks.md).
Works on `Candidate` sentences that already carry their exact span in the stored article
text, so whatever is chosen can be cited as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from bot.briefing.salience import STOP as _STOP  # noqa: F401  (material reads it here)
from bot.briefing.salience import minmax

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_NORM = re.compile(r"[^a-z0-9]+")


@dataclass
class Candidate:
    """One sentence of one article: `article_text[start:end] == text`."""

    doc_id: str
    start: int
    end: int
    text: str
    position: int  # sentence index in its article
    passage: str  # the paragraph or chunk around it (shown with the citation)
    ts: int = 0  # article publication time, epoch seconds (0 when unknown)
    meta: dict = field(default_factory=dict)  # the article's stored metadata
    salience: float = 0.0
    speaker: str = ""
    role: str = ""

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class SelectOptions:
    """How sentences are chosen. Salience: the model in salience.json (fitted on 100 dev
    articles, docs/benchmarks.md) unless `salience` gives (weights, bias) in FEATURES order."""

    salience: tuple | None = None
    w_said: float = 0.0  # bottom line penalty: reported speech (the positions carry it)
    mmr_lambda: float = 0.85
    duplicate_sim: float = 0.9  # cosine above which two sentences say the same thing
    novelty_sim: float = 0.75  # the bottom line: no sentence this close to one already in it
    min_words: int = 5
    max_words: int = 80
    bottom_words: int | None = None  # the bottom line's word budget (None: from max_words)


def norm_key(text: str) -> str:
    """A key under which re-published copies of the same sentence collide."""
    return _NORM.sub(" ", text.lower()).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def usable(candidates: list[Candidate], options: SelectOptions) -> list[Candidate]:
    """Drop fragments, over-long run-ons and verbatim repeats (first copy wins)."""
    seen: set[str] = set()
    out = []
    for cand in candidates:
        n = cand.words
        key = norm_key(cand.text)
        if n < options.min_words or n > options.max_words or key in seen:
            continue
        seen.add(key)
        out.append(cand)
    return out


def score(
    candidates: list[Candidate],
    vectors: np.ndarray,
    topic_vec: np.ndarray | None,
    options: SelectOptions,
    heads: tuple | None = None,
) -> np.ndarray:
    """Set each candidate's salience (the model's log-odds that the sentence belongs in a
    summary); returns sentence similarities. heads: salience.headlines(...) (default: the
    topic vector, when given)."""
    from bot.briefing.salience import model, table

    sims = vectors @ vectors.T
    head_vecs, head_words = heads if heads is not None else (None, None)
    if head_vecs is None and topic_vec is not None:
        head_vecs = np.tile(topic_vec, (len(candidates), 1))
    weights, bias = options.salience or model()
    rows = table(candidates, vectors, sims, head_vecs, head_words)
    for cand, value in zip(candidates, rows @ np.asarray(weights) + bias, strict=True):
        cand.salience = float(value)
    return sims


def mmr(
    candidates: list[Candidate],
    sims: np.ndarray,
    budget_words: int,
    options: SelectOptions,
    min_count: int = 0,
) -> list[int]:
    """Indices picked by maximal marginal relevance until the word budget is spent."""
    sal = np.array([c.salience for c in candidates])
    sal = minmax(sal) if len(sal) else sal
    alive = np.ones(len(candidates), dtype=bool)
    picked: list[int] = []
    used = 0
    while alive.any():
        redundancy = sims[:, picked].max(1) if picked else np.zeros(len(candidates))
        value = options.mmr_lambda * sal - (1 - options.mmr_lambda) * redundancy
        value[~alive] = -np.inf
        best = int(np.argmax(value))
        alive[best] = False
        if picked and redundancy[best] >= options.duplicate_sim:
            continue  # says what an earlier pick already says
        if used + candidates[best].words > budget_words and len(picked) >= min_count:
            if used >= budget_words * 0.8:
                break
            continue  # too long for what is left; a shorter one may fit
        picked.append(best)
        used += candidates[best].words
    return picked


def bottom_picks(
    candidates: list[Candidate],
    sims: np.ndarray,
    allowed: list[int],
    budget_words: int,
    options: SelectOptions,
    most: int = 3,
    said: np.ndarray | None = None,
) -> list[int]:
    """At most `most` of the `allowed` candidates, by salience less redundancy (MMR), none
    too close to another, within `budget_words` (the first pick always fits). `said`: the
    share of each candidate that is attributed speech, weighed by `w_said`."""
    if not allowed:
        return []
    sal = np.array([candidates[i].salience for i in allowed])
    if said is not None:
        sal = sal - options.w_said * said[allowed]
    sal = minmax(sal)
    picked: list[int] = []
    used = 0
    alive = np.ones(len(allowed), dtype=bool)
    while alive.any() and len(picked) < most:
        sub = sims[np.ix_(allowed, picked)].max(1) if picked else np.zeros(len(allowed))
        value = options.mmr_lambda * sal - (1 - options.mmr_lambda) * sub
        value[~alive] = -np.inf
        k = int(np.argmax(value))
        alive[k] = False
        i = allowed[k]
        if picked and (sub[k] >= options.novelty_sim or used + candidates[i].words > budget_words):
            continue
        picked.append(i)
        used += candidates[i].words
    return picked


def not_redundant(index: int, chosen: list[int], sims: np.ndarray, options: SelectOptions) -> bool:
    """True when candidate `index` repeats none of `chosen`."""
    return not chosen or float(sims[index, chosen].max()) < options.duplicate_sim
