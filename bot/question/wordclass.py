"""Whether a word is only ever a verb, from WordNet's word lists as the English spaCy pipeline
ships them (its lemmatizer tables, read by path; nothing is downloaded, no model is loaded).

Used to tell what a question is about from how it asks: in "what did the analysts conclude
about the talks", "conclude" is how it asks; in "how's the cricket season going", "cricket"
is what it is about.
"""

from __future__ import annotations

import threading
from functools import lru_cache

_LOCK = threading.Lock()
# spaCy's 64-bit hashes of the part-of-speech names its tables are keyed by (fixed by spaCy's
# string store; tests/test_typed_questions.py checks them), so that spaCy itself, a second
# to import, need not be.
HASHES = {"noun": 16833663260455505849, "verb": 6360137228241296794, "adj": 12401032943472870168}


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset[str], frozenset[str], dict[str, list[str]], list[list[str]]]:
    """(verbs, nouns and adjectives, irregular verb forms, verb suffix rules): about 0.3 s once."""
    import srsly

    from bot.attribution.nlp import model_path

    with _LOCK:
        data = srsly.read_msgpack(model_path() / "lemmatizer" / "lookups" / "lookups.bin")
    index, exceptions, rules = data["lemma_index"], data["lemma_exc"], data["lemma_rules"]

    def table(source, pos: str):
        return source.get(HASHES[pos]) or {}

    verbs = frozenset(table(index, "verb"))
    other = frozenset(table(index, "noun")) | frozenset(table(index, "adj"))
    return verbs, other, dict(table(exceptions, "verb")), list(table(rules, "verb"))


def verb_only(word: str) -> bool:
    """Whether `word` ("conclude", "concluded", "upheld") is a form of a verb and of no noun
    or adjective ("wage", "cricket", "retiring" are not)."""
    try:
        verbs, other, irregular, rules = _tables()
    except Exception:  # noqa: BLE001 (no pipeline installed: every word counts as a content word)
        return False
    word = word.lower()
    if word in other:
        return False
    bases = {word, *irregular.get(word, [])}
    bases |= {word[: len(word) - len(old)] + new for old, new in rules if word.endswith(old)}
    return any(b in verbs and b not in other for b in bases)
