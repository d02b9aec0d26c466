"""What every export format shares: section order, headings, the subtitle and note lines."""

from __future__ import annotations

from collections.abc import Callable

from bot.models import Briefing, BriefItem, Citation, Source

WATCH_HEADING = "Open questions / what to watch"
NOTHING_AHEAD = "Nothing in the sources looks ahead."


def sections(briefing: Briefing) -> list[tuple[str, list[BriefItem]]]:
    """(heading, bullets) in reading order, the same for every format."""
    parts = [("Key points", briefing.key_points)]
    parts += [(s.heading, s.items) for s in briefing.sections]
    parts += [("Who said what", briefing.who_said_what), (WATCH_HEADING, briefing.watch)]
    return parts


def subtitle(briefing: Briefing) -> str:
    """'2023-10-01 to 2023-10-05 · 3 sources · extractive'."""
    if briefing.date_from and briefing.date_to and briefing.date_from != briefing.date_to:
        when = f"{briefing.date_from} to {briefing.date_to}"
    else:
        when = briefing.date_from or briefing.date_to or "undated"
    n = len(briefing.sources)
    return f"{when} · {n} source{'s' if n != 1 else ''} · {briefing.mode}"


def source_line(source: Source) -> str:
    """Title, outlet, date, url (whichever are known)."""
    parts = [source.title or "(untitled)", source.source, source.published_at[:10], source.url]
    return ", ".join(p for p in parts if p)


def note_line(briefing: Briefing, citation: Citation) -> str:
    """The endnote text of [n]: the exact quote and which source it is from."""
    source = briefing.source_of(citation)
    return f"\u201c{citation.quote}\u201d \u2014 source {source.n}: {source_line(source)}"


def item_text(item: BriefItem, speaker: Callable[[str], str] = str) -> str:
    """The bullet's words, with the speaker and role in front for quotes."""
    if not item.speaker:
        return item.text
    who = speaker(item.speaker) + (f" ({item.role})" if item.role else "")
    return f"{who}: {item.text}"
