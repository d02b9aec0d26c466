"""Extractive answers: quote the source sentences that answer the question, each with [n].

No model: sentences of the retrieved passages are scored by weighted overlap with the
question's content words and entities (rarer-in-context words count more), with a bonus when
the question asks what X said and X is the speaker. A sentence that leans on the one before
("this agreement", "He said:") is quoted together with it; a bare quote following a speaker
sentence is kept with it. Near-duplicate articles and repeated paragraphs are quoted once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from bot.answering.abstain import (
    RETRY,
    Signals,
    counted_units,
    decide,
    quoted_signals,
)
from bot.answering.declined import absent_outlets_lead, declined
from bot.answering.lines import heading, line_after, line_before
from bot.answering.meaning import closest
from bot.answering.names import leading_name
from bot.models import Answer, Citation, Passage
from bot.question import Question, understand
from bot.question.parse import stem, words

MAX_QUOTES = 3
_SPEECH = frozenset(
    "said says say told tells warned warns stated states added adds noted notes argued argues "
    "wrote writes explained explains urged urges claimed claims insisted insists proposed "
    "proposes announced announces stressed stresses emphasized emphasised acknowledged admitted "
    "believes believed expressed called asked described responded replied commented welcomes "
    "welcomed criticized criticised denied confirmed suggested predicted pointed testified "
    "according statement spokesperson spokesman spokeswoman".split()
)
_TIME_NOUNS = (
    "week|year|month|morning|afternoon|evening|weekend|season|time|summer|winter|"
    "spring|fall|autumn|day|quarter|century"
)
_LEANS_BACK = re.compile(
    r"^(?:He|She|They|It|His|Her|Their|Its|This|That|These|Those|The (?:statement|ministry|"
    r"company|move|deal|agreement|report|plan|decision|group|firm|official|spokesperson|"
    r"spokesman|spokeswoman|minister|president|letter|filing|lawsuit|court|judge))\b"
    rf"|\b(?:this|these|those) (?!{_TIME_NOUNS})[a-z]+|^[\"“]"
)
_QUOTE_START = re.compile(r"^[\"“]")
_WHEN = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|"
    r"may|june|july|august|september|october|november|december|yesterday|today|"
    r"tomorrow|(?:19|20)\d\d|\d{1,2}(?:st|nd|rd|th))\b",
    re.I,
)
_WHERE = re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?[A-Z][a-z]")
_HOW_MANY = re.compile(r"\d")
_CUES = {"when": _WHEN, "where": _WHERE, "number": _HOW_MANY}  # by what the question wants
CUE_BONUS = 0.15  # a sentence with the kind of thing asked for (a date for "when", ...)
_MAX_CONTEXT_CHARS = 400  # longer neighbours are not pulled in as context


@dataclass
class _Unit:
    """A quotable stretch: one main sentence, maybe with the sentence before and a quote after."""

    passage: Passage
    rank: int
    start: int  # absolute span in the article text
    end: int
    text: str
    main: set[str]
    context: set[str]
    keys: list[str]
    speaker: bool = False
    shown: str = ""  # the retrieved passage, widened to hold the whole quote
    score: float = 0.0
    covered: dict[str, float] = field(default_factory=dict)
    bonus: float = 0.0  # the re-ranker's part of `score`
    logit: float | None = None  # the re-ranker's reading of the sentence alone


def answer_extractive(
    question: Question | str,
    passages: list[Passage],
    store=None,
    max_quotes: int = MAX_QUOTES,
    reranker=None,
    embedder=None,
) -> Answer:
    """Quote the sentences of `passages` that answer `question`, or abstain.

    `store` supplies article text around passages (context sentences); `reranker` (a
    cross-encoder) reads the likeliest sentences beside their word overlap. A plain string is
    understood here (library use); the service hands over the `Question` it built.
    """
    return answer_with_signals(question, passages, store, max_quotes, reranker, embedder)[0]


def answer_with_signals(
    question: Question | str,
    passages: list[Passage],
    store=None,
    max_quotes: int = MAX_QUOTES,
    reranker=None,
    embedder=None,
) -> tuple[Answer, Signals]:
    """The answer and the abstention signals behind it (for tuning and benchmarks)."""
    q = question if isinstance(question, Question) else understand(question)
    texts = _article_texts(store, passages)
    units = _units(q, passages, texts)
    if reranker is not None:
        from bot.retrieval.rerank import bonus_of, sentence_logits

        ranked = sorted(units, key=lambda u: -u.score)
        logits = sentence_logits(reranker, q.reading, [u.text for u in ranked])
        for u, logit in zip(ranked, logits, strict=True):
            u.logit, u.bonus = logit, bonus_of(logit)
            u.score += u.bonus
    chosen = _select(q, units, max_quotes + (1 if len(q.outlets) > 1 else 0))
    found = quoted_signals(
        q, passages, chosen, [u.text for u in units if u.start < u.passage.start]
    )
    reason = decide(found)
    if reason in RETRY and embedder is not None:  # no words shared: the same thing said otherwise?
        close = closest(q.reading, units, embedder, reranker)
        if close:
            chosen, found = close, quoted_signals(q, passages, close, [])
            found.meaning = True
            reason = decide(found)
    counted = counted_units(q, units) if reason is not None else []
    if counted:  # the count asked for may be in a sentence that shared fewer words
        chosen_c = _select(q, counted, max_quotes)
        found_c = quoted_signals(q, passages, chosen_c, [])
        found_c.counted = True
        if chosen_c and decide(found_c) is None:
            chosen, found, reason = chosen_c, found_c, None
    if reason is not None or not chosen:
        return declined(q, reason), found
    name = leading_name(q, units) if "name" in q.wants else None
    if name:
        chosen = _with_name(name, chosen, units, max_quotes)
    answer = _compose(q, _cue_first(q, chosen, name), name)
    if q.unknown_outlets:
        # Asked what an outlet the store lacks reported (alone or beside stored ones): the
        # question can't be answered as asked; what the stored outlets say is offered, cited,
        # under a plain note.
        answer.abstained = True
    return answer, found


def _cue_first(q: Question, chosen: list[_Unit], name: str | None) -> list[_Unit]:
    """Who/when/how-many: the quote holding the name, date or number asked for comes first
    (for how many, the one that counts the thing asked about, when one does)."""
    cues = [_CUES[kind] for kind in ("when", "number", "where") if kind in q.wants]
    if name:
        holds = [u for u in chosen if name.lower() in u.text.lower()]
    elif cues:
        holds = [u for u in chosen if any(c.search(u.text) for c in cues)]
        counted = counted_units(q, holds)
        holds = counted + [u for u in holds if u not in counted]
    else:
        return chosen
    return holds[:1] + [u for u in chosen if u not in holds[:1]]


def _article_texts(store, passages: list[Passage]) -> dict[str, str]:
    if store is None:
        return {}
    got = store.get_articles(p.doc_id for p in passages)
    return {doc_id: article.text for doc_id, article in got.items()}


def _units(q: Question, passages: list[Passage], texts: dict[str, str]) -> list[_Unit]:
    """Every quotable unit of every passage, scored against the question."""
    from ingest.chunking import sentence_spans

    units: list[_Unit] = []
    for rank, passage in enumerate(passages):
        text, base = texts.get(passage.doc_id), 0
        if text is None or text[passage.start : passage.end] != passage.text:
            text, base = passage.text, passage.start  # no article text: work inside the passage
        lo, hi = passage.start - base, passage.end - base
        line_start, line_end = line_before(text, lo), line_after(text, hi)
        window = max(line_start, lo - _MAX_CONTEXT_CHARS)
        stop = min(line_end, hi + _MAX_CONTEXT_CHARS)
        spans = [(window + s, window + e) for s, e in sentence_spans(text[window:stop])]
        if spans and window > line_start and spans[0][0] < lo:
            spans = spans[1:]  # cut by the capped window: no use as context
        if spans and stop < line_end and spans[-1][1] > hi:
            spans = spans[:-1]
        sentences = [_Sentence(s, e, words(text[s:e])) for s, e in spans]
        for i, sentence in enumerate(sentences):
            if lo <= sentence.start < hi and not heading(text, sentence.start, sentence.end):
                units.append(_unit(q, passage, rank, text, base, sentences, i))
    _score(q, units)
    return units


class _Sentence:
    """A sentence's span in the text and its words, computed once."""

    __slots__ = ("start", "end", "words", "stems", "key")

    def __init__(self, start: int, end: int, ws: list[str]) -> None:
        self.start, self.end, self.words = start, end, ws
        self.stems = {stem(w) for w in ws}
        self.key = " ".join(ws)


