"""HTML and text for the web chat. Every piece of article text goes through `html.escape`.

Pure functions of core objects (no Gradio), so escaping is tested without a browser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlparse

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


def _passage_with_quote(passage: str, quote: str) -> str:
    """The passage, escaped, with the quoted sentence in <mark>."""
    at = passage.find(quote) if quote else -1
    if at < 0:
        body = html.escape(passage) if passage else ""
        return body + (f' <mark class="bb-quote">{html.escape(quote)}</mark>' if quote else "")
    before, after = passage[:at], passage[at + len(quote) :]
    return (
        f'{html.escape(before)}<mark class="bb-quote">{html.escape(quote)}</mark>'
        f"{html.escape(after)}"
    )


def source_card(c) -> str:
    """One numbered source: title, outlet, date, link, and the quote inside its passage."""
    meta = [html.escape(c.source or "unknown outlet")]
    if day(c.published_at):
        meta.append(html.escape(day(c.published_at)))
    url = safe_url(c.url)
    if url:
        meta.append(
            f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">'
            "open article</a>"
        )
    return (
        f'<div class="bb-source" id="bb-src-{int(c.n)}" data-n="{int(c.n)}">'
        f'<div class="bb-source-head"><span class="bb-n">[{int(c.n)}]</span> '
        f'<span class="bb-title">{html.escape(c.title or "untitled")}</span></div>'
        f'<div class="bb-meta">{" · ".join(meta)}</div>'
        f'<p class="bb-passage">{_passage_with_quote(c.passage, c.quote)}</p></div>'
    )


def sources_html(answer) -> str:
    """The sources panel for an answer (or its empty state)."""
    if answer is None:
        return '<div class="bb-sources"><p class="bb-empty">Sources of the answer appear here.</p></div>'
    if not answer.citations:
        note = (
            "No sources: the answer cites nothing."
            if not answer.abstained
            else ("No sources: the articles in the store don't cover this question.")
        )
        return f'<div class="bb-sources"><p class="bb-empty">{note}</p></div>'
    cards = "".join(source_card(c) for c in answer.citations)
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
    """A table of the stored articles with links between near-duplicates."""
    if not articles:
        return '<p class="bb-empty">No articles yet: upload some above.</p>'
    titles = {a.doc_id: a.title for a in articles}
    rows = []
    for a in articles:
        dups = " ".join(
            f'<a class="bb-dup" href="#bb-art-{html.escape(d)}">{html.escape(titles.get(d, d[:10]))}</a>'
            for d in a.duplicates
        )
        rows.append(
            f'<tr id="bb-art-{html.escape(a.doc_id)}"><td class="bb-art-title">{html.escape(a.title or "untitled")}</td>'
            f"<td>{html.escape(str(a.meta.get('source', '')))}</td>"
            f"<td>{html.escape(day(str(a.meta.get('published_at', ''))))}</td>"
            f"<td>{int(a.meta.get('n_chunks', 0) or 0)}</td><td>{dups}</td>"
            f"<td><code>{html.escape(a.doc_id[:10])}</code></td></tr>"
        )
    head = "<tr><th>Title</th><th>Outlet</th><th>Date</th><th>Chunks</th><th>Duplicates</th><th>Id</th></tr>"
    return (
        f'<p class="bb-count">{len(articles)} articles</p>'
        f'<table class="bb-articles"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
    )


def article_choice(a) -> tuple[str, str]:
    """(label, doc_id) for the remove-article picker."""
    parts = [
        a.title or "untitled",
        str(a.meta.get("source", "")),
        day(str(a.meta.get("published_at", ""))),
    ]
    return " · ".join(p for p in parts if p) + f" ({a.doc_id[:10]})", a.doc_id


def ingest_status(report, titles: dict[str, str] | None = None) -> str:
    """What an upload did, with one line per file that failed (titles: doc_id -> title)."""
    lines = [f"Added {len(report.added)} article(s), {report.chunks} chunk(s)."]
    if report.replaced:
        lines.append(f"Replaced {len(report.replaced)} changed article(s).")
    if report.unchanged:
        lines.append(f"{report.unchanged} article(s) were already stored.")
    for new, old in report.duplicates:
        lines.append(f"Near-duplicate: “{new}” of “{(titles or {}).get(old, old[:10])}”.")
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    failures = "".join(
        f'<li class="bb-error">{html.escape(Path(f.path).name)}: {html.escape(f.reason)}</li>'
        for f in report.failures
    )
    return f'<ul class="bb-status">{items}{failures}</ul>'
