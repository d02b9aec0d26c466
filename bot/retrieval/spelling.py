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
from collections.abc import Mapping

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
MIN_LENGTH = 3  # shorter words are never mended
CLEAR_LEAD = 3.0  # a stored reading must be used this many times more than the next one

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


class Speller:
    """Mends the words of a question against `vocabulary`: the store's words (lower case)
    with how many passages use each."""

    def __init__(self, vocabulary: Mapping[str, float]) -> None:
        self.vocabulary = vocabulary

    def mend(self, text: str) -> str:
        """`text` with each misspelt word replaced (case of its first letter kept)."""
        return _WORD.sub(lambda m: self._word(m.group(0)), text)

    def _word(self, typed: str) -> str:
        word = typed.lower()
        if len(word) < MIN_LENGTH or "'" in word or _shouted(typed):
            return typed
        if word in self.vocabulary:
            return typed
        english = _english()
        if english.known([word]):
            return typed
        fixed = self._closest(word, english)
        if not fixed:
            return typed
        return fixed[0].upper() + fixed[1:] if typed[0].isupper() else fixed

    def _closest(self, word: str, english) -> str | None:
        swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        swaps.discard(word)
        known_swaps = [w for w in swaps if w in self.vocabulary] + list(english.known(swaps))
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
        known = [w for w in english.known(edits) if len(w) >= MIN_LENGTH]
        if known:
            return max(known, key=lambda w: (english.word_usage_frequency(w), w))
        return None


def _shouted(typed: str) -> bool:
    """Typed with more than one capital ("FM", "BofA", "iPhone" has one): a name or an
    abbreviation, kept as typed."""
    return sum(c.isupper() for c in typed) > 1
