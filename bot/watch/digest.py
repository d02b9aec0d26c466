"""What changed: the items of a later digest, from the facts of the articles added since the
last delivered one, compared with the facts the watch remembers.

Each item is `new`, `updated` (the same thing with another figure, date or stance: from what
to what, citing the old source and the new) or `conflicting` (two sources disagree, the newer
not being a later word on it). A fact already known with the same value gives no item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.models import shorten_quote
from bot.watch.facts import Fact, differs, same_thing, similarity

MAX_ITEMS = 15
MAX_POINTS_PER_ARTICLE = 2
STATUSES = ("updated", "conflicting", "new")


@dataclass
class Cites:
    """Numbered citations of one digest, one per exact span."""

    rows: list[dict] = field(default_factory=list)
    _by_span: dict = field(default_factory=dict)

    def of(self, fact: Fact) -> int:
        key = (fact.doc_id, fact.start, fact.end)
        if key not in self._by_span:
            self.rows.append(
                {
                    "n": len(self.rows) + 1,
                    "quote": fact.text,
                    "doc_id": fact.doc_id,
                    "title": fact.title,
                    "source": fact.source,
                    "url": fact.url,
                    "published_at": fact.published_at,
                    "start": fact.start,
                    "end": fact.end,
                }
            )
            self._by_span[key] = len(self.rows)
        return self._by_span[key]

    def add(self, citation: dict) -> int:
        """A citation from elsewhere (a brief), renumbered here."""
        key = (citation["doc_id"], citation["start"], citation["end"])
        if key not in self._by_span:
            self.rows.append({**citation, "n": len(self.rows) + 1})
            self._by_span[key] = len(self.rows)
        return self._by_span[key]


@dataclass
class Item:
    text: str
    status: str
    cites: list[int]

    def as_dict(self) -> dict:
        return {"text": self.text, "status": self.status, "cites": self.cites}


def changes(new: list[Fact], remembered: list[Fact], cites: Cites) -> list[Item]:
    """Items for the facts of newly added articles, against what the watch remembers."""
    items: list[Item] = []
    used: set[int] = set()  # new facts already reported (in a conflict or as a repeat)
    new = sorted(new, key=lambda f: (f.published_at, f.doc_id, f.start))
    reported: list[Fact] = []  # facts behind the items, and repeats of known ones
    for i, fact in enumerate(new):
        if i in used or fact.kind == "point":
            continue
        old = latest_match(fact, remembered)
        if old is not None and not differs(fact, old):
            reported.append(fact)  # known already, same value: its sentence is no news
            continue
        if old is not None and fact.published_at >= old.published_at:
            items.append(updated(old, fact, cites))
            reported.append(fact)
            _mark_repeats(new, i, fact, used)
            continue
        rival = next(
            (
                j
                for j, other in enumerate(new)
                if j > i
                and j not in used
                and other.doc_id != fact.doc_id
                and same_thing(fact, other)
                and differs(fact, other)
            ),
            None,
        )
        if old is not None or rival is not None:
            other = old if old is not None else new[rival]  # type: ignore[index]
            items.append(conflicting(fact, other, cites))
            if rival is not None:
                used.add(rival)
                reported.append(new[rival])
            reported.append(fact)
            continue
        items.append(Item(f"{describe(fact)} [{cites.of(fact)}]", "new", [cites.of(fact)]))
        reported.append(fact)
        _mark_repeats(new, i, fact, used, items[-1], cites)
    items += _points([f for f in new if f.kind == "point"], reported, remembered, cites)
    order = {s: k for k, s in enumerate(STATUSES)}
    items.sort(key=lambda it: order[it.status])
    return items[:MAX_ITEMS]


def _points(points: list[Fact], reported: list[Fact], remembered: list[Fact], cites: Cites):
    """Leads and reported speech of the new articles that say something not yet said: not
    within a sentence already reported, not close to a reported or remembered fact."""
    out: list[Item] = []
    per_doc: dict[str, int] = {}
    busy = {f.doc_id for f in reported}  # articles that gave items, or repeated known facts
    for point in points:
        if per_doc.get(point.doc_id, 0) >= MAX_POINTS_PER_ARTICLE:
            continue
        if not point.actor and point.doc_id in busy:
            continue  # a lead is the news only of an article that has nothing more specific
        inside = any(
            f.doc_id == point.doc_id and f.start < point.end and point.start < f.end
            for f in reported
        )
        close = any(similarity(point, f) >= 0.5 for f in reported) or any(
            f.kind == "point" and similarity(point, f) >= 0.7 for f in remembered
        )
        if inside or close:
            continue
        n = cites.of(point)
        who = f"{point.actor}: " if point.actor else ""
        out.append(Item(f"{who}{shorten_quote(point.text, 300)} [{n}]", "new", [n]))
        reported.append(point)
        per_doc[point.doc_id] = per_doc.get(point.doc_id, 0) + 1
    return out


def _mark_repeats(new, i, fact, used, item: Item | None = None, cites: Cites | None = None):
    """Later new facts saying the same thing are not reported again (their source is cited)."""
    for j in range(i + 1, len(new)):
        other = new[j]
        if j in used or other.kind != fact.kind or not same_thing(fact, other):
            continue
        if differs(fact, other):
            continue
        used.add(j)
        if item is not None and cites is not None and other.doc_id != fact.doc_id:
            n = cites.of(other)
            if n not in item.cites:
                item.cites.append(n)
                item.text += f" [{n}]"


def latest_match(fact: Fact, remembered: list[Fact]) -> Fact | None:
    """The remembered fact about the same thing: the closest, and of close ones the latest."""
    found = [
        (similarity(fact, old), k, old) for k, old in enumerate(remembered) if same_thing(fact, old)
    ]
    if not found:
        return None
    best = max(s for s, _, _ in found)
    close = [(old.published_at, k, old) for s, k, old in found if s >= best - 0.1]
    return max(close)[2]


def describe(fact: Fact) -> str:
    if fact.kind == "quote":
        return f"{fact.actor}: \u201c{shorten_quote(fact.text, 240)}\u201d"
    if fact.kind == "event":
        return f"{fact.shown.capitalize()}: {shorten_quote(fact.text, 240)}"
    return shorten_quote(fact.text, 300)


def updated(old: Fact, new: Fact, cites: Cites) -> Item:
    a, b = cites.of(old), cites.of(new)
    if new.kind == "quote":
        head = f"{new.actor} changed position, from {old.shown} to {new.shown}"
    elif new.kind == "event":
        moved = "was held" if new.value.endswith("|past") else "moved"
        head = f"The {new.word()} {moved}, from {old.shown} to {new.shown}"
    else:
        head = f"Figure revised, from {old.shown} to {new.shown}"
    text = (
        f"{head}: \u201c{shorten_quote(new.text, 240)}\u201d [{b}] "
        f"(before: \u201c{shorten_quote(old.text, 160)}\u201d [{a}])"
    )
    return Item(text, "updated", [a, b])


def conflicting(a: Fact, b: Fact, cites: Cites) -> Item:
    x, y = cites.of(a), cites.of(b)
    who_a, who_b = a.source or a.title or "one source", b.source or b.title or "another source"
    text = (
        f"Sources disagree: {who_a} says {a.shown} [{x}], {who_b} says {b.shown} [{y}] "
        f"(\u201c{shorten_quote(a.text, 160)}\u201d; \u201c{shorten_quote(b.text, 160)}\u201d)"
    )
    return Item(text, "conflicting", [x, y])
