"""Outlets named in lower case: "did reuters report on the accord", "cnn's coverage of ...",
"according to politico, ...", "what was in the financial times about ...".

Capitalised names are read by `bot.question.parse.find_outlets`. Typed in lower case, a name
is only an outlet where it sits in the way people name a publication (its coverage, its
article, reporting or writing on something, "according to", "in the ... about"), and even
there a name the stored articles use for someone or something else is not: "did thailand
report casualties", "what did the ministry report", "how many died according to cambodia".
So a lower-case name is taken as an outlet when it is a stored outlet, or when
- its last word is not an ordinary English word, or is one that names publications
  ("post", "times", "journal": "the bangkok post", "the financial times"), and
- outside the strongest patterns ("X's coverage", "X's reporting"), none of its uncommon
  words is one the stored articles use (people, places and organisations they mention).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable

from bot.question.parse import norm_name, outlet_in

COMMON = 500  # a word this frequent in pyspellchecker's English counts is ordinary
# English words that name a publication by what it is.
# Words no outlet's name holds: what a pattern caught was not a name.
_NOT_IN_NAMES = frozenset(
    "what who whom which when where why how did does do is are was were has have had it its "
    "they he she we you i me us this that these those a an to in on about any anything".split()
)
PRESS_WORDS = frozenset(
    "post times journal news herald courier tribune telegraph gazette guardian observer "
    "chronicle examiner inquirer dispatch bulletin magazine wire daily weekly".split()
)
_NAME = r"([a-z][\w&'’-]*(?:\s+[a-z][\w&'’-]*){0,3}?)"
_THE = r"(?:the\s+)?"
_STRONG = (
    re.compile(
        rf"\b{_THE}{_NAME}(?:'s|’s|'|’)\s+(?:own\s+)?(?:coverage|reporting|article|articles|op-ed|"
        r"editorial|column|headlines?|reporters?|journalists?|correspondents?|columnists?)\b",
        re.I,
    ),
)
_WRITES = (
    r"(?:(?:report|reported|write|wrote|written|publish|published|run|ran|print|printed)\s+"
    r"(?:on|about|anything|something|a\s+(?:story|piece|report|article)|an\s+article|stories|"
    r"articles)\b|cover(?:ed)?\b)"
)
_WEAK = (
    re.compile(
        rf"\b(?:did|has|have|does|do)\s+{_THE}{_NAME}\s+(?:ever\s+|also\s+)?{_WRITES}", re.I
    ),
    re.compile(
        rf"\bwhat\s+(?:did|does|has|have)\s+{_THE}{_NAME}\s+(?:report|write|publish|run)\s+"
        r"(?:on|about)\b",
        re.I,
    ),
    re.compile(
        rf"\baccording\s+to\s+{_THE}{_NAME}(?=\s*(?:[,?.;!]|$|\s+(?:what|who|when|where|why|how|"
        r"is|are|was|were|did|does|do|has|have)\b))",
        re.I,
    ),
    re.compile(rf"\b(?:in|from|by)\s+the\s+{_NAME}\s+(?:about|on|regarding)\b", re.I),
    re.compile(
        rf"\b{_THE}{_NAME}(?:'s|’s|'|’)\s+(?:story|stories|piece|take|write-?up|guide|review|"
        r"explainer|recap|preview|analysis)\b",
        re.I,
    ),
    # "what did the wall street journal say about ...": a name that reads as a paper's
    re.compile(
        rf"\bwhat\s+(?:did|does|has|have)\s+{_THE}((?:[a-z][\w&'’-]*\s+){{0,3}}"
        rf"(?:{'|'.join(sorted(PRESS_WORDS))}))\s+(?:say|said|write|wrote|report)\b",
        re.I,
    ),
)


def _english() -> Callable[[str], int]:
    """How often English uses a word (pyspellchecker's counts, loaded once)."""
    from bot.retrieval.spelling import _english as english_list

    english = english_list()
    return lambda w: english[w] if w in english else 0


def lower_case_outlets(text: str, stored: Iterable[str], vocabulary: Container[str]) -> list[str]:
    """Normalised names of the outlets `text` names in lower case (stored or not)."""
    found: list[tuple[str, bool]] = []
    for strong, patterns in ((True, _STRONG), (False, _WEAK)):
        for pattern in patterns:
            for m in pattern.finditer(text):
                if not any(c.isupper() for c in m.group(1)):
                    found.append((norm_name(m.group(1)), strong))
    out: list[str] = []
    stored = set(stored)
    frequency = None
    for name, strong in found:
        if not name or name in out:
            continue
        if outlet_in(name, stored):
            out.append(name)
            continue
        if frequency is None:
            frequency = _english()
        if _press_name(name, strong, frequency, vocabulary):
            out.append(name)
    return out


def _press_name(
    name: str, strong: bool, frequency: Callable[[str], int], vocabulary: Container[str]
) -> bool:
    parts = name.split()
    if any(w in _NOT_IN_NAMES for w in parts):
        return False
    last = parts[-1]
    if frequency(last) >= COMMON and last not in PRESS_WORDS:
        return False
    rare = [w for w in parts if frequency(w) < COMMON]
    return strong or not any(w in vocabulary for w in rare)


def written_about(stored: Iterable[str], vocabulary: Container[str]) -> Callable[[str], bool]:
    """Whether a name (normalised) after "according to" is someone or something the stored
    articles write about rather than an outlet: "according to Eddy Cue, ..." when the
    articles name him. A stored outlet, or a name that reads as a publication's ("the
    Bangkok Post"), stays an outlet."""
    stored = set(stored)

    def subject(name: str) -> bool:
        if not name or outlet_in(name, stored):
            return False
        return not _press_name(name, False, _english(), vocabulary)

    return subject
