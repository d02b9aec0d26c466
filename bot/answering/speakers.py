"""Who says a sentence: the speaker an answer sentence names, and the one its source names.

`source_speaker(text, span)` reads the passage itself (who the sentence attributes its words
to, a pronoun resolved to the last person named before it, a surname to the full mention and
its role). It is the one function a quote index can replace later: it only has to return the
speaker's description as a set of normalised tokens, or None when the sentence has no speaker.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.answering.lexicon import (
    COUNTRIES,
    ROLES,
    SPEECH,
    STOPWORDS,
    TIME_WORDS,
    Token,
    stem,
    tokens,
)

_SPEECH_RE = re.compile(r"\b(?:" + "|".join(sorted(SPEECH)) + r")\b", re.IGNORECASE)
_PRONOUNS = frozenset("he she they it we i".split())
_BOUNDARY = re.compile(r"[\"\u201c\u201d;:(]|,\s*(?:and|but|while)\b|\bthat\b|\bwhile\b")
_ACCORDING = re.compile(r"\baccording to ([^,.;]+)", re.IGNORECASE)


def speaker_phrase(sentence: str) -> str | None:
    """The words naming who speaks in `sentence` ("Thai officials", "Narong"), or None."""
    found = _ACCORDING.search(sentence)
    if found:
        return found.group(1).strip()
    for verb in _SPEECH_RE.finditer(sentence):
        before = sentence[: verb.start()].rstrip()
        if before.endswith(","):  # "The chief executive, Owen Price, said"
            before = before[:-1].rstrip()
        cuts = [m.end() for m in _BOUNDARY.finditer(before)]
        comma = before.rfind(",")
        start = max([0, *cuts])
        phrase = before[start:].strip(" ,")
        # "..., Lestari said" / "the regional farm chamber said": the chunk after the last comma
        if comma >= start and len(phrase.split()) > 6:
            phrase = before[comma + 1 :].strip()
        phrase = re.sub(r"^(?:and|but|so|while)\s+", "", phrase, flags=re.IGNORECASE)
        if phrase and len(phrase.split()) <= 7 and not re.search(r"\band\s*$", phrase):
            return phrase
    return None


def affiliations(phrase: str) -> set[str]:
    """Whose a speaker is: countries and possessors ("Norland's foreign minister")."""
    owners = {stem(w) for w in re.findall(r"([A-Z][\w-]+)['\u2019]s\b", phrase)}
    return owners | (describe(phrase) & COUNTRIES)


def describe(phrase: str) -> set[str]:
    """Content tokens of a speaker phrase (names, roles, countries), normalised."""
    return {t.norm for t in tokens(phrase, first_is_start=False) if _keep(t)}


def _keep(t: Token) -> bool:
    return (
        not t.number
        and t.norm not in STOPWORDS
        and t.norm not in _PRONOUNS
        and t.norm not in _TIME_STEMS
    )


_TIME_STEMS = frozenset(stem(w) for w in TIME_WORDS)


@lru_cache(maxsize=256)
def people(text: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Each person or body the passage introduces: (name tokens, name + role tokens)."""
    out: list[tuple[frozenset[str], frozenset[str]]] = []
    for m in re.finditer(
        r"((?:[A-Z][\w'\u2019.-]*\s+){0,4}?(?:[a-z]+\s+){0,2}?)"  # role words before the name
        r"((?:[A-Z][a-z\u00C0-\u017F'\u2019-]+\s+){1,3}[A-Z][a-z\u00C0-\u017F'\u2019-]+)",
        text,
    ):
        name = describe(m.group(2))
        role = describe(m.group(1))
        before = text[max(0, m.start() - 60) : m.start()]
        appos = re.search(r"([A-Z][^,.;\"]{2,50}),\s*$", before)  # "Japan's chief negotiator, "
        if appos:
            role |= describe(appos.group(1))
        if name:
            out.append((frozenset(name), frozenset(name | role)))
    return tuple(out)


def expand(text: str, desc: set[str]) -> set[str]:
    """A speaker description widened with everything the passage says about that person."""
    wide = set(desc)
    for name, full in people(text):
        if name & desc and not (name & COUNTRIES):
            wide |= full
    return wide


def source_speaker(text: str, span: tuple[int, int]) -> set[str] | None:
    """Who the passage sentence at `span` attributes its words to, as description tokens."""
    sentence = text[span[0] : span[1]]
    phrase = speaker_phrase(sentence)
    if phrase is None:
        return None
    desc = describe(phrase)
    if not desc or phrase.lower().split()[-1] in _PRONOUNS:  # "he said": the last person named
        names = [n for n, _ in people(text[: span[0]]) if not (n & COUNTRIES)]
        desc = set(names[-1]) if names else desc
    return expand(text, desc)


@lru_cache(maxsize=256)
def cast(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(names of those who speak in the passage, every capitalised word, those of the lede)."""
    from ingest.chunking import sentence_spans

    spans = sentence_spans(text) or [(0, len(text))]
    caps = [{t.norm for t in tokens(text[a:b]) if t.cap} for a, b in spans]
    every = set().union(*caps)
    voices: set[str] = set()
    for a, b in spans:
        phrase = speaker_phrase(text[a:b])
        if phrase:
            voices |= describe(phrase) & every
    return frozenset(voices), frozenset(every), frozenset(caps[0])


def conflict(claim: set[str], source: set[str], text: str) -> str:
    """Why a claim's speaker is not the source's speaker; "" when they may be the same."""
    if not claim:
        return ""
    voices, every, lede = cast(text)
    names = {t for t in claim if t in voices and t not in COUNTRIES and t not in ROLES}
    if names - source:
        return "a different person"
    countries_c, countries_s = claim & COUNTRIES, source & COUNTRIES
    if countries_c and countries_s and not countries_c <= countries_s:
        return "a different country"
    roles_c = {t for t in claim if t in ROLES}
    roles_s = {t for t in source if t in ROLES}
    if roles_c and roles_s and not roles_c & roles_s:
        return "someone in a different role"
    orgs = (claim & every) - ROLES - COUNTRIES - names - lede
    if orgs - source and not (names & source):
        return "someone else"
    return ""
