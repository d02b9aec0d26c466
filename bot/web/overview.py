"""The empty chat's first screen: what the store holds and three questions to start with.

Pure functions of the stored article records, so they follow the store as it changes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

from bot.web.uploads import shown_name

MAX_OUTLETS_NAMED = 4
QUESTION_WORDS = 12
TEMPLATES = (
    "What do the articles say about “{}”?",
    "What happened in “{}”?",
    "Who is quoted on “{}”?",
)


@dataclass
class Overview:
    """Counts and dates of the stored articles."""

    articles: int
    outlets: list[str]
    first: str  # YYYY-MM-DD of the oldest dated article ("" when none is dated)
    last: str
    undated: int


def overview(articles: list) -> Overview:
    outlets = sorted({str(a.meta.get("source", "")).strip() for a in articles} - {""})
    days = sorted(d for d in (_day(a) for a in articles) if d)
    return Overview(
        articles=len(articles),
        outlets=outlets,
        first=days[0] if days else "",
        last=days[-1] if days else "",
        undated=len(articles) - len(days),
    )


def _day(article) -> str:
    value = str(article.meta.get("published_at", ""))[:10]
    return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""


def nice_day(iso_day: str) -> str:
    """'2025-11-03' as '3 Nov 2025'."""
    d = date.fromisoformat(iso_day)
    return f"{d.day} {d:%b %Y}"


def summary_text(o: Overview) -> str:
    """One plain sentence saying what the store holds."""
    if not o.articles:
        return "The store holds no articles yet: add some in the Sources tab."
    parts = [f"The store holds {o.articles} article{'s' if o.articles != 1 else ''}"]
    if o.outlets:
        named = ", ".join(o.outlets[:MAX_OUTLETS_NAMED])
        more = len(o.outlets) - MAX_OUTLETS_NAMED
        named += f" and {more} more" if more > 0 else ""
        parts.append(f" from {len(o.outlets)} outlet{'s' if len(o.outlets) != 1 else ''} ({named})")
    if o.first:
        span = (
            nice_day(o.first) if o.first == o.last else f"{nice_day(o.first)} to {nice_day(o.last)}"
        )
        parts.append(f", dated {span}")
    if o.undated:
        parts.append(f" ({o.undated} without a date)" if o.first else ", none of them dated")
    return "".join(parts) + "."


def example_questions(articles: list, n: int = 3) -> list[str]:
    """`n` questions about real stored articles: the newest of different outlets first."""
    ordered = sorted(articles, key=lambda a: (_day(a), a.title), reverse=True)
    picked: list = []
    seen: set[str] = set()
    for first_pass in (True, False):
        for a in ordered:
            outlet = str(a.meta.get("source", "")) or shown_name(str(a.meta.get("path", "")))
            if len(picked) == n or a in picked or (first_pass and outlet in seen):
                continue
            if _topic(a.title):
                picked.append(a)
                seen.add(outlet)
    return [TEMPLATES[i % len(TEMPLATES)].format(_topic(a.title)) for i, a in enumerate(picked)]


def _topic(title: str) -> str:
    """The title shortened to a few words, without trailing punctuation."""
    words = " ".join(title.replace("“", "").replace("”", "").split()).split(" ")
    short = " ".join(words[:QUESTION_WORDS])
    return short.rstrip(" .,;:!?…-") if short.strip() else ""


def placeholder_html(o: Overview) -> str:
    """The empty chat: the store's size, outlets and dates, and how to start."""
    lead = html.escape(summary_text(o))
    hint = (
        "Ask a question below, or pick one of these to start:"
        if o.articles
        else "Then ask a question here."
    )
    return (
        f'<div class="bb-welcome" id="bb-welcome"><p class="bb-store-summary">{lead}</p>'
        f'<p class="bb-hint">{hint}</p></div>'
    )
