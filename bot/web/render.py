"""HTML and text for the web chat. Every piece of article text goes through `html.escape`.

Pure functions of core objects (no Gradio), so escaping is tested without a browser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bot.web.uploads import shown_name

_MARKER = re.compile(r"\[(\d+)\]")
# Markdown would turn these into emphasis, links, code or headings; a backslash keeps them text.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$])")
_BULLET = re.compile(r"(?m)^\\- ")


def text_for_markdown(text: str) -> str:
    """Text that a Markdown renderer shows exactly as written (no HTML, no formatting)."""
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))


def answer_markup(text: str) -> str:
    """An answer for the chat: escaped text, each [n] a clickable marker of source n.

    The one piece of Markdown kept is a "- " at the start of a line: the answerer's bullets.
    """
    parts = _MARKER.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            # The number rides in a class: Gradio's sanitizer drops data-* attributes.
            n = int(part)
            out.append(
                f'<span class="bb-cite bb-cite-{n}" title="Show source {n}">&#91;{n}&#93;</span>'
            )
        else:
            out.append(text_for_markdown(part))
    return _BULLET.sub("- ", "".join(out))


def day(published_at: str) -> str:
    """The date part of an ISO timestamp ("" stays "")."""
    return (published_at or "")[:10]


def safe_url(url: str) -> str | None:
    """The URL if it is a plain web link, else None (no javascript:, data: ...)."""
    parsed = urlparse(url or "")
    return url if parsed.scheme in ("http", "https") and parsed.netloc else None


@dataclass
class Card:
    """One source card: a passage of one article and the citations whose quotes lie in it."""

    doc_id: str
    start: int | None  # offset of `text` in the article (None: the quote was not found in it)
    text: str
    cites: list = field(default_factory=list)

    @property
    def end(self) -> int:
        return (self.start or 0) + len(self.text)

    @property
    def numbers(self) -> list[int]:
        return sorted(int(c.n) for c in self.cites)


def merge_cards(citations: Iterable) -> list[Card]:
    """Cards for the citations, one per passage: overlapping passages of an article are joined."""
    cards: list[Card] = []
    for c in sorted(
        citations, key=lambda c: (c.doc_id, _passage_start(c) is None, _passage_start(c) or 0, c.n)
    ):
        start = _passage_start(c)
        last = cards[-1] if cards and cards[-1].doc_id == c.doc_id else None
        if last is not None and _joins(last, c, start):
            if start is not None and start + len(c.passage) > last.end:
                last.text += c.passage[last.end - start :]
            last.cites.append(c)
        else:
            cards.append(Card(c.doc_id, start, c.passage, [c]))
    return sorted(cards, key=lambda card: card.numbers[0])


def _passage_start(c) -> int | None:
    at = c.passage.find(c.quote) if c.quote else -1
    return c.start - at if at >= 0 else None


def _joins(card: Card, c, start: int | None) -> bool:
    """True when `c`'s passage overlaps the card's and the two agree on the shared text."""
    if start is None or card.start is None:
        return start is None and card.start is None and c.passage == card.text
    if not start < card.end:
        return False
    overlap = card.text[start - card.start : start - card.start + len(c.passage)]
    return c.passage.startswith(overlap)


def _marked_passage(card: Card) -> str:
    """The card's passage, escaped, with every quote in <mark> (labelled [n] when several)."""
    spans: list[tuple[int, int, int]] = []
    loose: list = []
    for c in card.cites:
        at = c.start - card.start if card.start is not None else -1
        if 0 <= at and card.text[at : at + len(c.quote)] == c.quote and c.quote:
            spans.append((at, at + len(c.quote), int(c.n)))
        elif c.quote:
            loose.append(c)
    label = len(card.cites) > 1
    out, pos = [], 0
    for s, e, ns in _union(spans):
        if s < pos:
            continue
        tag = "".join(f'<sup class="bb-qn">[{n}]</sup>' for n in ns) if label else ""
        out.append(html.escape(card.text[pos:s]))
        out.append(f'{tag}<mark class="bb-quote">{html.escape(card.text[s:e])}</mark>')
        pos = e
    out.append(html.escape(card.text[pos:]))
    for c in loose:  # a quote that is not inside the passage still shows
        tag = f'<sup class="bb-qn">[{int(c.n)}]</sup>' if label else ""
        out.append(f' {tag}<mark class="bb-quote">{html.escape(c.quote)}</mark>')
    return "".join(out)


def _union(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, list[int]]]:
    """Overlapping quote spans joined: (start, end, citation numbers)."""
    merged: list[tuple[int, int, list[int]]] = []
    for s, e, n in sorted(spans):
        if merged and s < merged[-1][1]:
            ps, pe, ns = merged[-1]
            merged[-1] = (ps, max(pe, e), ns + [n])
        else:
            merged.append((s, e, [n]))
    return merged


def where_from(c, file_name: str = "") -> list[str]:
    """Outlet and date of a citation; its file name stands in for whichever is missing."""
    parts = [p for p in (c.source, day(c.published_at)) if p]
    if len(parts) < 2 and file_name:
        parts.append(f"file {file_name}")
    return parts or ["source not named"]


