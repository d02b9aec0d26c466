"""A briefing as HTML for the Brief tab: every [n] is a button that opens its note.

The same sections, bullets, notes and sources as the Markdown and Word exports (from
`bot.export`), in plain words, with all article text escaped.
"""

from __future__ import annotations

import html

from bot.models import item_text, note_line, sections
from bot.web.render import safe_url

MODE_WORDS = {
    "extractive": "sentences quoted from the articles",
    "llm": "written by the AI model from quoted sentences",
}
STEP_WORDS = {
    "select material": "Finding the articles on the topic",
    "split sentences": "Reading their sentences",
    "embed sentences": "Comparing the sentences with the topic",
    "choose sentences": "Choosing the key sentences",
    "arrange": "Putting the brief together: bottom line, timeline, positions",
}


def step_words(step: str) -> str:
    """A briefing step name as the status line says it."""
    if step.startswith("LLM:"):
        return "Writing with the AI model:" + step[len("LLM:") :]
    return STEP_WORDS.get(step, step[:1].upper() + step[1:])


def esc(text: str) -> str:
    return html.escape(" ".join(str(text).split()))


def subtitle(briefing) -> str:
    """'2025-10-01 to 2025-10-05 · 3 sources · sentences quoted from the articles'."""
    if briefing.date_from and briefing.date_to and briefing.date_from != briefing.date_to:
        when = f"{briefing.date_from} to {briefing.date_to}"
    else:
        when = briefing.date_from or briefing.date_to or "undated"
    n = len(briefing.sources)
    how = MODE_WORDS.get(briefing.mode, "")
    return " · ".join(p for p in (when, f"{n} source{'s' if n != 1 else ''}", how) if p)


def _refs(refs: list[int]) -> str:
    return "".join(
        f'<button type="button" class="bb-bcite bb-bcite-{int(n)}" title="Show note {int(n)}">'
        f"[{int(n)}]</button>"
        for n in refs
    )


def brief_html(briefing, files: dict[str, str] | None = None) -> str:
    """The whole briefing for the page; [n] jumps to note n, which has a way back.

    files: doc_id -> file name, shown for a source without outlet or date.
    """
    out = [
        f'<div class="bb-brief-doc"><h1>{esc(briefing.title)}</h1>',
        f'<p class="bb-brief-meta">{esc(subtitle(briefing))}</p>',
    ]
    for line in filter(None, [briefing.note, *briefing.notices]):
        out.append(f'<p class="bb-brief-note">{esc(line)}</p>')
    for title, items in sections(briefing):
        out.append(f"<h2>{esc(title)}</h2>")
        bullets = []
        for item in items:
            text = item_text(
                type(item)(
                    esc(item.text),
                    item.refs,
                    esc(item.speaker),
                    esc(item.role),
                    item.date,
                    item.status,
                ),
                speaker=lambda s: f"<strong>{s}</strong>",
            )
            bullets.append(f"<li>{text} {_refs(item.refs)}</li>")
        out.append("<ul>" + "".join(bullets) + "</ul>")
    notes = [
        f'<li id="bb-note-{int(c.n)}" class="bb-note">{esc(note_line(briefing, c))} '
        '<button type="button" class="bb-back">↑ Back to the text</button></li>'
        for c in briefing.citations
    ]
    out += ["<h2>Notes</h2>", '<ol class="bb-notes">' + "".join(notes) + "</ol>"]
    sources = []
    for s in briefing.sources:
        url = safe_url(s.url)
        link = (
            f' <a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">open</a>'
            if url
            else ""
        )
        line = _source_words(s, (files or {}).get(s.doc_id, ""))
        sources.append(f"<li>{esc(line)}{link}{_copies(s)}</li>")
    out += ["<h2>Sources</h2>", "<ol>" + "".join(sources) + "</ol></div>"]
    return "".join(out)


def _copies(source) -> str:
    """The near-duplicate copies grouped under a source: 'also in Outlet B, Outlet C'."""
    names = [c.get("source") or c.get("title") or "" for c in source.also]
    names = [n for n in dict.fromkeys(names) if n]
    return f' <span class="bb-also">(also in {esc(", ".join(names))})</span>' if names else ""


def _source_words(source, file_name: str) -> str:
    """Title, outlet and date; the file name where outlet or date is missing."""
    parts = [source.title or "(untitled)", source.source, source.published_at[:10]]
    if not (source.source and source.published_at) and file_name:
        parts.append(f"file {file_name}")
    return ", ".join(p for p in parts if p)
