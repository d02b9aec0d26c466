"""The thing a question asks about by name, which a quote must name to answer it: the noun a
how-many question counts, the thing an is-there question asks after. A quote with some other
count or thing does not answer."""

from __future__ import annotations

import re

from bot.question.parse import STOPWORDS, stem, words

# "how many thai soldiers have been killed", "is there a vaccine for ...": the thing counted,
# or whose existence is asked about, which a quote must name (not some other count or thing).
_COUNTED = re.compile(r"\bhow\s+many\s+(?P<rest>[^?.!,;]*)", re.I)
_EXISTS = re.compile(r"^\s*(?:is|are)\s+there\s+[^?.!,;]*", re.I)
# Counted nouns any count answers in other words ("how many people": "525,000 displaced").
_GENERIC_COUNTED = frozenset(
    "people persons ppl times ones years months weeks days hours minutes seconds".split()
)
# Small words that end the noun phrase after "how many" / "is there".
_PHRASE_END = frozenset(
    "is are was were be been being have has had do does did will would can could should shall "
    "may might must a an the of in on at for to from by with per each every that which who "
    "whom there they he she it we you i this these those".split()
)


def asked_thing(text: str) -> str:
    """The noun a how-many question counts ("soldiers" in "how many thai soldiers have been
    killed": the first plural of the words before a small word, else the first word) or an
    is-there question asks about ("vaccine" in "is there a vaccine for ..."); "" for other
    questions and for counts any figure answers ("how many people")."""
    m = _COUNTED.search(text)
    exists = None if m else _EXISTS.match(text)
    if exists:
        named = [w for w in words(exists.group(0))[2:] if w not in STOPWORDS]
        return named[0] if named else ""
    if m is None:
        return ""
    run: list[str] = []
    for w in words(m.group("rest")):
        if w in _PHRASE_END:
            break
        run.append(w)
    head = next((w for w in run if w.endswith("s") and len(w) > 3), run[0] if run else "")
    return "" if head in _GENERIC_COUNTED else head


def names_thing(thing: str, quotes: list[str]) -> bool:
    """Whether one of `quotes` names `thing`, as typed or spelt another way ("liters",
    "litres")."""
    from difflib import SequenceMatcher

    want = stem(thing)
    for w in {stem(x) for x in words(" ".join(quotes))}:
        if w == want or (
            len(want) >= 5 and w[:3] == want[:3] and SequenceMatcher(None, w, want).ratio() >= 0.8
        ):
            return True
    return False


# "who won the derby", "what won game of the year", "final score browns bears": the result of
# a contest, which only a sentence reporting a result gives (a preview names the sides too).
_OUTCOME_ASKED = re.compile(
    r"^\s*(?:who|which(?:\s+\w+){1,2}|what(?:\s+\w+)?)\s+(?:won|wins|scored|triumphed|prevailed)\b"
    r"|\bfinal\s+score\b|\bwhat\s+(?:was|were)\s+the\s+(?:result|results|score)\b",
    re.I,
)
_OUTCOME = re.compile(
    r"\b(?:won|wins?|winning|winners?|beat|beats|beaten|defeat(?:s|ed)?|victor(?:y|ies|ious)|"
    r"champions?(?:hip)?|title|clinch(?:ed|es)?|secured?|claim(?:ed|s)?|triumph(?:ed|s)?|"
    r"awarded|prize|medal|scored|lost|loses|drew|edged|routed|thrashed|survived?)\b"
    r"|\b\d{1,3}\s*[-–]\s*\d{1,3}\b",
    re.I,
)


def asks_outcome(text: str) -> bool:
    """Whether `text` asks who or what won, or the final score."""
    return bool(_OUTCOME_ASKED.search(text))


def gives_outcome(text: str) -> bool:
    """Whether `text` reports a result: a win, a defeat, a title, a score."""
    return bool(_OUTCOME.search(text))
