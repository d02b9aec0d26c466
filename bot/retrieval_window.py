"""Passages from hits: grow a chunk to the sentences around it, keep articles diverse."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

Span = tuple[int, int]


def sentence_window(
    text: str,
    spans: list[Span],
    start: int,
    end: int,
    limit: int = 1000,
    weights: list[float] | None = None,
) -> Span:
    """Grow [start, end) by whole neighbouring sentences while it stays within `limit` chars.

    `spans` are the article's sentence spans. The side whose next sentence weighs more
    (e.g. shares more question words) grows first; ties go backwards first, since the
    sentence before a hit usually names what "it" or "this agreement" refers to.
    """
    if end - start > limit:
        return _trim(spans, start, end, limit, weights)
    if not spans:
        return start, end
    first = bisect_right([s for s, _ in spans], start) - 1  # sentence holding `start`
    last = bisect_left([e for _, e in spans], end)  # sentence holding `end`
    lo, hi = max(first, 0), min(last, len(spans) - 1)
    if end - spans[lo][0] <= limit:  # snap to whole sentences when they fit
        start = min(start, spans[lo][0])
    if spans[hi][1] - start <= limit:
        end = max(end, spans[hi][1])
    while True:
        before = lo - 1 if lo > 0 and end - spans[lo - 1][0] <= limit else None
        after = hi + 1 if hi + 1 < len(spans) and spans[hi + 1][1] - start <= limit else None
        if before is None and after is None:
            return start, end
        if after is None or (
            before is not None and _weight(weights, before) >= _weight(weights, after)
        ):
            lo, start = before, spans[before][0]
        else:
            hi, end = after, spans[after][1]


def _weight(weights: list[float] | None, i: int) -> float:
    return weights[i] if weights else 0.0


def _trim(spans: list[Span], start: int, end: int, limit: int, weights: list[float] | None) -> Span:
    """The best run of whole sentences inside an over-long chunk (or its first `limit` chars)."""
    inside = [i for i, (s, e) in enumerate(spans) if s >= start and e <= end]
    best, best_score = (start, start + limit), -1.0
    for a in inside:
        score, b = 0.0, a
        while b in inside and spans[b][1] - spans[a][0] <= limit:
            score += _weight(weights, b) + 1e-6
            b += 1
        if b > a and score > best_score:
            best, best_score = (spans[a][0], spans[b - 1][1]), score
    return best
