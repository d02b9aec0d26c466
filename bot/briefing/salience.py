"""How important a sentence is: a small logistic model over general features of the sentence.

Features, each in [0, 1]: where it stands in its article (news puts the gist early, so
position is one feature among the others), centrality (embedding similarity to the rest of
the material, LexRank over those similarities, and how common its content words are),
similarity to the headline (the topic asked for, else the article's title, else the headline
words of its link), length, named actors, numbers, dates, quotation marks and reported
speech, and whether it opens with a word pointing back to what came before ("He", "This",
"But") or with a quotation. The weights are fitted by `python -m bench.brief_salience` on
100 dev articles of frank-cnndm only (each sentence labelled by a greedy ROUGE oracle
against the reference summary) and kept in salience.json.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

FEATURES = (
    "lead",  # exp(-position / 3): the news-lead prior
    "first",  # the article's first sentence
    "relpos",  # position / sentences in the article
    "central",  # mean embedding similarity to the other sentences (min-max scaled)
    "lexical",  # mean share of the material's sentences holding its content words (scaled)
    "headline",  # embedding similarity to the topic or headline (scaled)
    "headwords",  # share of the headline's content words it contains
    "length",  # words / 40, at most 1
    "actor",  # capitalised names, at most 4, / 4
    "number",  # numbers, at most 3, / 3
    "date",  # a weekday, month, year or relative day
    "quote",  # a quotation (two quote marks)
    "said",  # reported speech (said, told, according to)
    "pagerank",  # LexRank: PageRank over the sentences' embedding similarities (scaled)
    "opener",  # opens with a word pointing back ("He", "This", "But"): needs what came before
    "quote_start",  # opens with a quotation mark
)
MODEL = Path(__file__).with_name("salience.json")
STOP = set(
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
_OPEN_SINGLE = re.compile(r"(?:^|\s)‘")
_OPENER = re.compile(
    r"^[\"“‘']?(?:He|She|It|They|This|That|These|Those|His|Her|Its|Their|But|And|However|Also|"
    r"Meanwhile)\b"
)
_SAID = re.compile(r"\b(?:said|says|told|according to)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z0-9]+")
_SLUG_SPLIT = re.compile(r"[-_+]+")
_PAGE = re.compile(r"\.(?:s?html?|php|aspx?)$")


@lru_cache(maxsize=1)
def model() -> tuple[np.ndarray, float]:
    """(weights in FEATURES order, bias) from salience.json."""
    data = json.loads(MODEL.read_text())
    missing = [f for f in FEATURES if f not in data["weights"]]
    if missing:
        raise ValueError(f"{MODEL}: no weight for feature(s) {', '.join(missing)}")
    return np.array([data["weights"][f] for f in FEATURES]), float(data["bias"])


def headline(meta: dict, text: str = "") -> str:
    """The article's headline: its stored title, else the words of its link's last part
    ('.../gary-locke-named-manager.html' -> 'gary locke named manager'), else ''. A title
    that is only the start of the article's own text (what ingest stores when an article
    has none) is no headline: it would just repeat the first sentence."""
    title = str(meta.get("title", "") or "").strip()
    if title and not lead_of(title, text):
        return title
    parts = [p for p in str(meta.get("url", "") or "").split("?")[0].split("/") if p]
    for part in reversed(parts):
        part = _PAGE.sub("", part)
        pieces = [p for p in _SLUG_SPLIT.split(part) if p]
        if len(pieces) >= 3 and sum(p.isalpha() for p in pieces) >= 3:
            return " ".join(pieces)
    return ""


def lead_of(title: str, text: str) -> bool:
    """True when `title` is the opening words of `text` (cut short with '…' or not)."""
    head = title.rstrip("…").rstrip(" ,;:.")
    return bool(head) and " ".join(text.split()).startswith(" ".join(head.split()))


def headlines(
    candidates, embedder, topic: str | None, topic_vec, texts: dict[str, str] | None = None
) -> tuple:
    """(one headline vector per candidate, one set of headline words per candidate): the
    topic asked for, else each article's own headline; (None, None) when there is none.
    texts: doc_id -> article text (a title that merely opens the text is not a headline)."""
    if topic:
        words = content_tokens(topic)
        return np.tile(topic_vec, (len(candidates), 1)), [words] * len(candidates)
    texts = texts or {}
    heads = {c.doc_id: headline(c.meta, texts.get(c.doc_id, "")) for c in candidates}
    known = [d for d, h in heads.items() if h]
    if not known:
        return None, None
    got = np.asarray(embedder.embed_documents([heads[d] for d in known]), dtype=np.float32)
    got /= np.clip(np.linalg.norm(got, axis=1, keepdims=True), 1e-12, None)
    by_doc = dict(zip(known, got, strict=True))
    zero = np.zeros(got.shape[1], dtype=np.float32)
    vecs = np.stack([by_doc.get(c.doc_id, zero) for c in candidates])
    return vecs, [content_tokens(heads[c.doc_id]) for c in candidates]


def content_tokens(text: str) -> set[str]:
    return {t[:6] for t in _TOKEN.findall(text.lower()) if len(t) > 2 and t not in STOP}


def table(
    candidates,
    vectors: np.ndarray,
    sims: np.ndarray,
    head_vecs: np.ndarray | None,
    head_words: list[set[str]] | None,
) -> np.ndarray:
    """One row of FEATURES per candidate. head_vecs / head_words: the headline (vector, content
    words) each candidate is measured against, one row per candidate (None: no headline)."""
    n = len(candidates)
    central = (sims.sum(1) - 1.0) / max(n - 1, 1) if n > 1 else np.ones(n)
    tokens = [content_tokens(c.text) for c in candidates]
    df: dict[str, int] = {}
    for ts in tokens:
        for t in ts:
            df[t] = df.get(t, 0) + 1
    lexical = np.array([np.mean([df[t] for t in ts]) / n if ts else 0.0 for ts in tokens])
    last: dict[str, int] = {}
    for c in candidates:
        last[c.doc_id] = max(last.get(c.doc_id, 0), c.position)
    head = np.einsum("ij,ij->i", vectors, head_vecs) if head_vecs is not None else np.zeros(n)
    rows = []
    for k, c in enumerate(candidates):
        hw = head_words[k] if head_words else set()
        rows.append(
            [
                np.exp(-c.position / 3.0),
                float(c.position == 0),
                c.position / max(last[c.doc_id], 1),
                0.0,
                0.0,
                0.0,
                len(tokens[k] & hw) / len(hw) if hw else 0.0,
                min(c.words, 40) / 40,
                min(len(set(_NAME.findall(c.text))), 4) / 4,
                min(len(_NUMBER.findall(c.text)), 3) / 3,
                float(bool(_DATE.search(c.text))),
                float(len(_QUOTE_MARK.findall(c.text)) >= 2 or bool(_OPEN_SINGLE.search(c.text))),
                float(bool(_SAID.search(c.text))),
                0.0,
                float(bool(_OPENER.match(c.text))),
                float(c.text.lstrip()[:1] in "\"“‘'"),
            ]
        )
    out = np.array(rows, dtype=float).reshape(n, len(FEATURES))
    out[:, 3], out[:, 4], out[:, 5] = minmax(central), minmax(lexical), minmax(head)
    if head_vecs is None:
        out[:, 5] = 0.0
    out[:, 13] = minmax(lexrank(sims))
    return out


def lexrank(sims: np.ndarray, damping: float = 0.85, rounds: int = 30) -> np.ndarray:
    """PageRank over the sentence graph weighted by (non-negative) embedding similarity."""
    n = len(sims)
    if n == 0:
        return np.zeros(0)
    weights = np.clip(sims, 0.0, None).astype(float)
    np.fill_diagonal(weights, 0.0)
    step = weights / np.clip(weights.sum(1, keepdims=True), 1e-9, None)
    rank = np.full(n, 1.0 / n)
    for _ in range(rounds):
        rank = (1 - damping) / n + damping * step.T @ rank
    return rank


def minmax(values: np.ndarray) -> np.ndarray:
    """`values` scaled to 0..1 (all ones when they are all equal)."""
    if len(values) == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.ones_like(values, dtype=float)
    return (values - low) / (high - low)