def _unit(
    q: Question,
    passage: Passage,
    rank: int,
    text: str,
    base: int,
    sentences: list[_Sentence],
    i: int,
) -> _Unit:
    main = sentences[i]
    sentence = text[main.start : main.end]
    start, end, context, keys = main.start, main.end, set(), [main.key]
    prev = sentences[i - 1] if i > 0 else None
    if prev and _LEANS_BACK.search(sentence) and prev.end - prev.start <= _MAX_CONTEXT_CHARS:
        start = prev.start
        context = set(prev.stems)
        keys.append(prev.key)
    speaker = _is_speaker(q, main.words) or (
        prev is not None
        and start < main.start
        and _leans_on_speaker(sentence, main.words)
        and _mentions(_required(q), prev.words)
    )
    nxt = sentences[i + 1] if i + 1 < len(sentences) else None
    if (
        speaker
        and nxt
        and _QUOTE_START.match(text[nxt.start : nxt.end])
        and nxt.end - nxt.start <= _MAX_CONTEXT_CHARS
    ):
        end = nxt.end
        context |= nxt.stems
        keys.append(nxt.key)
    shown = text[min(start, passage.start - base) : max(end, passage.end - base)]
    return _Unit(
        passage,
        rank,
        base + start,
        base + end,
        text[start:end],
        main.stems,
        context,
        keys,
        speaker,
        shown,
    )


