"""What comes next on a topic ("what should we watch for on the accord?", "next steps?"),
answered from every article on it: first what the documents themselves flag as ahead
(sections headed "What to watch", "Next steps", "Outlook"), then the brief's planned events
and open questions, then other sentences that look ahead ("will", "is expected to", "is
due", "whether"), the most on-topic first. Every point cites the exact sentence."""

from __future__ import annotations

import re

from bot.briefing.flagged import AHEAD_HEADS, flagged_spans
from bot.briefing.sections import looks_ahead
from bot.briefing.summary import as_answer, cited_points, distinct, span_citation
from bot.models import Answer, Briefing, BriefItem, BriefRequest

MAX_POINTS = 5
_DUE = re.compile(r"\b(?:is|are)\s+due\b|\bdue\s+(?:in|on|by|next)\b|\bby\s+the\s+end\s+of\b", re.I)
_ASKING = re.compile(
    r"^\W*(?:(?:what|which)\s+(?:should|do|must|can|could|would|will)\s+(?:we|i|you)\s+"
    r"(?:\w+\s+)?(?:watch|look\s+out|expect|keep\s+an\s+eye\s+on)|what\s+to\s+watch|what(?:'s|’s|"
    r"\s+is|\s+are|\s+happens|\s+comes)(?:\s+\w+)?\s+next(?:\s+steps?)?|(?:what(?:'s|’s|\s+is|\s+are)\s+(?:the\s+)?)?"
    r"next\s+steps?|what(?:'s|’s|\s+is|\s+are)"
    r"\s+(?:\w+\s+)?(?:planned|upcoming|coming\s+up))\b[\s,]*(?:(?:for|next|now|on|about|with|in|"
    r"re|regarding|to|of)\s+)*",
    re.I,
)


def ahead_topic(text: str) -> str:
    """The topic of a what-comes-next request without its asking words ("what should we
    watch for next on the accord?" -> "the accord"); the text itself when none are found,
    "" when the request is nothing but asking words ("what are the next steps?")."""
    rest = _ASKING.sub("", text, count=1).strip(" ?.!")
    if not rest and _ASKING.match(text):
        return ""
    return rest or text


def _forward(sentence: str) -> bool:
    return looks_ahead(sentence) or bool(_DUE.search(sentence))


def ahead_answer(
    question: str, briefing: Briefing, store, embedder, retriever, request: BriefRequest
) -> Answer | None:
    """What the articles on `request.topic` say comes next, as a cited `Answer`; None when
    none of them looks ahead."""
    import numpy as np

    from bot.briefing.material import gather
    from bot.briefing.models import MaterialOptions
    from bot.errors import NothingToBrief

    try:
        _, texts, topic_vec, _ = gather(
            store, embedder, request, retriever, MaterialOptions(), lambda step: None
        )
    except NothingToBrief:
        texts, topic_vec = {}, None
    if topic_vec is None and request.topic:
        topic_vec = np.asarray(embedder.embed_query(request.topic), dtype=np.float32)
    named = _naming(store, retriever, request)
    order = list(texts) + list(named) + [c.doc_id for c in briefing.citations]
    order = list(dict.fromkeys(order))
    articles = {**named, **store.get_articles([d for d in order if d not in named])}
    on_topic = list(dict.fromkeys([*texts, *named]))
    cited = list(briefing.citations)
    spans = {(c.doc_id, c.start, c.end): c.n for c in cited}

    def cite(doc_id: str, start: int, end: int) -> int:
        if (doc_id, start, end) not in spans:
            spans[(doc_id, start, end)] = len(cited) + 1
            cited.append(span_citation(len(cited) + 1, articles[doc_id], start, end))
        return spans[(doc_id, start, end)]

    flagged: list[BriefItem] = []
    for doc_id in order:
        if doc_id in articles:
            text = articles[doc_id].text
            for s, e in flagged_spans(text, AHEAD_HEADS):
                flagged.append(BriefItem(text[s:e], [cite(doc_id, s, e)]))
    planned = [i for i in briefing.timeline if i.refs and i.status == "planned"]
    noted = planned + [i for i in briefing.watch if i.refs]
    others: list[tuple[float, BriefItem]] = []
    if topic_vec is not None:
        from ingest.chunking import sentence_spans

        found = []
        for doc_id in on_topic:
            text = articles[doc_id].text if doc_id in articles else ""
            for s, e in sentence_spans(text):
                if 6 <= len(text[s:e].split()) <= 60 and _forward(text[s:e]):
                    found.append((doc_id, s, e, text[s:e]))
        if found:
            vecs = np.asarray(embedder.embed_documents([f[3] for f in found]), dtype=np.float32)
            sims = vecs @ topic_vec / (np.linalg.norm(vecs, axis=1) * np.linalg.norm(topic_vec))
            for (doc_id, s, e, sentence), sim in zip(found, sims, strict=True):
                others.append((float(sim), BriefItem(sentence, [cite(doc_id, s, e)])))
            others.sort(key=lambda t: -t[0])
    items = distinct(flagged + noted + [i for _, i in others])[:MAX_POINTS]
    if not items:
        return None
    answer = as_answer(question, items, cited, briefing)
    answer.answer = answer.answer.replace("In brief, from", "What comes next, from", 1)
    return answer


def _naming(store, retriever, request: BriefRequest) -> dict:
    """The retrieved articles that name every content word of the topic: on it, however
    far their wording is from the topic's (a briefing note on one part of an accord)."""
    from bot.briefing.defining import covers, topic_groups
    from bot.question.parse import stem, words

    groups = topic_groups(request.topic)
    if not groups:
        return {}
    passages = retriever.search(request.topic, k=20, filters=request.filters)
    found = store.get_articles(dict.fromkeys(p.doc_id for p in passages))
    out = {}
    for doc_id, article in found.items():
        told = (
            f"{article.title}\n{article.text}"  # a title may name what its text calls "the accord"
        )
        stems = [stem(w) for w in words(told)]
        low = told.lower()
        if all(covers(g, stems, low) for g in groups):
            out[doc_id] = article
    return out


def store_ahead_answer(question: str, bot, filters) -> Answer | None:
    """What comes next with no topic named ("what are the next steps?"): the planned events
    of the event index, from the most recently published articles first, each cited; None
    when the store holds none."""
    events = [e for e in bot.timeline() if e["status"] == "planned"]
    if filters is not None and filters.source:
        events = [e for e in events if e.get("source") == filters.source]
    if not events:
        return None
    articles = bot.store.get_articles(list(dict.fromkeys(e["doc_id"] for e in events)))
    newest = {d: str(a.meta.get("published_at", "")) for d, a in articles.items()}
    events = [e for e in events if e["doc_id"] in articles]
    # The latest planned first: the stories that are still running.
    events.sort(key=lambda e: (e["date"], newest[e["doc_id"]]), reverse=True)
    cited: list = []
    items: list[BriefItem] = []
    for e in events:
        citation = span_citation(len(cited) + 1, articles[e["doc_id"]], e["start"], e["end"])
        cited.append(citation)
        items.append(BriefItem(citation.quote, [citation.n]))
    answer = cited_points(question, distinct(items)[:MAX_POINTS], cited)
    answer.answer = answer.answer.replace("In brief, from", "What comes next, from", 1)
    return answer
