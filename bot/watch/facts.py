"""The facts a digest remembers and compares: figures, quotes with their stance, dated events,
and each article's lead point. Every fact keeps its exact span in the stored article.

Two facts are "about the same thing" when they are of one kind, share the actor (a quote's
speaker), the unit (a figure's "people", "%") or the event word ("meeting"), and enough of
the words around them; they then differ, or not, by their `value`: the number, the stance,
the date and whether it happened.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from bot.attribution.index import topic_score, topic_stems
from bot.attribution.speakers import speaker_key
from bot.question.parse import STOPWORDS, stem, words
from ingest.chunking import sentence_spans

RELEVANT = 0.5  # share of the topic's words an article must carry to be followed
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
# Words that say a figure or plan changed, not what it is about.
CHANGE_WORDS = {
    stem(w)
    for w in "said says say told according revised revise raised lowered updated update now "
    "earlier previously rose risen fell increased decreased new latest figure number "
    "total official officially putting put least more than some about nearly almost "
    "from to".split()
}
UNIT_SKIP = {"more", "additional", "other", "new", "further", "extra", "of", "the", "a"}
MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
_NUMBER = re.compile(
    r"(?<![\w./:-])([$€£])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"
    r"(\s*(?:%|per ?cent|percent))?(?:\s+(thousand|million|billion|bn)\b)?(?![\w/:])",
    re.I,
)
EVENT_WORDS = {
    stem(w)
    for w in "meeting meet talks summit vote election deadline hearing visit signing "
    "negotiations conference session referendum trial ruling ceremony debate ballot "
    "poll".split()
}
SUPPORT = {
    stem(w)
    for w in "support supports backed back welcome welcomed agree agreed accept accepted "
    "endorse endorsed favour favor ready committed approve approved sign".split()
}
OPPOSE = {
    stem(w)
    for w in "oppose opposed reject rejected refuse refused against deny denied withdraw "
    "withdrew suspend suspended halt halted block blocked".split()
}
NEGATORS = {"not", "no", "never", "cannot", "won't", "nor", "longer"}


@dataclass
class Fact:
    kind: str  # figure | quote | event | point
    actor: str
    subject: str  # space-separated stems
    value: str
    text: str
    doc_id: str
    title: str
    source: str
    url: str
    published_at: str
    start: int
    end: int
    shown: str = ""  # how the value reads ("52 people", "planned for 2025-11-20")

    def row(self) -> dict:
        return asdict(self)

    @classmethod
    def from_row(cls, row: dict) -> Fact:
        fact = cls(**{k: row[k] for k in cls.__dataclass_fields__})
        fact.shown = fact.shown or shown_value(fact)
        return fact

    def word(self) -> str:
        """An event's word as the text writes it ("meeting" for the stem "meet")."""
        return next((w for w in words(self.text) if stem(w) == self.actor), self.actor)

    @property
    def stems(self) -> set[str]:
        return set(self.subject.split())


def relevant(topic: str, title: str, text: str) -> bool:
    """The article is about the watched topic (half its words or more)."""
    stems = topic_stems(topic)
    return not stems or topic_score(stems, f"{title}\n{text}") >= RELEVANT


def subject_stems(text: str, drop: str = "") -> str:
    gone = {stem(w) for w in words(drop)}
    out = []
    for w in words(text):
        s = stem(w)
        if w in STOPWORDS or len(w) < 3 or w.isdigit() or w in MONTHS:
            continue
        if s in CHANGE_WORDS or s in gone or s in out:
            continue
        out.append(s)
    return " ".join(out)


def lead_span(text: str) -> tuple[int, int] | None:
    """The first sentence of the body (after a dateline)."""
    for start, end in sentence_spans(text[:2000]):
        if end - start >= 40:
            return start, end
    return None


def article_facts(article, quotes: list[dict], events: list[dict]) -> list[Fact]:
    """Every fact of one stored article (`article.doc_id`, `.text`, `.meta`), with the quote
    and event rows the quote index holds for it."""
    meta = article.meta
    base = {
        "doc_id": article.doc_id,
        "title": str(meta.get("title") or ""),
        "source": str(meta.get("source") or ""),
        "url": str(meta.get("url") or ""),
        "published_at": str(meta.get("published_at") or ""),
    }
    text = article.text
    facts: list[Fact] = []
    lead = lead_span(text)
    if lead:
        sentence = text[lead[0] : lead[1]]
        facts.append(
            Fact(
                "point",
                "",
                subject_stems(sentence),
                "",
                sentence,
                **base,
                start=lead[0],
                end=lead[1],
            )
        )
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        for match, value, unit in figures(sentence):
            subject = subject_stems(sentence, drop=match)
            fact = Fact("figure", unit, subject, value, sentence, **base, start=start, end=end)
            fact.shown = match
            facts.append(fact)
    for q in quotes:
        # Direct quotes carry a position; reported speech is news like any other sentence.
        kind = "quote" if q.get("kind") == "direct" else "point"
        stance = stance_of(f"{q.get('cue', '')} {q['quote']}") if kind == "quote" else ""
        fact = Fact(
            kind,
            q["speaker"],
            subject_stems(q["quote"]),
            stance,
            q["quote"],
            **base,
            start=q["start"],
            end=q["end"],
        )
        facts.append(fact)
    for e in events:
        noun = next((s for s in (stem(w) for w in words(e["text"])) if s in EVENT_WORDS), "")
        if not noun:
            continue
        fact = Fact(
            "event",
            noun,
            subject_stems(e["text"], drop=e["expression"]),
            f"{e['date']}|{e['status']}",
            e["text"],
            **base,
            start=e["start"],
            end=e["end"],
        )
        facts.append(fact)
    for fact in facts:
        fact.shown = fact.shown or shown_value(fact)
    return facts


