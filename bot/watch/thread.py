"""A cited summary of a conversation (a Slack thread): what each person said, cited by the
message's permalink, and the stored articles the messages link to, cited by their lead.
"""

from __future__ import annotations

import re

from bot.models import Answer, Citation, shorten_quote
from ingest.chunking import sentence_spans

MAX_MESSAGES = 12
_LINK = re.compile(r"https?://[^\s<>|]+")


def first_sentences(text: str, limit: int = 240) -> str:
    spans = sentence_spans(text)
    if not spans:
        return text.strip()
    out = text[spans[0][0] : spans[0][1]]
    for start, end in spans[1:]:
        if len(out) + end - start > limit:
            break
        out = text[spans[0][0] : end]
    return shorten_quote(out, limit)


def _norm(url: str) -> str:
    return url.strip().rstrip("/").split("#")[0].lower()


def summarize(store, messages: list[dict]) -> Answer:
    """messages: {text, user, url (permalink), ts}, oldest first; bot messages left out."""
    citations: list[Citation] = []
    lines: list[str] = []

    def cite(quote, passage, doc_id, title, source, url, published_at, start, end) -> int:
        citations.append(
            Citation(
                n=len(citations) + 1,
                quote=quote,
                passage=passage,
                doc_id=doc_id,
                title=title,
                source=source,
                url=url,
                published_at=published_at,
                start=start,
                end=end,
                score=1.0,
            )
        )
        return len(citations)

    people = {m.get("user", "") for m in messages}
    shown = [m for m in messages if (m.get("text") or "").strip()][:MAX_MESSAGES]
    if not shown:
        return Answer(
            "summarize this thread", "The thread has no messages to sum up.", True, "extractive"
        )
    lines.append(
        f"This thread has {len(messages)} message{'s' if len(messages) != 1 else ''} "
        f"from {len(people)} {'people' if len(people) != 1 else 'person'}:"
    )
    for m in shown:
        text = _LINK.sub("", m["text"]).strip() or m["text"].strip()
        quote = first_sentences(text)
        who = m.get("user") or "someone"
        n = cite(
            quote,
            text,
            f"slack:{m.get('ts', '')}",
            f"message from {who}",
            "Slack",
            m.get("url", ""),
            "",
            0,
            len(quote),
        )
        lines.append(f"- {who}: {quote} [{n}]")
    linked = {_norm(u) for m in messages for u in _LINK.findall(m.get("text") or "")}
    if linked:
        found = [a for a in store.list_articles() if _norm(str(a.meta.get("url") or "")) in linked]
        texts = store.get_articles([a.doc_id for a in found]) if found else {}
        if found:
            lines.append("")
            lines.append("Linked articles:")
        for article in found:
            full = texts.get(article.doc_id)
            if full is None:
                continue
            spans = [s for s in sentence_spans(full.text[:3000]) if s[1] - s[0] >= 40][:2]
            if not spans:
                continue
            start, end = spans[0][0], spans[-1][1]
            quote = full.text[start:end]
            meta = article.meta
            n = cite(
                quote,
                quote,
                article.doc_id,
                article.title,
                str(meta.get("source") or ""),
                str(meta.get("url") or ""),
                str(meta.get("published_at") or ""),
                start,
                end,
            )
            lines.append(f"- {article.title}: {shorten_quote(quote, 300)} [{n}]")
        missing = len(linked) - len(found)
        if missing > 0:
            lines.append(f"({missing} linked page(s) are not among the stored articles.)")
    return Answer("summarize this thread", "\n".join(lines), False, "extractive", citations)
