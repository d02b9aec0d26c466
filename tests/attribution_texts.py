"""What the attribution rules find in a text written for a test: the quotes (each span checked
exact) and who says each."""

from __future__ import annotations

from datetime import date

from bot.attribution.extract import analyse

PUBLISHED = "2024-03-04T09:00:00+00:00"
TODAY = date(2026, 12, 2)


def quotes_in(text: str):
    """The quotes found in `text`, published PUBLISHED; fails on any inexact span."""
    found = analyse([("t", text, {"published_at": PUBLISHED})], TODAY)
    quotes = found[0].quotes
    assert all(text[q.start : q.end] == q.quote for q in quotes)
    return quotes


def who_said(text: str) -> dict[str, tuple[str, str]]:
    """Each quote of `text` mapped to (speaker, how the speaker was found)."""
    return {q.quote: (q.speaker, q.how) for q in quotes_in(text)}
