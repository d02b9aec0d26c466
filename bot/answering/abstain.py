"""Abstention: decide from the evidence when the retrieved passages do not answer the question.

Signals, never the question's wording: how strongly the re-ranker reads the best passage as
answering it (its logit), how much of the question's weighted content words the chosen quotes
cover together, and whether a year the question names appears in them. Without a re-ranker,
names the question asks about that no passage mentions stand in for the first signal.
A refusal gives its reason in general words and never repeats a word of the question.
Thresholds are set on MultiHop-RAG's dev half (even positions); see docs/benchmarks.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from bot.answering.asked import asked_thing, asks_outcome, gives_outcome, names_thing
from bot.models import Passage
from bot.question import Question
from bot.question.parse import LONG_QUESTION_WORDS, MONTHS, STOPWORDS, stem, words
from bot.question.understanding import spelt_out

NOT_COVERED = "The articles in the store don't cover this question"
NOT_ANSWERED = "none of the passages found answers it"
NO_MATCH = "no passage matches what it asks"
MIN_COVERAGE = 0.15  # weighted share of question terms the chosen quotes must cover together
ENTITY_SHARE = 2 / 3  # share of a name's words that must appear in the passages
MIN_RELEVANCE = -3.0  # re-ranker logit of the best passage below which nothing answers
NAMES_RELEVANCE = 0.0  # ... and below which a name nobody mentions means "not covered"
STRONG_READING = 2.0  # ... above which few shared words don't mean "not covered"
TYPED_RELEVANCE = 0.0  # ... and the quoted sentence's, below which no figure or date answers


# Reasons an answer may be retried from sentences that mean the same in other words
# (bot/answering/meaning.py): nothing read as answering, or no words shared.
RETRY = frozenset({NOT_ANSWERED, NO_MATCH})


@dataclass
class Signals:
    """What abstention looks at, kept apart from the decision so it can be tuned."""

    unknown_outlets: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # names asked about (no outlets, dates)
    missing: list[str] = field(default_factory=list)  # names no retrieved passage mentions
    unfamiliar: list[str] = field(default_factory=list)  # question terms no stored article uses
    coverage: float = 0.0  # weighted share of question terms the best quote covers
    coverage_all: float = 0.0  # ... that all the chosen quotes together cover
    passages: int = 0
    relevance: float | None = None  # the re-ranker's best logit (None without a re-ranker)
    sentence_relevance: float | None = None  # its best logit for a quoted sentence alone

    @property
    def support(self) -> float | None:
        """How strongly the re-ranker reads the evidence as answering: the best of the
        passage and the quoted sentence read alone (a long passage can bury its answer)."""
        read = [x for x in (self.relevance, self.sentence_relevance) if x is not None]
        return max(read) if read else None

    missing_years: list[str] = field(default_factory=list)  # years asked that nothing mentions
    untyped: str = ""  # the kind of answer asked for ("number", "date") no chosen quote holds
    typed: str = ""  # the kind of answer asked for ("number", "date"; "" for other questions)
    meaning: bool = False  # the quotes were chosen for meaning the same, not for shared words
    counted: bool = False  # ... for giving a figure of the thing a how-many question counts


def signals(
    q: Question,
    passages: list[Passage],
    covered: list[dict[str, float]],
    extra: list[str] | None = None,
) -> Signals:
    """Measure the signals from the passages and the term coverage of each chosen quote.

    `extra` is further text the answerer read (context sentences around the passages).
    """
    union: dict[str, float] = {}
    for c in covered:
        for term, value in c.items():
            union[term] = max(union.get(term, 0.0), value)
    found = Signals(
        coverage=sum(covered[0].values()) if covered else 0.0,
        coverage_all=sum(union.values()),
        passages=len(passages),
    )
    found.unknown_outlets = list(q.unknown_outlets)
    found.entities = [e for e in q.entities if not _is_date(e)]
    seen: set[str] = set()
    metadata = [f"{p.title} {p.source}" for p in passages]
    for text in [p.text for p in passages] + metadata + (extra or []):
        seen.update(words(text))
    stems = {stem(w) for w in seen}
    found.missing = [e for e in found.entities if not _entity_found(e, seen, stems)]
    if len(q.text.split()) <= LONG_QUESTION_WORDS:  # a long one words each part its own way
        found.unfamiliar = list(q.unfamiliar)
    scored = [p.relevance for p in passages if p.relevance is not None]
    found.relevance = max(scored) if scored else None
    dated = " ".join(p.published_at[:4] for p in passages)
    found.missing_years = [y for y in q.years if y not in seen and y not in dated]
    return found


def quoted_signals(q: Question, passages: list[Passage], chosen: list, extra: list[str]) -> Signals:
    """`signals` for the quotes an answer chose (`chosen`: units with `text`, `covered`,
    `logit` and their `passage`), with the checks on what the quotes themselves hold."""
    found = signals(q, passages, [u.covered for u in chosen], extra)
    found.typed = "number" if "number" in q.wants else "date" if "when" in q.wants else ""
    read = [u.logit for u in chosen if u.logit is not None]
    found.sentence_relevance = max(read) if read else None
    top = chosen[:3]
    if len(q.text.split()) > LONG_QUESTION_WORDS:
        # A long question asks about several things, each quote answering a part of it: the
        # figure or date may be in any quote, and a year (one detail among several) in any
        # passage found (as `signals` checked it).
        found.untyped = untyped(q, [u.text for u in top])
        return found
    # A short one asks one thing: the figure, date or year must be in a quote about what it
    # names (or that quote's article date), not in one beside it about something else.
    found.untyped = untyped(q, on_subject(q, [u.text for u in top], [u.passage.title for u in top]))
    dated = on_subject(
        q,
        [f"{u.text} {u.passage.published_at[:4]}" for u in chosen],
        [u.passage.title for u in chosen],
    )
    found.missing_years = [y for y in q.years if not any(y in t for t in dated)]
    return found


# What an answer of each kind must hold: a figure for how many/much/long, a time for when.
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|"
    r"quarter|third|double|twice|triple)\b",
    re.I,
)
_MONEY = re.compile(
    r"[$€£¥₹₩₽₺₪₱]|\b(?:dollars?|euros?|pounds?|yen|yuan|renminbi|baht|riel|ringgit|rupees?|"
    r"rupiah|francs?|kronor|krona|kroner|krone|zloty|forint|lira|liras|pesos?|reais|rand|"
    r"roubles?|rubles?|dinars?|dirhams?|riyals?|shekels?|naira|dong|kip|kyat|taka|"
    r"usd|eur|gbp|jpy|cny|nok|sek|dkk|chf|inr|cents?|pence)\b",
    re.I,
)
_MONEY_ASKED = re.compile(
    r"\b(?:cost|costs|price|prices|pay|paid|spend|spent|worth|salary|salaries|profit|"
    r"revenue|budget|fine|fined|funding|fund|earn|earned|charge|wage|wages|valuation|valued|"
    r"income|earnings|turnover)\b",
    re.I,
)
_AGE_ASKED = re.compile(r"\bhow old\b|\bwhat age\b|\b(?:his|her|their)\s+age\b", re.I)
_AGE = re.compile(r"\b\d+[- ]years?[- ]old\b|\baged?\s+\d+|,\s*\d{2},|\(\d{2}\)", re.I)
_TIME = re.compile(
    r"\b(?:(?:19|20)\d\d|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|tonight|week|weeks|"
    r"month|months|year|years|decade|century|ago|since|until|earlier|later|next|last|"
    r"morning|evening|night|spring|summer|autumn|fall|winter|\d{1,2}(?:st|nd|rd|th))\b",
    re.I,
)


# "who is the prime minister of ...", "who's malaysia's foreign minister", "who was the thai
# PM": a question for whoever holds a role, which only a sentence naming that role answers.
_ROLE_ASKED = re.compile(
    r"^\s*(?:who|hwo)(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+"
    r"(?:(?:the|a|an)\s+(?:[\w.-]+(?:'s|’s)\s+)?|[\w.-]+(?:'s|’s)\s+)(?P<role>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)"
    r"\s*(?:\b(?:of|in|at|for|on|from)\b|[?.!]*$)",
    re.I,
)


# Nouns that stand for whoever or whatever is asked about, not a post someone holds ("who is
# the person who ...", "who is the company behind ...").
_NOT_ROLES = frozenset(
    "person persons people individual individuals one man woman men women figure entity "
    "entities company companies firm organisation organization group party name team "
    "country nation player author subject thing".split()
)
_ROLE_QUESTION_WORDS = 12  # a longer "who is the ..." describes someone rather than a post


def role_words(text: str) -> list[str]:
    """The words of the role a who-question asks about ("prime minister" in "who is the prime
    minister of ..."), as typed ("pm" stays "pm"); [] for other questions."""
    m = _ROLE_ASKED.match(text)
    role = m.group("role").lower().split() if m else []
    if not role or any(w in _NOT_ROLES for w in role) or len(text.split()) > _ROLE_QUESTION_WORDS:
        return []
    return role


def unnamed_role(q: Question, quotes: list[str]) -> bool:
    """True when `q` asks who holds a role and no quote names that role: every common
    English word of it must be there, an abbreviation as typed or spelt out ("CEO" or
    "chief executive"); names and words a list doesn't know are left to other signals."""
    from bot.question.intent import ABBREVIATIONS
    from bot.retrieval.spelling import is_english

    have = {stem(w) for w in words(" ".join(quotes))}

    def named(word: str) -> bool:
        if stem(word) in have or _spelt_out(word, have):
            return True
        return word not in ABBREVIATIONS and not is_english(word)

    return not all(named(w) for w in role_words(q.text))


def name_words(q: Question) -> set[str]:
    """Stems of the question's words an English word list doesn't know: names, typed in
    capitals or not ("ozempic", "menendez"); abbreviations and short words left out."""
    from bot.question.intent import ABBREVIATIONS
    from bot.retrieval.spelling import is_english

    outlets = {w for o in [*q.outlets, *q.unknown_outlets] for w in words(o)}
    return {
        stem(w)
        for w in words(q.text)
        if len(w) > 3
        and w.isalpha()
        and w not in ABBREVIATIONS
        and w not in outlets
        and not is_english(w)
    }


def on_subject(q: Question, quotes: list[str], titles: list[str]) -> list[str]:
    """The quotes that are about what the question names: each, with its article's title
    (`titles`, one per quote), holds every name word of it (`name_words`); all of them when
    it names nothing unfamiliar."""
    names = name_words(q)
    if not names:
        return list(quotes)
    return [
        text
        for text, title in zip(quotes, titles, strict=True)
        if names <= {stem(w) for w in words(f"{text} {title}")}
    ]


def counted_units(q: Question, units: list) -> list:
    """The quotable units (with `text` and `covered`) that give a figure for the thing a
    how-many question counts, sharing a word with it; [] for other questions."""
    thing = asked_thing(q.reading) if "number" in q.wants else ""
    if not thing:
        return []
    return [
        u for u in units if u.covered and _NUMBER.search(u.text) and names_thing(thing, [u.text])
    ]


def untyped(q: Question, quotes: list[str]) -> str:
    """The kind of answer the question asks for that none of `quotes` could give: "number"
    (how many/much: a figure; a cost: an amount of money; of the thing counted), "date" (when:
    a time expression), "role" (who holds a role: the role named), "thing" (is there ...: the
    thing named), "outcome" (who won: a result reported); "" when one of them could."""
    text = " ".join(quotes)
    if unnamed_role(q, quotes):
        return "role"
    thing = asked_thing(q.reading)
    if thing and not names_thing(
        thing, [t for t in quotes if _NUMBER.search(t)] if "number" in q.wants else quotes
    ):
        return "number" if "number" in q.wants else "thing"
    if _AGE_ASKED.search(q.text) and not _AGE.search(text):
        return "number"
    if "number" in q.wants:
        if not _NUMBER.search(text):
            return "number"
        if _MONEY_ASKED.search(q.topic or q.text) and not _MONEY.search(text):
            return "number"
    if "when" in q.wants and not _TIME.search(text):
        return "date"
    if asks_outcome(q.text) and not gives_outcome(text):
        return "outcome"
    return ""


def decide(s: Signals) -> str | None:
    """A short reason to abstain ("none of them is from Bloomberg"), or None to answer."""
    if not s.passages:
        return "nothing relevant was found"
    support = s.support
    if support is not None and support < MIN_RELEVANCE:
        return NOT_ANSWERED
    if s.missing and (support is None or support < NAMES_RELEVANCE):
        return "none of them is about the people or things it names"
    if s.missing_years:
        return "none of them is about the year it asks about"
    strong = support is not None and support >= STRONG_READING
    if s.unfamiliar and not strong:  # "cricket" over rugby: what it asks is not in the store
        return "none of them is about all of what it asks"
    if s.coverage_all < MIN_COVERAGE and not s.meaning and not strong:
        return NO_MATCH
    if s.untyped in ("number", "date"):
        return _NOT_GIVEN[s.untyped]
    # A quote naming the thing counted beside a figure needs only not to be read as off-topic.
    bar = MIN_RELEVANCE if s.counted else TYPED_RELEVANCE
    weak = s.sentence_relevance is not None and s.sentence_relevance < bar
    if s.typed and weak:  # a figure or a date is there, but not one the sentence gives for it
        return _NOT_GIVEN[s.typed]
    if s.untyped in ("role", "thing", "outcome"):
        return _NOT_GIVEN[s.untyped]
    return None


_NOT_GIVEN = {
    "number": "none of them gives the figure it asks for",
    "date": "none of them says when",
    "role": "none of them says who holds that post",
    "thing": "none of them says whether there is one",
    "outcome": "none of them gives the result it asks for",
}


def _is_date(entity: str) -> bool:
    """Names that are dates ("October 5"); names that are stored outlets left the question's
    entities when it was understood."""
    tokens = words(entity)
    return not tokens or tokens[0] in MONTHS or all(t.isdigit() for t in tokens)


def _entity_found(entity: str, seen: set[str], stems: set[str]) -> bool:
    """Most of the name's words (two of three, and always its last one) appear in the passages."""
    tokens = [w for w in words(entity) if len(w) > 1]
    if not tokens:
        return True

    def found(w: str) -> bool:
        if w in seen or stem(w) in stems or (len(w) >= 4 and any(s.startswith(w) for s in seen)):
            return True
        return _spelt_out(w, stems)

    hits = [found(w) for w in tokens]
    return hits[-1] and sum(hits) >= math.ceil(ENTITY_SHARE * len(tokens))


def _spelt_out(word: str, stems: set[str]) -> bool:
    """Whether `word` is an abbreviation whose words are all in `stems` ("FM": "foreign
    minister")."""
    from bot.question.intent import ABBREVIATIONS

    spelt = ABBREVIATIONS.get(word, "").split()
    return bool(spelt) and all(stem(x) in stems for x in spelt)


def topic_covered(topic: str, quotes: list[str], reranker) -> bool:
    """Whether a summary request's topic is what the quoted sentences are about: the
    re-ranker reads at least one as answering it (logit >= MIN_RELEVANCE, as for answers).
    True without a re-ranker, or for a topic with no content words ("summarize it")."""
    if reranker is None or not quotes or not [w for w in words(topic) if w not in STOPWORDS]:
        return True
    return float(max(reranker.score(spelt_out(topic), quotes))) >= MIN_RELEVANCE
