"""Quotation marks in an article: paragraphs, and the quotations each holds (marks paired
within a paragraph; one opened and never closed runs to the paragraph's end, the convention
for a quote that goes on into the next paragraph)."""

from __future__ import annotations

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


def quotations(text: str, para: tuple[int, int]) -> list[tuple[int, int, bool]]:
    """(start, end, opens_paragraph) of each quotation's words, marks excluded."""
    out = []
    opened = -1
    start, end = para
    for i in range(start, end):
        ch = text[i]
        if ch == _OPEN or (ch == _BOTH and opened < 0):
            if opened < 0:
                opened = i
        elif (ch == _CLOSE or ch == _BOTH) and opened >= 0:
            out.append(_trim(text, opened + 1, i) + (opened == start,))
            opened = -1
    if opened >= 0 and opened == start:  # runs on to the next paragraph
        out.append(_trim(text, opened + 1, end) + (True,))
    return [q for q in out if q[1] > q[0]]


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
