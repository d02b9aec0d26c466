"""The sentences that say what a thing is, for "explain the smartfarm" or "tell me about the
KL peace agreement": a summary about a named thing leads with where the articles introduce it.

A sentence is about the thing when it holds every content word of the request's topic (an
abbreviation may stand for its words: "kl" for "Kuala Lumpur"). Among those, sentences that
introduce or define it come first: "a device called the SmartFarm", "quantum dots are ...",
"the accord, a ...". A sentence that introduces a name and is followed by one that goes on
about it ("... called the SmartFarm. This tiny greenhouse ...") is quoted with that sentence.
Plain English patterns, no list of topics or outlets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.question.intent import ABBREVIATIONS
from bot.question.parse import STOPWORDS, stem, words

# Words that name the request's form, not its subject ("the accord article", "the KL issue").
_FORM = frozenset(
    "article briefing brief note issue issues thing things stuff situation matter deal story "
    "whole basics background overview summary please works".split()
)
_NAMING = frozenset("called named dubbed termed nicknamed".split())
_COPULA = frozenset("is are was were means refers".split())
_GOES_ON = re.compile(r"^(?:this|these|it|they|the\s+\w+|such)\b", re.I)
MAX_SENTENCES = 2
_EVENTS = re.compile(r"^\s*(?:what|who|when|where|why|how|which|whether)\b", re.I)


@dataclass
class Defining:
    doc_id: str
    start: int
    end: int
    score: float


def topic_groups(topic: str) -> list[set[str]]:
    """Each content word of `topic` as the stems that may stand for it."""
    groups = []
    for w in words(topic):
        if w in STOPWORDS or w in _FORM or len(w) < 2:
            continue
        group = {stem(w)}
        if w in ABBREVIATIONS:
            group.add(" ".join(stem(x) for x in ABBREVIATIONS[w].split()))
        groups.append(group)
    return groups


def covers(group: set[str], stems: list[str], text: str) -> bool:
    joined = f" {' '.join(stems)} "
    return any((f" {g} " in joined) for g in group) or any(g in text for g in group if len(g) > 5)


def _cue(tokens: list[str], stems: list[str], groups: list[set[str]]) -> float:
    """2 for a naming or defining pattern around the topic's words ("called X", "X is"),
    else 0."""
    mine = {s for g in groups for s in g for s in s.split()}
    at = [i for i, s in enumerate(stems) if s in mine]
    if not at:
        return 0.0
    before = tokens[max(0, at[0] - 3) : at[0]]
    if _NAMING & set(before) or ("known" in before and "as" in before):
        return 2.0
    # "X is ...": a copula right after the topic's words, wherever in the sentence they are
    last = {i for i in at if i + 1 not in at}
    return 2.0 if any(i + 1 < len(tokens) and tokens[i + 1] in _COPULA for i in last) else 0.0


def defining_sentences(topic: str, texts: dict[str, str], order: list[str]) -> list[Defining]:
    """Up to MAX_SENTENCES spans of the articles in `texts` (`order`: most relevant first)
    that say what the topic is; [] when the topic has no content words."""
    from ingest.chunking import sentence_spans

    groups = topic_groups(topic)
    if not groups or _EVENTS.match(topic):  # "what happened with X" asks for events
        return []
    found: list[Defining] = []
    for rank, doc_id in enumerate(order):
        text = texts.get(doc_id, "")
        spans = sentence_spans(text)
        for i, (start, end) in enumerate(spans):
            sentence = text[start:end]
            tokens = words(sentence)
            stems = [stem(t) for t in tokens]
            low = sentence.lower()
            if not all(covers(g, stems, low) for g in groups):
                continue
            cue = _cue(tokens, stems, groups)
            if not cue and len(groups) < 2:  # one bare word: only where it is introduced
                continue
            stop = end
            if cue and i + 1 < len(spans) and _GOES_ON.match(text[spans[i + 1][0] :]):
                stop = spans[i + 1][1]
            score = cue - 0.3 * rank - 0.02 * i
            found.append(Defining(doc_id, start, stop, score))
    found.sort(key=lambda d: -d.score)
    out: list[Defining] = []
    for d in found:
        if all(d.doc_id != o.doc_id or d.end <= o.start or d.start >= o.end for o in out):
            out.append(d)
        if len(out) == MAX_SENTENCES:
            break
    return out