def _score(q: Question, units: list[_Unit]) -> None:
    """Weighted term coverage (rarer-in-context terms weigh more) plus speaker and rank priors."""
    n = max(1, len(units))
    df = {t: sum(1 for u in units if t in u.main or t in u.context) for t in q.terms}
    weights = {t: w * (1.0 + math.log((n + 1) / (df[t] + 1))) for t, w in q.terms.items()}
    total = sum(weights.values()) or 1.0
    cues = [cue for kind, cue in _CUES.items() if kind in q.wants]
    for u in units:
        u.covered = {
            t: w / total * (1.0 if t in u.main else 0.7)
            for t, w in weights.items()
            if t in u.main or t in u.context
        }
        length = len(u.text)
        u.score = (
            sum(u.covered.values())
            + (0.5 if u.speaker else 0.0)
            + 0.1 / (1 + u.rank)
            - (0.1 if length > 500 else 0.0)
        )
        if q.outlets and any(o in u.passage.source.lower() for o in q.outlets):
            u.score += 0.05
        u.score += sum(CUE_BONUS for cue in cues if cue.search(u.text))


def _select(q: Question, units: list[_Unit], max_quotes: int) -> list[_Unit]:
    """Greedy picks with diminishing returns for terms already quoted; no repeats."""
    chosen: list[_Unit] = []
    seen_keys: set[str] = set()
    seen_docs: set[str] = set()
    seen_terms: set[str] = set()
    pool = [u for u in units if u.covered or u.speaker]
    first = 0.0
    while pool and len(chosen) < max_quotes:

        def gain(u: _Unit) -> float:
            fresh = sum(v if t not in seen_terms else 0.3 * v for t, v in u.covered.items())
            return u.score - sum(u.covered.values()) + fresh

        best = max(pool, key=gain)
        g = gain(best)
        if chosen and g < max((0.4 if best.speaker else 0.5) * first, 0.15):
            break
        pool.remove(best)
        if set(best.keys) & seen_keys or best.passage.doc_id in seen_docs:
            continue
        chosen.append(best)
        first = first or g - best.bonus  # the bar for later quotes: the first one's words
        seen_keys.update(best.keys)
        seen_docs.update(best.passage.duplicates)
        seen_terms.update(best.covered)
    return chosen


