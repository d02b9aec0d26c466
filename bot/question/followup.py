"""Follow-up questions: rewrite "and what did Cambodia say?" into a question that stands alone.

A heuristic rewrite, no model: when a follow-up is elliptical (starts with "and", "what
about ...", lacks a topic of its own) or leans on a pronoun, the topic and names of the
previous question are carried over. Questions that stand alone are left untouched.
"""

from __future__ import annotations

import re

from bot.question.parse import STOPWORDS, find_entities, find_speaker, words

Turn = tuple[str, str]  # (question, answer)

_CONNECTIVE = re.compile(r"^\s*(?:and|also|so|then|but|ok(?:ay)?|now)\b[\s,]*", re.I)
_WHAT_ABOUT = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(.+?)\s*\??\s*$", re.I)
_PRONOUN = re.compile(
    r"\b(he|she|they|him|her|them|his|their|its|it|this|that|these|those)\b", re.I
)
_ABOUT = re.compile(r"\b((?:about|on|regarding|over|for)\s+.+?)\s*[?.!]*\s*$", re.I)
_PERSON_PRONOUNS = {"he", "she", "they", "him", "her", "them", "his", "their"}
_THING_PRONOUNS = {"it", "its", "this", "that", "these", "those"}


def resolve(question: str, history: list[Turn] | None) -> str:
    """`question` rewritten to stand alone, using the earlier questions in `history`."""
    previous = ""
    for earlier, _answer in history or []:
        previous = _rewrite(earlier, previous) if previous else earlier
    if not previous:
        return question
    return _rewrite(question, previous)


def _rewrite(question: str, previous: str) -> str:
    """One follow-up against the (already resolved) question before it."""
    m = _WHAT_ABOUT.match(question)
    if m:
        return _swap_subject(previous, m.group(1))
    stripped = _CONNECTIVE.sub("", question)
    connective = stripped != question
    own_topic = _topic_words(stripped)
    prev_topic = _topic_phrase(previous)
    pronoun = _PRONOUN.search(stripped)
    if pronoun and not _has_names(stripped):
        word = pronoun.group(1).lower()
        replacement = (
            _subject(previous)
            if word in _PERSON_PRONOUNS
            else (_topic_noun(prev_topic) or _subject(previous))
        )
        if replacement:
            if word in {"his", "their", "its"}:
                replacement += "'s"
            s, e = pronoun.span()
            stripped = stripped[:s] + replacement + stripped[e:]
            if (
                word in _PERSON_PRONOUNS
                and find_speaker(stripped)
                and prev_topic
                and not _ABOUT.search(stripped)
            ):
                return _cap(f"{stripped.rstrip(' ?.!')} {prev_topic}?")
            return _cap(stripped)
    if find_speaker(stripped) and not _ABOUT.search(stripped) and prev_topic:
        return _cap(f"{stripped.rstrip(' ?.!')} {prev_topic}?")
    if connective or not own_topic:
        if prev_topic and not set(_topic_words(prev_topic)) <= set(own_topic):
            return _cap(f"{stripped.rstrip(' ?.!')} {prev_topic}?")
        if not prev_topic and not set(_topic_words(previous)) <= set(own_topic):
            return _cap(f"{stripped.rstrip(' ?.!')}? (after: {previous.rstrip(' ?.!')})")
        return _cap(stripped)
    return question


def _swap_subject(previous: str, new: str) -> str:
    """'What did Sihasak say about X?' + 'Cambodia' -> 'What did Cambodia say about X?'."""
    old = find_speaker(previous) or _subject(previous)
    if old and old in previous:
        return previous.replace(old, new, 1)
    return f"{previous.rstrip(' ?.!')} ({new})?"


def _subject(question: str) -> str:
    """The main name of a question: its speaker, else its first capitalised name."""
    speaker = find_speaker(question)
    if speaker:
        return speaker
    entities = find_entities(question)
    return entities[0] if entities else ""


def _topic_phrase(question: str) -> str:
    """The trailing 'about ...' phrase of a question, if it has one."""
    m = _ABOUT.search(question)
    return m.group(1) if m else ""


def _topic_noun(topic: str) -> str:
    """'about the October agreement' -> 'the October agreement'."""
    return re.sub(r"^(?:about|on|regarding|over|for)\s+", "", topic, flags=re.I)


def _topic_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 2]


def _has_names(text: str) -> bool:
    return bool(find_entities(text))


def _cap(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]
