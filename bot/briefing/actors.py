"""Who may hold a position in a briefing: an actor the reader can place. A bare first name the
article never gives in full ("Jason said ...") is not one; an organisation named in one word
("Hamas said ...", "NATO said ...") is."""

from __future__ import annotations

import re

_STARTERS = set("a an and as at but by for from if in it on so the then to when while with".split())
_NOT_PERSON = {"ORG", "GPE", "NORP", "FAC", "PRODUCT", "LOC", "EVENT", "WORK_OF_ART", "LAW"}


def bare_first_name(speaker: str, how: str, text: str) -> bool:
    """True when `speaker` is one word, not an organisation or acronym, and the article
    (`text`) never names them in full (that word followed by a capitalised surname)."""
    words = speaker.split()
    if len(words) != 1 or how in ("organisation", "surname"):
        return False  # the index matched a surname to a full name given earlier
    name = words[0]
    if name.isupper() or not name[:1].isupper():
        return False  # "NATO", "FBI"; lower-case speakers are judged elsewhere
    if re.search(rf"\b{re.escape(name)}\s+[A-Z][a-z'’\-]+", text):
        return False  # "Jason Kelce": given in full
    for before in re.findall(rf"\b([A-Z][a-z'’\-]+)\s+{re.escape(name)}\b", text):
        if before.lower() not in _STARTERS:
            return False  # "Travis Kelce ... Kelce said": a surname
    return not _an_organisation(name, text)


def _an_organisation(name: str, text: str) -> bool:
    """True when the English pipeline reads `name` in the article as a group, place or thing."""
    from bot.attribution.nlp import parse_many
    from ingest.chunking import sentence_spans

    spans = [(a, b) for a, b in sentence_spans(text) if name in text[a:b]][:3]
    for doc in parse_many([text[a:b] for a, b in spans]):
        for ent in doc.ents:
            if name in ent.text.split() and ent.label_ in _NOT_PERSON:
                return True
    return False