def figures(sentence: str) -> list[tuple[str, str, str]]:
    """(the figure as written, its value normalised, its unit) of each number in a sentence;
    years, days of the month and clock times are left out."""
    out = []
    for m in _NUMBER.finditer(sentence):
        currency, whole, frac, pct, mult = m.groups()
        digits = whole.replace(",", "")
        before = sentence[max(0, m.start() - 12) : m.start()].lower().split()
        after_words = re.findall(r"[A-Za-z%]+", sentence[m.end() : m.end() + 40].lower())
        if before and before[-1] in MONTHS or after_words and after_words[0] in MONTHS:
            continue  # a date
        if not (currency or pct or mult) and len(digits) == 4 and digits[:2] in ("19", "20"):
            continue  # a year
        value = float(f"{digits}.{frac or 0}") * MULTIPLIERS.get((mult or "").lower(), 1)
        if pct:
            unit = "%"
        elif currency:
            unit = currency
        else:
            unit = next((stem(w) for w in after_words if w not in UNIT_SKIP), "")
            if not unit or unit in STOPWORDS:
                continue
        shown = m.group(0).strip()
        if unit not in ("%", currency) and after_words:
            shown = f"{shown} {after_words[0] if after_words[0] not in UNIT_SKIP else ' '.join(after_words[:2])}"
        out.append((shown, f"{value:g}", unit))
    return out


def stance_of(text: str) -> str:
    """'for', 'against' or '' of a quote: support and opposition words, flipped by a negation
    just before them ("will not support" is against)."""
    found = [stem(w) for w in words(text.replace("n't", " not"))]
    against = support = 0
    for i, s in enumerate(found):
        negated = any(w in NEGATORS for w in found[max(0, i - 3) : i])
        if s in SUPPORT:
            against, support = (against + 1, support) if negated else (against, support + 1)
        elif s in OPPOSE:
            against, support = (against, support + 1) if negated else (against + 1, support)
    if against > support:
        return "against"
    if support > against:
        return "for"
    return ""


def shown_value(fact: Fact) -> str:
    if fact.kind == "event":
        date, _, status = fact.value.partition("|")
        return f"{'planned for' if status == 'planned' else 'held'} {date}"
    if fact.kind == "quote":
        return {"for": "in favour", "against": "against"}.get(fact.value, "no clear stance")
    if fact.kind == "figure" and not fact.shown:
        return f"{fact.value} {fact.actor}".strip()
    return fact.shown or fact.value


def similarity(a: Fact, b: Fact) -> float:
    x, y = a.stems, b.stems
    if not x or not y:
        return 0.0
    both = len(x & y)
    return max(both / len(x | y), both / min(len(x), len(y)) if both >= 3 else 0.0)


def same_thing(a: Fact, b: Fact) -> bool:
    """Two facts about one thing (they may still differ in value)."""
    if a.kind != b.kind:
        return False
    if a.kind == "quote":
        if speaker_key(a.actor) != speaker_key(b.actor):
            return False
        if a.value and b.value and a.stems & b.stems:
            return True  # one speaker taking a position again on a shared subject
    elif a.kind == "event":
        if a.actor != b.actor:
            return False
        (day_a, _, status_a), (day_b, _, status_b) = a.value.partition("|"), b.value.partition("|")
        if status_a == status_b == "past" and day_a != day_b:
            return False  # two occasions, not one that changed
    elif a.kind != "point" and a.actor != b.actor:
        return False
    need = {"figure": 0.4, "quote": 0.25, "event": 0.3, "point": 0.7}[a.kind]
    return similarity(a, b) >= need


def differs(a: Fact, b: Fact) -> bool:
    """They say something different about the same thing (a quote's stance counts only when
    both take one)."""
    if a.kind == "point":
        return False
    if a.kind == "quote":
        return bool(a.value and b.value and a.value != b.value)
    if a.kind == "figure":
        return abs(float(a.value) - float(b.value)) > 1e-9
    return a.value != b.value
