"""The sections of a briefing that rest on the quote and event index: timeline, positions,
what to watch and where sources differ. Each takes what it uses from a `Plan`, so a fact is
quoted once, in the section that comes first (a planned event may be listed in the timeline
and under what to watch, with one citation)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from bot.briefing.actors import bare_first_name
from bot.briefing.facts import ArticleFacts, Dated
from bot.briefing.plan import Plan, numbers
from bot.models import BriefItem, shorten_quote

_AHEAD = re.compile(
    r"\b(?:will|won't|is expected to|are expected to|expected to|plans? to|planned|is set to|"
    r"are set to|scheduled|next (?:week|month|year|meeting|round)|upcoming|deadline|"
    r"whether|remains? to be seen|unclear|uncertain|unresolved|depends on|yet to)\b",
    re.IGNORECASE,
)
_OPEN = re.compile(
    r"\b(?:whether|remains? to be seen|unclear|uncertain|unresolved|depends on|yet to)\b",
    re.IGNORECASE,
)
_EXPLICIT = re.compile(r"\d")


def looks_ahead(text: str) -> bool:
    return bool(_AHEAD.search(text))


def timeline(plan: Plan, facts: dict[str, ArticleFacts], limit: int, words: int) -> list[BriefItem]:
    """Dated events of the material, oldest first: one entry per sentence (its first date),
    at most two per date, the most salient and most exactly dated chosen."""
    found: dict[int, Dated] = {}
    for doc_id, f in facts.items():
        for event in f.events:
            i = plan.at(doc_id, event.start, event.end)
            if i is None:
                continue
            here = plan.cands[i].text.find(event.expression)
            old = found.get(i)
            if old is None or 0 <= here < plan.cands[i].text.find(old.expression):
                found[i] = event
    if not found:
        return []
    median = float(np.median([c.salience for c in plan.cands]))

    def rank(i: int) -> float:
        explicit = 0.5 if _EXPLICIT.search(found[i].expression) else 0.0
        planned = 0.3 if found[i].status == "planned" else 0.0
        return plan.cands[i].salience + explicit + planned

    picked: dict[int, list[int]] = {}  # candidate -> its citations
    per_date: dict[str, int] = {}
    spent = 0
    for i in sorted(found, key=lambda i: -rank(i)):
        date = found[i].date
        if len(picked) >= limit or plan.cands[i].salience < median - 1.0:
            break
        if per_date.get(date, 0) >= 2 or spent + plan.cands[i].words > words:
            continue
        if not plan.usable(i):
            continue
        picked[i] = plan.take(i)
        per_date[date] = per_date.get(date, 0) + 1
        spent += plan.cands[i].words
    order = sorted(picked, key=lambda i: (found[i].date, plan.cands[i].ts, plan.cands[i].start))
    return [
        BriefItem(plan.cands[i].text, picked[i], date=found[i].date, status=found[i].status)
        for i in order
    ]


def planned_after(plan: Plan, facts: dict[str, ArticleFacts], newest: str) -> set[int]:
    """Candidates that announce an event dated after the newest source."""
    out = set()
    for doc_id, f in facts.items():
        for event in f.events:
            if event.status == "planned" and newest and event.date > newest[: len(event.date)]:
                i = plan.at(doc_id, event.start, event.end)
                if i is not None:
                    out.add(i)
    return out


def watch(
    plan: Plan,
    facts: dict[str, ArticleFacts],
    dated: list[BriefItem],
    newest: str,
    limit: int,
    words: int,
) -> list[BriefItem]:
    """Planned events after the newest source (from the timeline, same citation), then open
    questions and announced plans the sources state ("will", "is expected to", "whether")."""
    items = [
        BriefItem(i.text, list(i.refs), date=i.date, status=i.status)
        for i in dated
        if i.status == "planned" and newest and i.date > newest[: len(i.date)]
    ][:limit]
    taken = {i.text for i in items}
    for doc_id, f in facts.items():  # planned events the timeline had no room for
        for event in f.events:
            if (
                len(items) >= limit
                or event.status != "planned"
                or event.date <= newest[: len(event.date)]
            ):
                continue
            i = plan.at(doc_id, event.start, event.end)
            if i is not None and plan.cands[i].text not in taken and plan.usable(i):
                if plan.cands[i].words <= words:
                    items.append(
                        BriefItem(
                            plan.cands[i].text, plan.take(i), date=event.date, status="planned"
                        )
                    )
                    taken.add(plan.cands[i].text)
                    words -= plan.cands[i].words
    cands = plan.cands
    median = float(np.median([c.salience for c in cands]))
    ahead = [
        i for i in range(len(cands)) if looks_ahead(cands[i].text) and cands[i].salience >= median
    ]
    ahead.sort(key=lambda i: -(cands[i].salience + (0.5 if _OPEN.search(cands[i].text) else 0)))
    for i in ahead:
        if len(items) >= limit:
            break
        if cands[i].words <= words and plan.usable(i):
            items.append(BriefItem(cands[i].text, plan.take(i)))
            words -= cands[i].words
    return items


def positions(
    plan: Plan, facts: dict[str, ArticleFacts], limit: int, words: int
) -> list[BriefItem]:
    """One entry per actor from the quote index: their own words (a direct quote first), as
    the index attributes them, most recent first."""
    by_actor: dict[str, list[tuple[float, str, int, Any]]] = {}
    names: dict[str, tuple[str, str]] = {}
    for doc_id, f in facts.items():
        for q in f.quotes:
            i = plan.at(doc_id, q.start, q.end)
            if i is None or len(q.quote.split()) < 4 or not named(q.speaker):
                continue
            if bare_first_name(q.speaker, q.how, plan.texts.get(doc_id, "")):
                continue  # "Jason", never named in full: not an actor a reader can place
            key = _actor_key(q.speaker)
            names.setdefault(key, (q.speaker, q.role))
            if q.role and not names[key][1]:
                names[key] = (names[key][0], q.role)
            # Their own words first: a direct quote before any reported speech.
            weight = plan.cands[i].salience + (10.0 if q.kind == "direct" else 0.0)
            stamp = str(plan.cands[i].meta.get("published_at", ""))[:10]
            by_actor.setdefault(key, []).append((weight, stamp, i, q))
    order = sorted(
        by_actor,
        key=lambda k: (max(s for _, s, _, _ in by_actor[k]), max(w for w, *_ in by_actor[k])),
        reverse=True,
    )
    items: list[BriefItem] = []
    for key in order:
        if len(items) >= limit:
            break
        for _, _, i, q in sorted(by_actor[key], key=lambda t: -t[0]):
            shown = shorten_quote(q.quote, 240)
            if q.kind == "direct":
                shown = f"\u201c{shown}\u201d"
            n_words = len(shown.split())
            if n_words > words or not plan.usable(i, n_words):
                continue
            refs = plan.take(i, n_words, span=(q.start, q.end))
            speaker, role = names[key]
            items.append(BriefItem(shown, refs, speaker=speaker, role=role))
            words -= n_words
            break
    return items


def differences(plan: Plan, limit: int = 2, low: float = 0.8) -> list[BriefItem]:
    """The same fact reported with different numbers by two articles, each side cited."""
    cands = plan.cands
    pairs = []
    for i in range(len(cands)):
        mine = quantities(cands[i].text)
        if not mine or cands[i].words < 8:
            continue
        for j in range(i + 1, len(cands)):
            if cands[j].doc_id == cands[i].doc_id or plan.sims[i, j] < low:
                continue
            theirs = quantities(cands[j].text) if cands[j].words >= 8 else set()
            if theirs and theirs != mine:
                pairs.append((float(plan.sims[i, j]) + cands[i].salience + cands[j].salience, i, j))
    items: list[BriefItem] = []
    seen: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if len(items) >= limit or i in seen or j in seen:
            continue
        a, b = cands[i], cands[j]
        text = f"{_outlet(a)}: {a.text} {_outlet(b)}: {b.text}"
        if len(text.split()) > plan.words_left:
            continue
        refs = [_cite(plan, i), _cite(plan, j)]
        plan.words_left -= len(text.split())
        seen.update((i, j))
        items.append(BriefItem(text, refs))
    return items


def attribute(plan: Plan, facts: dict[str, ArticleFacts], items: list[BriefItem]) -> None:
    """Name the speaker of an item whose sentence quotes someone it does not name ("The
    statement said: ...", "He said: ..."), as the quote index attributes it."""
    by_quote = {(c.doc_id, c.start, c.end): c for c in plan.citations}
    for item in items:
        if item.speaker or not item.refs:
            continue
        cited = next((c for c in plan.citations if c.n == item.refs[0]), None)
        if cited is None or (cited.doc_id, cited.start, cited.end) not in by_quote:
            continue
        for q in facts.get(cited.doc_id, ArticleFacts()).quotes:
            inside = cited.start <= q.start and q.end <= cited.end
            surname = q.speaker.split()[-1] if q.speaker.split() else ""
            if inside and surname and surname not in cited.quote:
                item.speaker, item.role = q.speaker, q.role
                break


_DATE_NUMBER = re.compile(
    r"\b(?:(?:19|20)\d\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|"
    r"Dec)[a-z]*)\b"
)


def quantities(text: str) -> set[str]:
    """The numbers of a sentence that are not dates (a count, a sum, a share)."""
    return numbers(_DATE_NUMBER.sub(" ", text))


def _cite(plan: Plan, i: int) -> int:
    c = plan.cands[i]
    return plan.cite(c.doc_id, c.start, c.end, c.salience, c.passage, c.meta)


def _outlet(c) -> str:
    return str(c.meta.get("source") or c.meta.get("title") or "One article")


def named(speaker: str) -> bool:
    """True for an actor a reader can place: a name or an institution ("Travis Kelce", "the
    Cambodian Ministry of Interior"), not "a source", "someone else" or "the Grammy winner"."""
    words = speaker.split()
    return bool(words) and words[-1][:1].isupper()


def _actor_key(speaker: str) -> str:
    words = speaker.lower().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)
