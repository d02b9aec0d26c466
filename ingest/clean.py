"""Clean article text: normalise whitespace, drop scraping debris and repeated paragraphs."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Whole paragraphs that are page furniture, not reporting. Each pattern must match the
# entire paragraph, so that a sentence which merely mentions "newsletter" is kept.
_DEBRIS = [
    ("loading", r"loading\s*(\.\.\.|…)?"),
    (
        "advertisement",
        r"(advertisement|advertising|sponsored( content)?)( article continues below this ad)?",
    ),
    ("sign-up prompt", r"(click here to )?(sign up|subscribe|register)\b.{0,120}"),
    ("sign-up prompt", r"click here to (get|download|sign up|subscribe)\b.{0,80}"),
    ("sign-up prompt", r"(get|download) the .{0,40}\bapp\b.{0,40}"),
    ("sign-up prompt", r".{0,80}\b(delivered|sent) (straight |directly )?to your inbox\b.{0,80}"),
    (
        "sign-up prompt",
        r".{0,80}\bnewsletters?\b.{0,40}\b(sign up|subscribe)( now| here| today)?[.!]?",
    ),
    ("table of contents", r"table of contents\b.*"),
    ("table of contents", r"(contents|in this article|on this page|jump to( section)?)\s*:?"),
    (
        "share/cookie line",
        r"((share|facebook|twitter|x|whatsapp|reddit|email|linkedin|pinterest|print|copy link)[\s|,/]*){2,}",
    ),
    ("share/cookie line", r"share (this|on)\b.{0,40}"),
    # Cookie banners speak to the reader about "our" site; a report about cookies does not.
    (
        "share/cookie line",
        r"(this (site|website) uses|we( and our partners)? use) cookies\b.{0,300}",
    ),
    (
        "share/cookie line",
        r"by (continuing|using|browsing)\b.{0,80}\b(you agree|you consent|you accept)\b.{0,40}\bcookies\b.{0,120}",
    ),
    (
        "share/cookie line",
        r"((manage|view|update|change) )?(cookie|privacy) (policy|settings|preferences)([\s|,/]+.{0,40})?",
    ),
    ("share/cookie line", r"(accept|reject|allow|manage) (all )?cookies.{0,60}"),
    (
        "related links",
        r"(related( articles| pages| stories)?|read more|see also|more from .{0,40}|recommended( for you)?)\s*:?",
    ),
]
_DEBRIS_RE = [
    (kind, re.compile(rf"^\s*(?:{pattern})\s*$", re.IGNORECASE)) for kind, pattern in _DEBRIS
]
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_MIN_REPEAT_WORDS = 5  # shorter repeated lines are labels ("Why we like it"), kept


def clean_text(text: str) -> tuple[str, Counter[str]]:
    """Return the cleaned text and a count of what was removed, by kind."""
    removed: Counter[str] = Counter()
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00ad", "")  # soft hyphens break quotes and search
    kept: list[str] = []
    seen: set[str] = set()
    in_contents = False  # inside a "Table of Contents" run of short entry lines
    for raw in re.split(r"\n\s*\n|\n", text):
        para = _SPACES.sub(" ", raw).strip()
        if not para:
            continue
        if in_contents and _is_contents_entry(para):
            removed["table of contents"] += 1
            continue
        kind = debris_kind(para)
        in_contents = kind == "table of contents"
        if kind:
            removed[kind] += 1
            continue
        key = para.casefold()
        if len(para.split()) >= _MIN_REPEAT_WORDS:
            if key in seen:
                removed["repeated paragraph"] += 1
                continue
            seen.add(key)
        kept.append(para)
    return "\n\n".join(kept), removed


def _is_contents_entry(line: str) -> bool:
    """A short line without a sentence end, like the entries under "Table of Contents"."""
    return len(line.split()) <= 8 and not line.endswith((".", "!", "?", '"', "\u201d"))


def debris_kind(paragraph: str) -> str | None:
    """Name the kind of scraping debris `paragraph` is, or None when it is content."""
    if len(paragraph) > 400:
        return None
    for kind, pattern in _DEBRIS_RE:
        if pattern.match(paragraph):
            return kind
    return None
