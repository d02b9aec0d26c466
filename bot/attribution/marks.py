"""Quotation marks in an article: paragraphs, and the quotations each holds (marks paired
within a paragraph; one opened and never closed runs to the paragraph's end, the convention
for a quote that goes on into the next paragraph)."""

from __future__ import annotations

import re

_OPEN, _CLOSE, _BOTH = "“", "”", '"'


def paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


# A photo caption's credit closing its paragraph: "... © AFP via Getty Images", "Kevin
# Lamarque | Reuters", "(AP Photo/Jane Doe)", "Credit: Bloomberg".
_CREDIT = re.compile(
    r"(?:©[^\n]*|\|\s*[A-Z][\w .&/-]*|\(?\bAP Photo\b[^\n]*|\b(?:Getty Images|Shutterstock)\)?|\b(?:Credit|Photo|Image|Picture)s?:\s*[^\n.]*)$"
)


def captions(text: str) -> list[tuple[int, int]]:
    """Paragraphs that are a photo caption (they end with the picture's credit, not with a
    full stop): the people they name are not in the story's run of speakers."""
    return [p for p in paragraphs(text) if _CREDIT.search(text[p[0] : p[1]])]


def quotations(text: str, para: tuple[int, int]) -> list[tuple[int, int, bool]]:
    """(start, end, opens_paragraph) of each quotation's words, marks excluded."""
    out = []
    opened, reopened = -1, False
    start, end = para
    for i in range(start, end):
        ch = text[i]
        if ch == _OPEN and opened >= 0 and _reopens(text, opened, i):
            # 'said: “It’s not my decision. “We’ve got a review': the first was never closed
            out.append(_trim(text, opened + 1, i) + (opened == start,))
            opened, reopened = i, True
        elif ch == _OPEN or (ch == _BOTH and opened < 0):
            if opened < 0:
                opened, reopened = i, False
        elif (ch == _CLOSE or ch == _BOTH) and opened >= 0:
            out.append(_trim(text, opened + 1, i) + (opened == start,))
            opened = -1
    if opened >= 0 and (opened == start or reopened or _introduced(text, start, opened)):
        out.append(_trim(text, opened + 1, end) + (opened == start,))  # runs on
    return [q for q in out if q[1] > q[0]]


def _reopens(text: str, opened: int, at: int) -> bool:
    """An opening mark inside an open quotation starts a new one when the open one already
    ends a sentence before it (a closing mark left out), not when it nests a title."""
    return text[opened + 1 : at].rstrip()[-1:] in {".", "?", "!"}


def _introduced(text: str, start: int, opened: int) -> bool:
    """A quotation opened mid-paragraph and never closed runs on to the paragraph's end (and
    the next) when it is introduced as a quote: after a colon or a comma ('Ten Hag said:
    "We are in the right direction. ...')."""
    return text[start:opened].rstrip()[-1:] in {":", ","}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _masked(text: str, span: tuple[int, int], quotes: list[tuple[int, int, bool]]) -> str:
    s, e = span
    chars = list(text[s:e])
    for qs, qe, _ in quotes:
        for i in range(max(qs, s), min(qe, e)):
            chars[i - s] = " "
    return "".join(chars)