def _with_name(name: str, chosen: list[_Unit], units: list[_Unit], limit: int) -> list[_Unit]:
    """`chosen`, making sure one quote contains `name` (the lead line's claim must be cited)."""
    needle = name.lower()
    if any(needle in u.text.lower() for u in chosen):
        return chosen
    keys = {k for u in chosen for k in u.keys}
    docs = {d for u in chosen for d in u.passage.duplicates}
    holders = [
        u
        for u in units
        if needle in u.text.lower() and not set(u.keys) & keys and u.passage.doc_id not in docs
    ]
    if not holders:
        return chosen
    best = max(holders, key=lambda u: u.score)
    return (chosen if len(chosen) < limit else chosen[:-1]) + [best]


def _compose(q: Question, chosen: list[_Unit], name: str | None = None) -> Answer:
    """A lead line, then each quote with its outlet/date and [n]; one citation per quote."""
    citations, lines = [], []
    for n, u in enumerate(chosen, start=1):
        p = u.passage
        citations.append(
            Citation(
                n=n,
                quote=u.text,
                passage=u.shown,
                doc_id=p.doc_id,
                title=p.title,
                source=p.source,
                url=p.url,
                published_at=p.published_at,
                start=u.start,
                end=u.end,
                score=p.score,
            )
        )
        where = ", ".join(x for x in (p.source, p.published_at[:10]) if x)
        lines.append(f"\u201c{_flat(u.text)}\u201d" + (f" ({where})" if where else "") + f" [{n}]")
    if name and any(name.lower() in u.text.lower() for u in chosen):
        lead = f"The articles point to {name}:"
    elif q.asks_speaker and any(u.speaker for u in chosen):
        lead = f"What the articles quote {q.speaker_name} as saying:"
    elif "yes_no" in q.wants:
        lead = "The sources say, in their own words:"
    else:
        lead = "From the articles in the store:"
    lead = absent_outlets_lead(q, lead)
    body = "\n".join(f"- {line}" for line in lines)
    return Answer(q.original, f"{lead}\n{body}", False, "extractive", citations)


def _is_speaker(q: Question, ws: list[str]) -> bool:
    """Whether someone named in the question is the one speaking in a sentence (its words)."""
    if not q.speaker:
        return False
    names = [i for i, w in enumerate(ws) if any(w.startswith(t) for t in _required(q))]
    verbs = [i for i, w in enumerate(ws) if w in _SPEECH]
    return any(0 < v - x <= 12 or 0 < x - v <= 5 for x in names for v in verbs)


def _required(q: Question) -> list[str]:
    """The speaker words that must appear: its capitalised ones if it has any."""
    entity = {stem(w) for e in q.entities for w in words(e)}
    named = [t for t in q.speaker if t in entity and len(t) >= 3]
    return named or [t for t in q.speaker if len(t) >= 3]


def _leans_on_speaker(sentence: str, ws: list[str]) -> bool:
    head = ws[:6]
    return bool(_QUOTE_START.match(sentence)) or (
        bool(head) and head[0] in {"he", "she", "they", "the", "it"} and bool(_SPEECH & set(head))
    )


def _mentions(names: list[str], ws: list[str]) -> bool:
    return bool(names) and any(w.startswith(t) for t in names for w in ws)


def _flat(text: str) -> str:
    return " ".join(text.split())
