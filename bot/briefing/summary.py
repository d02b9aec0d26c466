"""A summary request answered in chat ("summarize ...", "tell me about ...", "brief me on ..."):
the briefing's key points, cited like any answer."""

from __future__ import annotations

from dataclasses import replace

from bot.models import Answer, Briefing, Passage

MAX_POINTS = 4
CLOSE = 2.0  # re-ranker logits within this of the best passage's count as "about it" too
MIN_RELEVANCE = -2.0  # below this the best passage is not about the topic


def articles_asked_about(passages: list[Passage]) -> list[str]:
    """The articles a summary request is about, best first: the best passage's article and
    any other whose passage reads about as relevant (none when nothing is on topic)."""
    if not passages:
        return []
    scored = [p for p in passages if p.relevance is not None]
    if not scored:
        return list(dict.fromkeys(p.doc_id for p in passages[:3]))
    best = max(p.relevance for p in scored if p.relevance is not None)
    if best < MIN_RELEVANCE:
        return []
    close = [p for p in scored if p.relevance is not None and p.relevance >= best - CLOSE]
    return list(dict.fromkeys(p.doc_id for p in sorted(close, key=lambda p: -(p.relevance or 0))))


def summary_answer(question: str, briefing: Briefing) -> Answer:
    """The first key points of `briefing` as an `Answer` whose [n] are renumbered from 1."""
    items = [i for i in briefing.key_points if i.refs][:MAX_POINTS]
    if len(items) < MAX_POINTS:  # a short brief: its theme bullets say the rest
        items += [i for s in briefing.sections for i in s.items if i.refs][
            : MAX_POINTS - len(items)
        ]
    numbers: dict[int, int] = {}
    lines = []
    for item in items:
        refs = [numbers.setdefault(n, len(numbers) + 1) for n in item.refs]
        marks = "".join(f"[{n}]" for n in refs)
        lines.append(f"- {item.text.strip()} {marks}")
    citations = [replace(briefing.citations[old - 1], n=new) for old, new in numbers.items()]
    sources = len({c.doc_id for c in citations})
    lead = f"In brief, from {sources} article{'s' if sources != 1 else ''} in the store:"
    return Answer(
        question,
        lead + "\n" + "\n".join(lines),
        False,
        briefing.mode,
        citations,
        note=briefing.note,
    )
