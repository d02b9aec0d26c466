"""Choosing a briefing's sentences: salience (centrality + topic + lead), MMR, dedup.

Works on `Candidate` sentences that already carry their exact span in the stored
article text, so whatever is chosen can be cited as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

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
    """Weights of the extractive selection (tuned on a dev split, see docs/benchmarks.md)."""

    w_central: float = 1.0
    w_topic: float = 1.0
    w_lead: float = 3.0
    lead_decay: float = 5.0  # sentences; how fast the news-lead prior falls off
    mmr_lambda: float = 0.6
    duplicate_sim: float = 0.9  # cosine above which two sentences say the same thing
    min_words: int = 5
    max_words: int = 80


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
) -> np.ndarray:
    """Salience of each candidate: centrality + topic relevance + news-lead prior, each in [0, 1]."""
    sims = vectors @ vectors.T
    n = len(candidates)
    central = (sims.sum(1) - 1.0) / max(n - 1, 1) if n > 1 else np.ones(n)
    parts = options.w_central * _minmax(central)
    if topic_vec is not None:
        parts = parts + options.w_topic * _minmax(vectors @ topic_vec)
    lead = np.array([np.exp(-c.position / options.lead_decay) for c in candidates])
    parts = parts + options.w_lead * lead
    for cand, value in zip(candidates, parts, strict=True):
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
    sal = _minmax(sal) if len(sal) else sal
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


def not_redundant(index: int, chosen: list[int], sims: np.ndarray, options: SelectOptions) -> bool:
    """True when candidate `index` repeats none of `chosen`."""
    return not chosen or float(sims[index, chosen].max()) < options.duplicate_sim


def themes(
    indices: list[int], sims: np.ndarray, max_groups: int = 4, join_sim: float = 0.45
) -> list[list[int]]:
    """Greedy grouping by similarity to each group's first (most salient) member."""
    groups: list[list[int]] = []
    for i in indices:
        best, best_sim = None, join_sim
        for g in groups:
            sim = float(np.mean(sims[i, g]))
            if sim >= best_sim:
                best, best_sim = g, sim
        if best is None and len(groups) < max_groups:
            groups.append([i])
        elif best is None:
            max(groups, key=lambda g: float(np.mean(sims[i, g]))).append(i)
        else:
            best.append(i)
    big = [g for g in groups if len(g) > 1]
    if big:  # a one-sentence "theme" reads as noise: fold it into the closest real one
        for g in [g for g in groups if len(g) == 1]:
            max(big, key=lambda b: float(np.mean(sims[g[0], b]))).append(g[0])
        groups = big
    return groups


_STOP = set(
    """a about above after again against all also although among an and any are as at be
because been before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how however i if
in into is it its itself just last like made make many may me might more most much must my new no
nor not now of off on once one only or other our ours out over own per said same say says she should
since so some still such than that the their theirs them themselves then there these they this
those through to too told under until up upon us very was we were what when where which while who
whom why will with would year years yet you your day days week monday tuesday wednesday thursday
friday saturday sunday time according also""".split()
)


def heading(members: list[Candidate], everyone: list[Candidate], avoid: str = "") -> str:
    """A short theme label: the words or word pairs this group uses far more than the rest."""
    skip = {w.lower() for w in words(avoid)}
    mine, forms = _terms(members, skip)
    all_, _ = _terms(everyone, skip)
    n = len(everyone)

    def weight(t: str) -> float:
        bonus = 1.2 if " " in t else 1.0  # "Kuala Lumpur" says more than "Kuala"
        return bonus * mine[t] * float(np.log(1 + n / all_[t]))

    ranked = sorted(
        (t for t in mine if mine[t] > 1 or len(members) == 1), key=lambda t: (-weight(t), t)
    )
    chosen: list[str] = []
    for t in ranked:
        if not any(set(t.split()) & set(c.split()) for c in chosen):
            chosen.append(t)
        if len(chosen) == 2:
            break
    if not chosen:
        return "Other details"
    label = " and ".join(forms[t] for t in chosen)
    return label[0].upper() + label[1:]


def _terms(cands: list[Candidate], skip: set[str]) -> tuple[dict[str, int], dict[str, str]]:
    """Sentence counts of content words and adjacent pairs (lower case), with a shown form."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for c in cands:
        tokens = [w.strip("'’-") for w in words(c.text)]
        ok = [
            len(w) > 3 and w.lower() not in _STOP and w.lower() not in skip and not w.isdigit()
            for w in tokens
        ]
        seen: set[str] = set()
        for i, w in enumerate(tokens):
            if not ok[i]:
                continue
            grams = [w] + ([f"{w} {tokens[i + 1]}"] if i + 1 < len(tokens) and ok[i + 1] else [])
            for g in grams:
                key = g.lower()
                if key not in seen:
                    seen.add(key)
                    counts[key] = counts.get(key, 0) + 1
                    shown.setdefault(
                        key,
                        g
                        if g[:1].isupper() and " " in g
                        else (g if g[1:2].isupper() or (g[:1].isupper() and i > 0) else key),
                    )
    return counts, shown


def _minmax(values: np.ndarray) -> np.ndarray:
    if len(values) == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.ones_like(values, dtype=float)
    return (values - low) / (high - low)
