"""Passages from hits: grow a chunk to the whole sentences around it, within a budget."""

from __future__ import annotations

Span = tuple[int, int]


def sentence_window(
    text: str,
    spans: list[Span],
    start: int,
    end: int,
    limit: int = 1000,
    weights: list[float] | list[int] | None = None,
    bounds: Span | None = None,
) -> Span:
    """Grow [start, end) by whole neighbouring sentences while it stays within `limit` chars.

    `spans` are the article's sentence spans; only sentences inside `bounds` are used (the
    gap between passages already taken from the article). The side whose next sentence
    weighs more (shares more question words) grows first; ties go backwards first, since
    the sentence before a hit usually names what "it" or "this agreement" refers to.
    """
    lo, hi = bounds or (0, len(text))
    usable = [i for i, (s, e) in enumerate(spans) if s >= lo and e <= hi]
    inner = [p for p, i in enumerate(usable) if spans[i][1] > start and spans[i][0] < end]
    if not inner:
        start, end = max(start, lo), min(end, hi)
        return start, min(end, start + limit)
    a, b = inner[0], inner[-1]
    if spans[usable[b]][1] - spans[usable[a]][0] > limit:
        return _trim(spans, [usable[p] for p in inner], limit, weights, start)
    start, end = spans[usable[a]][0], spans[usable[b]][1]
    while True:
        before = a - 1 if a > 0 and end - spans[usable[a - 1]][0] <= limit else None
        after = b + 1 if b + 1 < len(usable) and spans[usable[b + 1]][1] - start <= limit else None
        if before is None and after is None:
            return start, end
        if before is not None and (
            after is None or _weight(weights, usable[before]) >= _weight(weights, usable[after])
        ):
            a, start = before, spans[usable[before]][0]
        elif after is not None:
            b, end = after, spans[usable[after]][1]


def _weight(weights: list[float] | list[int] | None, i: int) -> float:
    return weights[i] if weights else 0.0


def _trim(
    spans: list[Span],
    inside: list[int],
    limit: int,
    weights: list[float] | list[int] | None,
    start: int,
) -> Span:
    """The best run of whole sentences among `inside` (or the first `limit` chars)."""
    best, best_score = (start, start + limit), -1.0
    for n, a in enumerate(inside):
        score, m = 0.0, n
        while m < len(inside) and spans[inside[m]][1] - spans[a][0] <= limit:
            score += _weight(weights, inside[m]) + 1e-6
            m += 1
        if m > n and score > best_score:
            best, best_score = (spans[a][0], spans[inside[m - 1]][1]), score
    return best
