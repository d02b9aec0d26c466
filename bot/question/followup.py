"""Follow-up questions: rewrite "and what did Cambodia say?" into a question that stands alone.

A heuristic rewrite, no model: when a follow-up is elliptical (starts with "and", "what
about ...", lacks a topic of its own, or its subject is left out: "what are the symptoms",
"how many were tested", "was anyone hurt") or leans on a pronoun, the topic and names of the
previous question are carried over. People type the earlier question in lower case too
("summarize the tessara accord" then "who signed it?"), so the previous subject is also read
from how the question is put ("who is X", "what happened to X", "tell me about X"), not only
from capitalised names. Questions that stand alone are left untouched.
"""

from __future__ import annotations

import re

from bot.question.intent import request_topic
from bot.question.parse import STOPWORDS, find_entities, find_speaker, speaker_subject, words

Turn = tuple[str, str]  # (question, answer)

_CONNECTIVE = re.compile(r"^\s*(?:and|also|so|then|but|ok(?:ay)?|now)\b[\s,]*", re.I)
_WHAT_ABOUT = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(.+?)\s*\??\s*$", re.I)
_PRONOUN = re.compile(
    r"\b(he|she|they|him|her|them|his|their|its|it|this|that|these|those)\b", re.I
)
_ABOUT = re.compile(r"\b((?:about|on|regarding|over|for)\s+.+?)\s*[?.!]*\s*$", re.I)
_PERSON_PRONOUNS = {"he", "she", "they", "him", "her", "them", "his", "their"}
_THING_PRONOUNS = {"it", "its", "this", "that", "these", "those"}
# Words standing for a subject left out ("was anyone hurt?").
_INDEFINITE = frozenset(
    "anyone anybody anything someone somebody something everyone everybody everything "
    "nobody nothing".split()
)
# How a lower-case question is put, before what it is about ("what happened to X").
_PUT = re.compile(
    r"^\s*(?:(?:who|what|which|where|when|why|how)(?:'s|’s)?\s+"
    r"(?:(?:much|many|long|big|far|often|old)\s+)?)?"
    r"(?:(?:is|are|was|were|did|does|do|has|have|had|will|can|could|would|should)\s+)?"
    r"(?:(?:happen(?:ed|s|ing)?|going\s+on)\s+(?:to|with|in|at|on)\s+)?",
    re.I,
)
_ASKED_WHO = re.compile(r"^\s*(?:and\s+)?who\b", re.I)
_WHO_IS = re.compile(r"^\s*who(?:'s|’s|\s+(?:is|was|are|were))\s+(.+?)\s*[?.!]*$", re.I)
# A subject left out: a quantity with no noun ("how many were tested"), or a question that
# ends on a definite noun with nothing to say which ("what are the symptoms").
_ELIDED = re.compile(
    r"\bhow\s+many\s+(?:is|are|was|were|did|does|do|has|have|had|will|would|can)\b"
    r"|\bthe\s+[a-z]+\s*[?.!]*$",
    re.I,
)
_ELIDED_WORDS = 2  # a question ending "the <noun>" with more content words stands alone


def resolve(question: str, history: list[Turn] | None) -> str:
    """`question` rewritten to stand alone, using the earlier questions in `history`."""
    previous, answer = "", ""
    for earlier, said in history or []:
        previous = _rewrite(earlier, previous, answer) if previous else earlier
        answer = said
    if not previous:
        return question
    return _rewrite(question, previous, answer)


def _rewrite(question: str, previous: str, answer: str = "") -> str:
    """One follow-up against the (already resolved) question before it and its answer."""
    m = _WHAT_ABOUT.match(question)
    if m:
        return _swap_subject(previous, m.group(1))
    stripped = _CONNECTIVE.sub("", question)
    connective = stripped != question
    own_topic = _topic_words(stripped)
    prev_topic = _topic_phrase(previous)
    thing = _thing(previous)
    pronoun = _PRONOUN.search(stripped)
    if pronoun and not _has_names(stripped):
        word = pronoun.group(1).lower()
        replacement = _person(previous, answer) if word in _PERSON_PRONOUNS else thing
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
    own = [w for w in own_topic if w not in _INDEFINITE]
    left_out = _ELIDED.search(stripped)
    if left_out and left_out.group().lower().startswith("the") and len(own) > _ELIDED_WORDS:
        left_out = None  # "how many people live in the basin" says enough to stand alone
    elided = len(own) < len(own_topic) or left_out is not None
    if elided and thing and not _has_names(stripped) and not set(own) & set(_topic_words(thing)):
        # "what are the symptoms" -> "... the symptoms of X"; otherwise ", about X"
        joint = " of" if left_out and left_out.group().lower().startswith("the") else ", about"
        return _cap(f"{stripped.rstrip(' ?.!')}{joint} {thing}?")
    return question


def _thing(previous: str) -> str:
    """What the previous question was about: its 'about ...' phrase, what it asked to have
    summarised, what a speaker was asked about, its first name, or (lower case) what follows
    how it is put ("what happened to beeper mini" -> "beeper mini")."""
    topic, summary = request_topic(previous)
    if summary:
        return topic.strip(" ?.!")
    about = _topic_noun(_topic_phrase(previous))
    if about:
        return about
    speaker = find_speaker(previous)
    if speaker:
        return speaker_subject(previous, speaker) or speaker
    entities = find_entities(previous)
    if entities:
        return entities[0]
    rest = _PUT.sub("", previous, count=1).strip(" ?.!")
    return rest if _topic_words(rest) else ""


def _person(previous: str, answer: str = "") -> str:
    """Whom 'he', 'she' or 'they' stands for: the previous question's speaker or first name,
    X in "who is X" typed in lower case, or, when the previous question asked who and named
    no one ("who got demonetized?"), the first name its answer gives."""
    m = _WHO_IS.match(previous)
    found = _subject(previous) or (m.group(1) if m else "")
    if not found and _ASKED_WHO.match(previous) and answer:
        names = find_entities(answer)
        found = names[0] if names else ""
    return found


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
