"""Understanding a question once: `understand(text, outlets)` -> `Question`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.question.hints import Outlets, mentioned_days
from bot.question.intent import ABBREVIATIONS, SHORTHAND, request_topic, wants
from bot.question.parse import (
    LONG_QUESTION_WORDS,
    MONTHS,
    STOPWORDS,
    find_entities,
    find_outlets,
    find_speaker,
    norm_name,
    speaker_subject,
    stem,
    unknown_outlets,
    words,
)


@dataclass
class Question:
    """A question as understood once per request; retrieval and answering read it, never the raw text.

    `text` is what is matched against the articles: the question itself, or the standalone
    rewrite of a follow-up; `asked` is what the person typed.
    """

    text: str
    terms: dict[str, float] = field(default_factory=dict)  # stem -> weight
    entities: list[str] = field(default_factory=list)  # capitalised names (not outlets)
    outlets: list[str] = field(default_factory=list)  # normalised outlet names
    speaker: list[str] = field(default_factory=list)  # stems naming X in "what did X say"
    speaker_name: str = ""  # X as the question writes it
    speaker_topic: str = ""  # Y in "what did X say about Y"
    asked: str = ""  # as typed, when `text` is a follow-up's rewrite
    unknown_outlets: list[str] = field(default_factory=list)  # named outlets the store lacks
    named_sources: tuple[str, ...] = ()  # stored outlets the question names (as stored)
    days: list[int] = field(default_factory=list)  # calendar days named (UTC midnight)
    wants: frozenset[str] = frozenset()  # summary, yes_no, name, when, where, number
    topic: str = ""  # what it is about, without request words ("tell me about", "summarize")
    years: list[str] = field(default_factory=list)  # four-digit years it names
    unfamiliar: list[str] = field(default_factory=list)  # terms no stored article uses

    @property
    def original(self) -> str:
        """The question as the person typed it."""
        return self.asked or self.text

    @property
    def asks_speaker(self) -> bool:
        return bool(self.speaker)

    @property
    def reading(self) -> str:
        """`text` as the re-ranker reads it against passages: a short question's stored
        outlets, which passages never name, put as the publisher they are ("what did
        Fortune write about X" -> "what did they write about X")."""
        stored = [o for o in self.outlets if o not in self.unknown_outlets]
        if not stored or len(self.text.split()) > LONG_QUESTION_WORDS:
            return self.text
        out = self.text
        for name in sorted(stored, key=len, reverse=True):
            words = r"\W+".join(re.escape(w) for w in name.split())
            pattern = rf"(?i)\b(?:the\s+)?{words}\b"
            out = re.sub(pattern + r"(?:'s|’s)", "their", out)
            out = re.sub(rf"(?i)\b{words}\b(?=\s+{_PRESS_NOUN})", "", out)
            out = re.sub(pattern, "they", out)
        return " ".join(out.split())


_PRESS_NOUN = r"(?:article|articles|report|reports|piece|story|stories|coverage|editorial)\b"


def understand(
    text: str, outlets: Outlets | None = None, asked: str = "", vocabulary=None
) -> Question:
    """The `Question` for `text` (a standalone question), given the outlets the store holds.
    With the store's `vocabulary` (its words), outlets named in lower case are read too
    (bot/question/press.py), but not names the stored articles use for someone else."""
    topic, summary = request_topic(text)
    outlets = outlets or Outlets()
    lower: list[str] = []
    subject = None
    if vocabulary is None and outlets.words is not None:
        vocabulary = outlets.words()
    if vocabulary is not None and outlets.names:
        from bot.question.press import lower_case_outlets, written_about

        lower = lower_case_outlets(topic, outlets.names, vocabulary)
        subject = written_about(outlets.names, vocabulary)
    q = parse_question(topic, lower, subject)
    q.text, q.topic = text, topic
    if outlets.names:
        q = with_outlets(q, set(outlets.names))
        q.unknown_outlets = unknown_outlets(q.outlets, set(outlets.names))
    q.asked = asked if asked and asked != text else ""
    q.named_sources = tuple(dict.fromkeys(outlets.named_in(text) + outlets.sources_named(lower)))
    q.days = mentioned_days(text)
    q.wants = wants(topic if summary else text, summary)
    q.years = re.findall(r"\b(?:19|20)\d\d\b", topic)
    return q


def parse_question(
    text: str,
    lower_outlets: list[str] | None = None,
    subject: Callable[[str], bool] | None = None,
) -> Question:
    """Split a question into weighted content terms, entities, outlets and a speaker
    (`lower_outlets`: outlets named in lower case, found by bot/question/press.py;
    `subject`: whether a name after "according to" is someone the articles write about)."""
    outlets = find_outlets(text, subject)
    outlets += [o for o in lower_outlets or () if o not in outlets]
    outlet_words = {w for o in outlets for w in o.split()}
    entities = [e for e in find_entities(text) if norm_name(e) not in outlets]
    entity_stems = {stem(w) for e in entities for w in words(e)} - {stem(w) for w in outlet_words}
    terms: dict[str, float] = {}
    for w in words(text):
        if w in STOPWORDS or w in outlet_words or len(w) < 2:
            continue
        s = stem(w)
        weight = 2.0 if s in entity_stems else (1.5 if w in MONTHS or w.isdigit() else 1.0)
        terms[s] = max(terms.get(s, 0.0), weight)
    for short in _abbreviations(text):  # "Thai FM" also means "Thai foreign minister"
        for w in ABBREVIATIONS[short].split():
            if w not in STOPWORDS:
                terms.setdefault(stem(w), 1.0)
    name = find_speaker(text)
    return Question(
        text,
        terms,
        entities,
        outlets,
        [stem(w) for w in words(name) if w not in STOPWORDS and len(w) > 1],
        name,
        speaker_subject(text, name),
    )


_LOWER_OK = {"fm", "pm", "kl", "govt", "mofa", "dept", "intl", "natl", "ceo", "gdp", "eu", "unsc"}
_LOWER_OK |= set(SHORTHAND)


def spelt_out(text: str) -> str:
    """`text` with the abbreviations it uses written out ("the KL talks" -> "the kuala
    lumpur talks"), for a model that reads words, not shorthand."""
    found = set(_abbreviations(text))
    if not found:
        return text
    return re.sub(
        r"[A-Za-z]+",
        lambda m: ABBREVIATIONS[m.group(0).lower()] if m.group(0).lower() in found else m.group(0),
        text,
    )


def _abbreviations(text: str) -> list[str]:
    """Known abbreviations in `text`: in capitals ("FM's", "KL"), or lower case where that
    cannot be an ordinary word ("thai fm")."""
    out = []
    for token in re.findall(r"[A-Za-z]+", text):
        key = token.lower()
        if key in ABBREVIATIONS and (token.isupper() or key in _LOWER_OK):
            out.append(key)
    return out


def with_outlets(q: Question, sources: set[str]) -> Question:
    """`q` with capitalised names that are stored outlets moved from terms to outlets."""
    outlets = list(q.outlets)
    entities = []
    for entity in q.entities:
        name = norm_name(entity)
        if name and name in sources:
            outlets.append(name)
        else:
            entities.append(entity)
    if len(entities) == len(q.entities):
        return q
    dropped = {stem(w) for o in outlets for w in o.split()} - {
        stem(w) for e in entities for w in words(e)
    }
    terms = {t: w for t, w in q.terms.items() if t not in dropped}
    return replace(q, terms=terms, entities=entities, outlets=outlets)
