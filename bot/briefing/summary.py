"""A summary request answered in chat ("summarize ...", "tell me about ...", "brief me on ..."):
the briefing's bottom line (then its timeline), cited like any answer."""

from __future__ import annotations

from dataclasses import replace

from bot.models import Answer, Briefing

MAX_POINTS = 4


def summary_answer(question: str, briefing: Briefing) -> Answer:
    """The bottom line of `briefing` as an `Answer` whose [n] are renumbered from 1."""
    items = [i for i in briefing.bottom_line if i.refs][:MAX_POINTS]
    if len(items) < MAX_POINTS:  # a short brief: its dated events say the rest
        items += [i for i in briefing.timeline if i.refs][: MAX_POINTS - len(items)]
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
