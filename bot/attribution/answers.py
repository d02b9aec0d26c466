"""Answers from the index: "what did X say (about Y)" gets all of X's quotes ranked by Y, and
"when ..." questions get the resolved dates of the events that match."""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from dataclasses import dataclass, field

from sqlalchemy import select

import bot.db.schema as schema
from bot.attribution.index import QuoteIndex, name_words, topic_stems
from bot.attribution.lexicon import COUNTRY_ALIASES
from bot.attribution.speakers import place_words, words_match
from bot.question.intent import ABBREVIATIONS
from bot.question.parse import fold_accents

# Words that name a camp or a mouthpiece rather than a person: "the Cambodian side" is
# Cambodia's officials, "Meta's spokesperson" speaks as Meta.
_CAMP = {
    "side",
    "camp",
    "government",
    "govt",
    "authorities",
    "leadership",
    "administration",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "representative",
    "teh",
}


@dataclass
class QuoteHit:
    """One quote for an answer: `article_text[start:end] == quote` in the article `doc_id`."""

    speaker: str
    role: str
    quote: str
    kind: str  # direct | indirect
    cue: str
    doc_id: str
    title: str
    source: str
    published_at: str
    start: int
    end: int
    score: float = 0.0  # share of the question's topic words the quote carries
    outlets: list[dict] = field(default_factory=list)  # every article carrying it


@dataclass
class EventHit:
    """A dated event for a "when" answer: `article_text[start:end] == text` (the sentence)."""

    date: str
    precision: str
    status: str
    expression: str
    text: str
    doc_id: str
    title: str
    source: str
    start: int
    end: int
    score: float = 0.0


def quotes_for_question(db, question, limit: int = 10) -> list[QuoteHit]:
    """The asked-about speaker's quotes, best match to the rest of the question first; [] when
    the question names no speaker or the index has none of theirs."""
    asked = getattr(question, "speaker_name", "")
    names = resolve_speaker(db, asked, variants=True)
    if not names:
        return []
    topic = getattr(question, "speaker_topic", "")
    index = QuoteIndex(db)
    items = []
    for name in names:  # a misspelt word may mend two ways ("ministr": minister, ministry)
        items = index.quotes(speaker=name, topic=topic, only_topic=False)
        if items:
            break
    if items:
        items = [i for i in items if _asks_for(name, i.row["speaker"], i.row.get("role") or "")]
    else:
        closest = _closest_speaker(db, names[0])
        items = index.quotes(speaker=closest, topic=topic, only_topic=False) if closest else []
    return [QuoteHit(**_pick(i.row, QuoteHit), score=i.score, outlets=i.outlets) for i in items][
        :limit
    ]


def events_for_question(db, question, limit: int = 10) -> list[EventHit]:
    """Dated events whose sentence shares the question's words, best match first."""
    topic = " ".join(question.terms)
    if not topic_stems(topic):
        return []
    items = QuoteIndex(db).timeline(topic=topic)
    items.sort(key=lambda i: -i.score)
    return [EventHit(**_pick(i.row, EventHit), score=i.score) for i in items][:limit]


def resolve_speaker(db, asked: str, variants: bool = False):
    """The speaker words as the index spells them: abbreviations written out ("FM"), camp
    words dropped ("the Cambodian side"), accents folded and typos mended against the names
    and roles the index holds ("foriegn" -> "foreign", "Bjorn" -> "Björn"); "" when none.
    With `variants`, a list of up to 8 spellings, most likely first ([] when none)."""
    out: list[str] = []
    for word in re.findall(r"[\w.'’-]+", asked):
        low = word.lower()
        out += ABBREVIATIONS.get(low, low).split() if low in ABBREVIATIONS else [low]
    wanted = [w for w in name_words(" ".join(out)) if w not in _CAMP]
    if not wanted:
        return [] if variants else ""
    vocab = _vocabulary(db)
    folded = {fold_accents(v): v for v in vocab}
    mended: list[str | list[str]] = []
    for w in wanted:
        if w in vocab:
            mended.append(w)
        elif fold_accents(w) in folded:
            mended.append(folded[fold_accents(w)])
        else:
            close = difflib.get_close_matches(w, vocab, n=2, cutoff=0.8) if len(w) >= 5 else []
            mended.append(close or [w])
    if not variants:
        return " ".join(m if isinstance(m, str) else m[0] for m in mended)
    options = [[m] if isinstance(m, str) else m for m in mended]
    return [" ".join(combo) for combo in itertools.islice(itertools.product(*options), 8)]


def _asks_for(name: str, speaker: str, role: str) -> bool:
    """Whether the words asked name this speaker and not just something their role mentions:
    words the name lacks must be places ("thai" for a Thai minister) or include the role's
    head noun ("foreign minister"); "youtube" does not ask for a "YouTube star"."""
    have = place_words(speaker)
    rest = [w for w in name_words(name) if not any(words_match(w, h) for h in have)]
    if not rest:
        return True
    head = re.split(r"\s+(?:of|for|at|to|in)\s+", role.lower())[0].split()
    return all(_place(w) for w in rest) or bool(
        head and any(words_match(w, head[-1].strip("'’s,")) for w in rest)
    )


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """One-word country names in English (CLDR, via babel), and the aliases we keep."""
    from babel import Locale

    names = {n.lower() for n in Locale("en").territories.values() if " " not in n}
    return frozenset(names | set(COUNTRY_ALIASES))


@functools.lru_cache(maxsize=4096)
def _place(word: str) -> bool:
    """A country or its people ("thai", "cambodian", "u.s.")."""
    return word in _countries() or any(words_match(word, c) for c in _countries())


def _closest_speaker(db, name: str) -> str:
    """When no speaker carries every word asked: the one whose name and role carry its last
    word (the role noun: "the Orlen hydro authority's chief hydrologist") and most of the
    rest; "" when none does, or two different people do equally well."""
    wanted = name_words(name)
    if len(wanted) < 2:
        return ""
    scored = []
    for speaker, role in _pairs(db):
        have = place_words(speaker) | place_words(role or "")
        hit = [any(words_match(w, h) for h in have) for w in wanted]
        if hit[-1] and sum(hit) >= max(2, (len(wanted) + 1) // 2):
            scored.append((sum(hit), speaker))
    if not scored:
        return ""
    best = max(n for n, _ in scored)
    names = {s for n, s in scored if n == best}
    return names.pop() if len(names) == 1 else ""


def _pairs(db) -> list[tuple[str, str]]:
    q = schema.quotes
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(q.c.speaker, q.c.role).distinct()).all()]


def _vocabulary(db) -> list[str]:
    vocab: set[str] = set()
    for speaker, role in _pairs(db):
        vocab |= place_words(speaker) | place_words(role or "")
    return sorted(vocab)


def _pick(row: dict, cls) -> dict:
    names = set(cls.__dataclass_fields__) - {"score", "outlets"}
    return {k: v for k, v in row.items() if k in names}
