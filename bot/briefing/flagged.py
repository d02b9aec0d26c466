"""What a document flags itself: its own summary ("Summary", "Key points", "Bottom line") and
what it says lies ahead ("What to watch", "Next steps", "Outlook"); and the sentence a news
article states what happened in (its lead, the one closest to its headline).

A heading is a short line of its own without closing punctuation (Markdown headings reach
the store as such lines); its section runs to the next heading. Plain English patterns.
"""

from __future__ import annotations

import re

from bot.answering.lines import heading_line
from bot.briefing.boilerplate import is_boilerplate

SUMMARY_HEADS = re.compile(
    r"^(?:executive\s+|the\s+)?(?:summary|key\s+(?:points|findings|facts|figures|takeaways|"
    r"messages)|bottom\s+line|in\s+brief|at\s+a\s+glance|highlights|main\s+points|takeaways|"
    r"tl;?\s*dr|overview|the\s+gist|in\s+short)$",
    re.I,
)
AHEAD_HEADS = re.compile(
    r"^(?:what\s+to\s+(?:watch|look\s+out)(?:\s+for)?|watch\s+for|things\s+to\s+watch|"
    r"what(?:'s|’s|\s+is|\s+comes|\s+happens)\s+next|next\s+steps?|(?:the\s+)?outlook|"
    r"looking\s+ahead|(?:the\s+)?(?:road|year|week|month)s?\s+ahead|what\s+lies\s+ahead|"
    r"coming\s+up|upcoming(?:\s+\w+)?|key\s+dates(?:\s+ahead)?|open\s+questions|"
    r"recommendations?)$",
    re.I,
)


def sections(text: str) -> list[tuple[str, int, int]]:
    """(heading, start, end) of each headed section of `text`: the body under the heading."""
    heads, pos = [], 0
    for line in text.split("\n"):
        if line.strip() and heading_line(line):
            heads.append((line.strip().rstrip(":").strip(), pos, pos + len(line)))
        pos += len(line) + 1
    out = []
    for k, (head, _, start) in enumerate(heads):
        end = heads[k + 1][1] if k + 1 < len(heads) else len(text)
        if text[start:end].strip():
            out.append((head, start, end))
    return out


def flagged_spans(text: str, kind: re.Pattern) -> list[tuple[int, int]]:
    """Sentence spans of the sections whose heading `kind` matches, in reading order."""
    from ingest.chunking import sentence_spans

    out = []
    for head, start, end in sections(text):
        if not kind.match(head):
            continue
        for s, e in sentence_spans(text[start:end]):
            piece = text[start + s : start + e]
            if len(piece.split()) >= 4 and not is_boilerplate(piece):
                out.append((start + s, start + e))
    return out


def news_lead(text: str, title: str, embedder, first: int = 6) -> tuple[int, int] | None:
    """The span of the sentence, among the article's first full sentences, that says what its
    headline says (news puts what happened first); None without a title or sentences."""
    import numpy as np

    from ingest.chunking import sentence_spans

    spans = [
        (s, e)
        for s, e in sentence_spans(text)
        if 8 <= len(text[s:e].split()) <= 60
        and text[s:e].rstrip().endswith((".", "!", "”", '"'))
        and not is_boilerplate(text[s:e])
        and not heading_line(text[s:e])
    ][:first]
    if not title.strip() or not spans:
        return None
    vecs = np.asarray(embedder.embed_documents([text[s:e] for s, e in spans]), dtype=np.float32)
    tv = np.asarray(embedder.embed_query(title), dtype=np.float32)
    sims = vecs @ tv / (np.linalg.norm(vecs, axis=1) * np.linalg.norm(tv) + 1e-9)
    # The first sentences are the likeliest lead; a later one must say the headline clearly better.
    best = max(range(len(spans)), key=lambda k: float(sims[k]) - 0.02 * k)
    return spans[best]