def source_card(card: Card, file_name: str = "") -> str:
    """One source card: [n]s, title, outlet, date (or file name), link, marked passage."""
    c = card.cites[0]
    meta = [html.escape(p) for p in where_from(c, file_name)]
    url = safe_url(c.url)
    if url:
        meta.append(
            f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">'
            "open article</a>"
        )
    ns = card.numbers
    numbers = " ".join(f"[{n}]" for n in ns)
    classes = " ".join(f"bb-for-{n}" for n in ns)
    return (
        f'<div class="bb-source {classes}" id="bb-src-{ns[0]}" data-n="{ns[0]}">'
        f'<div class="bb-source-head"><span class="bb-n">{numbers}</span> '
        f'<span class="bb-title">{html.escape(c.title or "untitled")}</span></div>'
        f'<div class="bb-meta">{" · ".join(meta)}</div>'
        f'<p class="bb-passage">{_marked_passage(card)}</p>'
        '<button type="button" class="bb-back">↑ Back to the answer</button></div>'
    )


def sources_html(answer, files: dict[str, str] | None = None) -> str:
    """The sources panel for an answer (or its empty state); files: doc_id -> file name."""
    if answer is None:
        return '<div class="bb-sources"><p class="bb-empty">Sources of the answer appear here.</p></div>'
    if not answer.citations:
        note = (
            "No sources: the answer cites nothing."
            if not answer.abstained
            else ("No sources: the articles in the store don't cover this question.")
        )
        return f'<div class="bb-sources"><p class="bb-empty">{note}</p></div>'
    names = files or {}
    cards = "".join(
        source_card(card, names.get(card.doc_id, "")) for card in merge_cards(answer.citations)
    )
    return f'<div class="bb-sources">{cards}</div>'


def copy_text(answer) -> str:
    """Plain text of the answer followed by its numbered citations, for the clipboard."""
    if answer is None:
        return ""
    lines = [answer.answer.strip()]
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            where = ", ".join(p for p in (c.title, c.source, day(c.published_at)) if p)
            line = f'[{c.n}] "{" ".join(c.quote.split())}" ({where})'
            url = safe_url(c.url)
            lines.append(line + (f" {url}" if url else ""))
    return "\n".join(lines)


def article_rows(articles: Iterable) -> list:
    """Stored articles sorted newest first, then by title."""
    return sorted(
        articles, key=lambda a: (str(a.meta.get("published_at", "")), a.title), reverse=True
    )


def articles_html(articles: list) -> str:
    """A table of the stored articles with links between near-duplicates.

    Each cell carries its column name (data-label) so a phone shows rows as stacked cards.
    """
    if not articles:
        return '<p class="bb-empty">No articles yet: upload some above.</p>'
    titles = {a.doc_id: a.title for a in articles}
    rows = []
    for a in articles:
        dups = " ".join(
            f'<a class="bb-dup" href="#bb-art-{html.escape(d)}">{html.escape(titles.get(d, "another article"))}</a>'
            for d in a.duplicates
        )
        file_name = shown_name(str(a.meta.get("path", "")))
        rows.append(
            f'<tr id="bb-art-{html.escape(a.doc_id)}">'
            f'<td class="bb-art-title" data-label="Title">{html.escape(a.title or "untitled")}'
            f'<div class="bb-file">{html.escape(file_name)}</div></td>'
            f'<td data-label="Outlet">{html.escape(str(a.meta.get("source", "")))}</td>'
            f'<td data-label="Date">{html.escape(day(str(a.meta.get("published_at", ""))))}</td>'
            f'<td data-label="Passages">{int(a.meta.get("n_chunks", 0) or 0)}</td>'
            f'<td data-label="Same story as">{dups}</td></tr>'
        )
    head = (
        "<tr><th>Title</th><th>Outlet</th><th>Date</th><th>Passages</th><th>Same story as</th></tr>"
    )
    return (
        f'<p class="bb-count">{len(articles)} article{"s" if len(articles) != 1 else ""}</p>'
        f'<table class="bb-articles"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
    )


def article_choice(a) -> tuple[str, str]:
    """(label, doc_id) for the remove-article picker."""
    parts = [
        a.title or "untitled",
        str(a.meta.get("source", "")),
        day(str(a.meta.get("published_at", ""))),
        shown_name(str(a.meta.get("path", ""))),
    ]
    return " · ".join(p for p in parts if p), a.doc_id


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def ingest_status(report, titles: dict[str, str] | None = None) -> str:
    """What an upload did, with one line per file that failed (titles: doc_id -> title)."""
    lines = [f"Added {_count(len(report.added), 'article')} ({_count(report.chunks, 'passage')})."]
    if report.replaced:
        lines.append(f"Replaced {_count(len(report.replaced), 'changed article')}.")
    if report.unchanged:
        lines.append(f"{_count(report.unchanged, 'article')} already stored.")
    for new, old in report.duplicates:
        lines.append(
            f"Same story as one already stored: “{new}” and “{(titles or {}).get(old, 'another article')}”."
        )
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    failures = "".join(
        f'<li class="bb-error">{html.escape(shown_name(f.path))}: {html.escape(f.reason)}</li>'
        for f in report.failures
    )
    return f'<ul class="bb-status">{items}{failures}</ul>'


def progress_html(done: int, total: int, what: str) -> str:
    """A status line with a progress bar, for uploads and briefs while they run."""
    total = max(int(total), 1)
    done = min(max(int(done), 0), total)
    return (
        f'<div class="bb-progress" role="status"><span class="bb-working">{html.escape(what)}'
        f" ({done} of {total})…</span>"
        f'<progress max="{total}" value="{done}"></progress></div>'
    )
