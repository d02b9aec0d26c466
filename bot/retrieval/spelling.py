"""Mending misspelt question words ("minimun", "acord", "teh", "abuot") before a question is
read, so that keyword search, the embedder and the re-ranker see the words the articles use.

A word is left alone when the store's articles use it or an English word list knows it
(pyspellchecker's, which ships in its wheel). Otherwise the closest known word one edit away
is taken: a swap of two letters first ("hwo" -> "how"), the most frequent English word;
then another single edit to a word the articles use, the most frequent there ("acord" ->
"accord" in a store about an accord, where English alone would say "cord"), unless two such
words are used about as often ("ministr": minister or ministry?); then one an English word
list knows. Short words, words with digits and words typed in capitals ("FM",
"BofA") are never changed, nor is a word with no known word one edit away (an unfamiliar
name stays as typed, so a question about something the store lacks still reads as such).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping

from bot.question.intent import ABBREVIATIONS

_WORD = re.compile(r"\w+(?:'\w+)?")
_VOWEL = re.compile(r"[aeiou]")
# Contractions typed without their apostrophe: words, not typos ("theres" is not "threes").
UNAPOSTROPHISED = frozenset(
    "theres whats wheres whos hows thats its lets didnt doesnt dont isnt arent wasnt werent "
    "wont cant couldnt shouldnt wouldnt hasnt havent hadnt im ive youre theyre weve youve".split()
)
MIN_LENGTH = 3  # shorter words are never mended
CLEAR_LEAD = 3.0  # a stored reading must be used this many times more than the next one
EVERYDAY = 100_000  # ... and this common a word no article uses ("going") still says nothing
COMMON = 500  # an English reading must be this common in pyspellchecker's counts ("uncrated" isn't)

_ENGLISH = None
_LOCK = threading.Lock()


def _english():
    """pyspellchecker's English word list, loaded once on first need (about 0.1 s)."""
    global _ENGLISH
    with _LOCK:
        if _ENGLISH is None:
            from spellchecker import SpellChecker

            _ENGLISH = SpellChecker(language="en", distance=1)
    return _ENGLISH


def is_english(word: str) -> bool:
    """Whether an English word list knows `word` as a common word (not a name, an
    abbreviation or a typo)."""
    english = _english()
    return word.lower() in english and english.word_frequency[word.lower()] >= COMMON


class Speller:
    """Mends the words of a question against `vocabulary`: the store's words (lower case)
    with how many passages use each."""

    def __init__(self, vocabulary: Mapping[str, float]) -> None:
        self.vocabulary = vocabulary
        self._stems: frozenset[str] | None = None

    def unfamiliar(self, words: Iterable[str]) -> list[str]:
        """The question words that no stored article uses, in any form or spelling:
        "cricket" over a store of rugby and football. Abbreviations, digits, short words,
        everyday words ("going", "think") and words only ever verbs ("conclude", how a
        question asks rather than what it asks about) aside: articles need not use those."""
        from bot.question.parse import stem
        from bot.question.wordclass import verb_only

        if self._stems is None:
            self._stems = frozenset(stem(w) for w in self.vocabulary)
        known = self._stems
        rare = [
            w
            for w in dict.fromkeys(words)
            if len(w) >= MIN_LENGTH
            and w.isalpha()
            and _VOWEL.search(w)  # "sbf", "nfl": shorthand we cannot read, not a topic word
            and w not in ABBREVIATIONS
            and w not in UNAPOSTROPHISED
            and stem(w) not in known
            and not any(stem(a) in known for a in _american(w))
        ]
        if not rare:
            return []
        english = _english()
        return [w for w in rare if english[w] < EVERYDAY and not verb_only(w)]

    def mend(self, text: str) -> str:
        """`text` with each misspelt word replaced (case of its first letter kept). A word
        typed with a capital is a name, left alone, unless it opens the text."""
        first = _WORD.search(text)
        opening = first.start() if first else -1
        return _WORD.sub(
            lambda m: (
                m.group(0)
                if m.group(0)[0].isupper() and m.start() != opening
                else self._word(m.group(0))
            ),
            text,
        )

    def _word(self, typed: str) -> str:
        word = typed.lower()
        if len(word) < MIN_LENGTH or "'" in word or _shouted(typed) or not word.isalpha():
            return typed
        if not _VOWEL.search(word) or word in ABBREVIATIONS or word in UNAPOSTROPHISED:
            return typed  # "cnn", "ppl", "xmas", "theres": shorthand, not a misspelt word
        if word in self.vocabulary:
            return typed
        stored = [a for a in _american(word) if a in self.vocabulary]
        if stored:  # "armour" where the articles write "armor"
            return stored[0][0].upper() + stored[0][1:] if typed[0].isupper() else stored[0]
        english = _english()
        if english.known([word]) or english.known(_american(word)):
            return typed
        fixed = self._closest(word, english)
        if not fixed:
            return typed
        return fixed[0].upper() + fixed[1:] if typed[0].isupper() else fixed

    def _closest(self, word: str, english) -> str | None:
        fixed = self._candidate(word, english)
        if fixed and word.startswith(fixed):
            return None  # a known word plus an ending ("doppelgangers"): an inflection, not a typo
        return fixed

    def _candidate(self, word: str, english) -> str | None:
        swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        swaps.discard(word)
        known_swaps = [w for w in swaps if w in self.vocabulary] + [
            w for w in english.known(swaps) if english[w] >= COMMON
        ]
        if known_swaps:
            return max(known_swaps, key=lambda w: (english.word_usage_frequency(w), w))
        edits = english.edit_distance_1(word)
        stored = sorted(
            (w for w in edits if w in self.vocabulary and len(w) >= MIN_LENGTH),
            key=lambda w: (-self.vocabulary[w], w),
        )
        if len(stored) > 1 and self.vocabulary[stored[1]] * CLEAR_LEAD > self.vocabulary[stored[0]]:
            return None  # two readings the articles both use ("ministr"): left as typed
        if stored:
            return stored[0]
        known = [w for w in english.known(edits) if len(w) >= MIN_LENGTH and english[w] >= COMMON]
        if known:
            return max(known, key=lambda w: (english.word_usage_frequency(w), w))
        return None


_BRITISH = (
    (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"),  # summarise, organisation
    (re.compile(r"our(s|ed|ing|ite|ites)?$"), r"or\1"),  # harbour, favourite
    (re.compile(r"our(?=[a-z])"), "or"),  # labourers
    (re.compile(r"tre(s)?$"), r"ter\1"),  # centre, metres
    (re.compile(r"ence$"), "ense"),  # defence
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),  # travelled, labelling
    (re.compile(r"yse(s|d)?$"), r"yze\1"),  # analyse
    (re.compile(r"ogue(s)?$"), r"og\1"),  # catalogue
)


def _american(word: str) -> list[str]:
    """The American spellings a British one may stand for (the word list is American)."""
    return [rx.sub(to, word) for rx, to in _BRITISH if rx.search(word)]


def _shouted(typed: str) -> bool:
    """Typed with more than one capital ("FM", "BofA", "iPhone" has one): a name or an
    abbreviation, kept as typed."""
    return sum(c.isupper() for c in typed) > 1
