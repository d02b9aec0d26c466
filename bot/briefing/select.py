"""Choosing a briefing's sentences: salience from the content, MMR for novelty, dedup.

Salience adds up, each feature scaled to [0, 1]: centrality (how much of the material a
sentence shares), relevance to the topic, named actors, numbers, dates, and a mild
news-lead prior that cannot outweigh the content (tuned on a dev split, docs/benchmarks.md).
Works on `Candidate` sentences that already carry their exact span in the stored article
text, so whatever is chosen can be cited as is.
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
    """Weights of the extractive selection (tuned on 100 dev articles, see docs/benchmarks.md)."""

    w_central: float = 1.0
    w_topic: float = 1.0
    w_lead: float = 1.0  # a prior no heavier than centrality (the tuning grid's bound)
    lead_decay: float = 5.0  # sentences; how fast the news-lead prior falls off
    w_actor: float = 0.0  # named people, places and organisations (0: tuned)
    w_number: float = 0.25
    w_date: float = 0.25
    w_quote: float = 0.5  # penalty: a quotation is a position, not a development
    w_said: float = 0.0  # bottom line penalty: reported speech (the positions carry it)
    mmr_lambda: float = 0.6
    duplicate_sim: float = 0.9  # cosine above which two sentences say the same thing
    novelty_sim: float = 0.75  # the bottom line: no sentence this close to one already in it
    min_words: int = 5
    max_words: int = 80
    bottom_words: int | None = None  # the bottom line's word budget (None: from max_words)


FEATURES = ("central", "topic", "lead", "actor", "number", "date", "quote")
_NAME = re.compile(r"(?<![.!?\"“]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_NUMBER = re.compile(
    r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"hundred|thousand|million|billion|dozens?)\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|yesterday|today|"
    r"tomorrow|(?:19|20)\d\d)\b"
)
_QUOTE_MARK = re.compile(r"[\"“”]")


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


def features(
    candidates: list[Candidate], vectors: np.ndarray, topic_vec: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """(sentence similarities, one row per candidate of FEATURES scaled to [0, 1])."""
    sims = vectors @ vectors.T
    n = len(candidates)
    central = (sims.sum(1) - 1.0) / max(n - 1, 1) if n > 1 else np.ones(n)
    topic = vectors @ topic_vec if topic_vec is not None else np.zeros(n)
    lead = np.array([np.exp(-c.position / 5.0) for c in candidates])
    actor = np.array([len(set(_NAME.findall(c.text))) for c in candidates], dtype=float)
    number = np.array([min(len(_NUMBER.findall(c.text)), 3) for c in candidates], dtype=float)
    date = np.array([bool(_DATE.search(c.text)) for c in candidates], dtype=float)
    quote = np.array([len(_QUOTE_MARK.findall(c.text)) >= 2 for c in candidates], dtype=float)
    table = np.stack(
        [_minmax(central), _minmax(topic), lead, np.minimum(actor, 4) / 4, number / 3, date, quote],
        axis=1,
    )
    return sims, table


def weights(options: SelectOptions) -> np.ndarray:
    return np.array(
        [
            options.w_central,
            options.w_topic,
            options.w_lead,
            options.w_actor,
            options.w_number,
            options.w_date,
            -options.w_quote,
        ]
    )


def score(
    candidates: list[Candidate],
    vectors: np.ndarray,
    topic_vec: np.ndarray | None,
    options: SelectOptions,
) -> np.ndarray:
    """Set each candidate's salience (the weighted features); returns sentence similarities."""
    sims, table = features(candidates, vectors, topic_vec)
    if options.lead_decay != 5.0:
        table[:, 2] = [np.exp(-c.position / options.lead_decay) for c in candidates]
    for cand, value in zip(candidates, table @ weights(options), strict=True):
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
    sal = _minmax(sal)
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


def _minmax(values: np.ndarray) -> np.ndarray:
    if len(values) == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.ones_like(values, dtype=float)
    return (values - low) / (high - low)
