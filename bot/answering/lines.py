"""Where quotable text lies in an article: the lines around a passage (context sentences
come from them) and headings, which name a section and are never quoted."""

from __future__ import annotations

import re


def heading(text: str, start: int, end: int) -> bool:
    """A heading ("What to watch", "Background"): a short line of its own with no sentence
    punctuation. It names a section; it says nothing to quote."""
    line = text[start:end].strip()
    own_line = text[:start].rstrip(" \t").endswith("\n") or not text[:start].strip()
    own_line = own_line and (text[end:].lstrip(" \t").startswith("\n") or not text[end:].strip())
    return own_line and len(line.split()) <= 6 and not re.search(r"[.!?;,\"“”]", line)


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
