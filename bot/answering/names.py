"""Who/which questions: the name the best-matching sentences agree on, to lead the answer.

"Who is the individual ... reported by Fortune and TechCrunch?" is answered by a name the
question does not contain. Capitalised names in the best-scoring sentences vote with their
sentence's score; a short name that is part of a longer one ("Bankman-Fried" in "Sam
Bankman-Fried") counts for the longer one. A name leads the answer only when it clearly wins
and one of the quoted sentences contains it, so the claim stays cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from bot.question import Question
from bot.question.parse import MONTHS, STOPWORDS, find_entities, norm_name, words

VOTERS = 12  # how many of the best sentences vote
MARGIN = 1.5  # the winner's votes must beat the runner-up's by this factor


class Scored(Protocol):
    text: str
    score: float


def leading_name(q: Question, units: Sequence[Scored]) -> str | None:
    """The name the best sentences agree on, or None when there is no clear winner."""
    asked = set(words(q.text)) | {w for o in q.outlets for w in o.split()}
    votes: dict[str, float] = {}
    spelled: dict[str, str] = {}
    for u in sorted(units, key=lambda u: -u.score)[:VOTERS]:
        for name in set(candidates(u.text)):
            key = norm_name(name)
            if not key or set(key.split()) <= asked or _describes_asked(name, u.text, q.text):
                continue
            votes[key] = votes.get(key, 0.0) + max(u.score, 0.0)
            spelled.setdefault(key, name)
    for short in list(votes):  # "bankman fried" votes for "sam bankman fried"
        longer = [k for k in votes if k != short and f" {short} " in f" {k} "]
        if longer:
            best = max(longer, key=lambda k: votes[k])
            votes[best] += votes.pop(short)
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] < MARGIN * ranked[1][1]):
        return None
    return spelled[ranked[0][0]]


def candidates(text: str) -> list[str]:
    """Capitalised names in a sentence, without leading function words ("The", "However")."""
    out = []
    for name in find_entities(text):
        tokens = [
            re.sub(r"['’]s?$", "", t) for t in name.split() if not any(c.isdigit() for c in t)
        ]
        while tokens and (tokens[0].lower() in STOPWORDS or tokens[0].lower() in _OPENERS):
            tokens.pop(0)
        if not tokens or all(t.lower() in MONTHS or t.isdigit() for t in tokens):
            continue
        name = " ".join(tokens).strip(" ,.;:'\"“”")
        if len(name) >= 3:
            out.append(name)
    return out


_OPENERS = frozenset(
    "however meanwhile still yet instead also according after before during since while "
    "although though despite mr mrs ms dr sir".split()
)


def _describes_asked(name: str, text: str, question: str) -> bool:
    """Whether every use of `name` in `text` qualifies a phrase of the question ("Caribbean
    box jellyfish" for "who led the box jellyfish study"): a word that only describes the
    question's subject is not who or what it asks for. The phrase is two content words the
    question has side by side, so "Jan Bielecki led the study" still names someone."""
    asked = f" {' '.join(words(question))} "
    uses = re.findall(rf"{re.escape(name)}(?:['’]s)?\s+(\w+)\s+(\w+)", text)
    return (
        bool(uses)
        and len(uses) == text.count(name)
        and all(
            a.lower() not in STOPWORDS
            and b.lower() not in STOPWORDS
            and f" {a.lower()} {b.lower()} " in asked
            for a, b in uses
        )
    )
