"""Where quotable text lies in an article: the lines around a passage (context sentences
come from them) and headings, which name a section and are never quoted."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^[^\n.!?;,\"“”]{2,60}:?$")


def heading_line(line: str) -> bool:
    """Whether `line` reads as a heading ("What to watch", "Next steps:"): short, with no
    sentence punctuation. It names a section; it says nothing to quote."""
    line = line.strip()
    return bool(_HEADING.match(line)) and len(line.split()) <= 6


def heading(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a heading on a line of its own."""
    own_line = text[:start].rstrip(" \t").endswith("\n") or not text[:start].strip()
    own_line = own_line and (text[end:].lstrip(" \t").startswith("\n") or not text[end:].strip())
    return own_line and heading_line(text[start:end])


def line_before(text: str, at: int) -> int:
    """Start of the last non-blank line before `at` (where a context sentence can come from)."""
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return text.rfind("\n", 0, at) + 1 if at > 0 else 0


def line_after(text: str, at: int) -> int:
    """End of the first non-blank line after `at` (where a following quote can come from)."""
    while at < len(text) and text[at].isspace():
        at += 1
    end = text.find("\n", at)
    return len(text) if end < 0 else end
