"""Briefing export: Markdown, standalone HTML (everything escaped), Word (.docx) and JSON."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from bot.models import EXPORT_FORMATS as FORMATS
from bot.models import (
    Briefing,
    BriefItem,
    Source,
    item_text,
    note_line,
    sections,
    source_line,
    subtitle,
)


def export(briefing: Briefing, fmt: str, out: Path | None = None) -> str | bytes:
    """The briefing rendered as `fmt`; written to `out` when given."""
    if fmt not in FORMATS:
        from bot.errors import ConfigError

        raise ConfigError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "docx":
        from bot.briefing.docx import to_docx

        data: str | bytes = to_docx(briefing)
    elif fmt == "json":
        data = to_json(briefing)
    else:
        data = to_markdown(briefing) if fmt == "md" else to_html(briefing)
    if out is not None:
        if isinstance(data, bytes):
            out.write_bytes(data)
        else:
            out.write_text(data, encoding="utf-8")
    return data


# -- Markdown -------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Article text shown literally: Markdown and HTML characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def to_markdown(briefing: Briefing) -> str:
    """The briefing as Markdown; [n] markers point into the Notes list."""
    out = [f"# {md_escape(briefing.title)}", "", f"_{subtitle(briefing)}_", ""]
    for line in filter(None, [briefing.note, *briefing.notices]):
        out += [f"> {md_escape(line)}", ""]
    for title, items in sections(briefing):
        out += [f"## {md_escape(title)}", ""]
        for item in items:
            text = item_text(_escaped(item), speaker=lambda s: f"**{s}**")
            out.append(f"- {text} {_md_refs(item.refs)}")
        out.append("")
    out += ["## Notes", ""]
    out += [f"{c.n}. {md_escape(note_line(briefing, c))}" for c in briefing.citations]
    out += ["", "## Sources", ""]
    out += [f"{s.n}. {md_escape(source_line(s))}" for s in briefing.sources]
    return "\n".join(out) + "\n"


def _escaped(item: BriefItem) -> BriefItem:
    return BriefItem(
        md_escape(item.text),
        item.refs,
        md_escape(item.speaker),
        md_escape(item.role),
        item.date,
        item.status,
    )


def to_json(briefing: Briefing) -> str:
    """`--format json`: bottom_line, timeline, positions, watch, differences, sources and
    citations (each item `text` and `cites`; `article_text[start:end] == quote`)."""
    return json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _md_refs(refs: list[int]) -> str:
    return "".join(f"[{n}]" for n in refs)


# -- HTML -----------------------------------------------------------------------------------
_CSS = """body{font-family:Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;
color:#222}h1{font-size:1.6em;margin-bottom:.2em}.meta{color:#666;font-style:italic}
.note{background:#f6f6f0;border-left:3px solid #bba;padding:.4em .8em}sup a{text-decoration:none}
ol.notes{font-size:.9em;color:#333}"""


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def to_html(briefing: Briefing) -> str:
    """A standalone HTML page; every piece of article text is HTML-escaped."""
    body = [f"<h1>{esc(briefing.title)}</h1>", f'<p class="meta">{esc(subtitle(briefing))}</p>']
    for line in filter(None, [briefing.note, *briefing.notices]):
        body.append(f'<p class="note">{esc(line)}</p>')
    for title, items in sections(briefing):
        body.append(f"<h2>{esc(title)}</h2>")
        lis = [f"<li>{_html_item(item)}</li>" for item in items]
        body.append("<ul>\n" + "\n".join(lis) + "\n</ul>")
    notes = [f'<li id="note-{c.n}">{esc(note_line(briefing, c))}</li>' for c in briefing.citations]
    body += ["<h2>Notes</h2>", '<ol class="notes">\n' + "\n".join(notes) + "\n</ol>"]
    srcs = [f'<li id="source-{s.n}">{_html_source(s)}</li>' for s in briefing.sources]
    body += ["<h2>Sources</h2>", "<ol>\n" + "\n".join(srcs) + "\n</ol>"]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(briefing.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _html_item(item: BriefItem) -> str:
    escaped = BriefItem(
        esc(item.text), item.refs, esc(item.speaker), esc(item.role), item.date, item.status
    )
    text = item_text(escaped, speaker=lambda s: f"<strong>{s}</strong>")
    refs = "".join(f'<sup><a href="#note-{n}">[{n}]</a></sup>' for n in item.refs)
    return f"{text} {refs}"


def _html_source(source: Source) -> str:
    parts = [
        esc(p) for p in (source.title or "(untitled)", source.source, source.published_at[:10]) if p
    ]
    if source.url.startswith(("http://", "https://")):  # no javascript: links from article data
        parts.append(f'<a href="{esc(source.url)}">{esc(source.url)}</a>')
    return ", ".join(parts)
