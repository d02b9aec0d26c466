"""A summary request answered in chat ("summarize ...", "tell me about ...", "brief me on ..."):
the briefing's bottom line (then its timeline), cited like any answer."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.models import Answer, Briefing, BriefItem, Citation

MAX_POINTS = 4


def _closest(topic: str, briefing: Briefing, embedder) -> list:
    """The brief's cited points nearest the topic, best first (bottom line breaks ties)."""
    import numpy as np

    pool, seen = [], set()
    for section in (briefing.bottom_line, briefing.timeline, briefing.positions, briefing.watch):
        for item in section:
            if item.refs and item.text not in seen:
                seen.add(item.text)
                pool.append(item)
    if not pool:
        return []
    vecs = np.asarray(embedder.embed_documents([i.text for i in pool]), dtype=np.float32)
    qv = np.asarray(embedder.embed_query(topic), dtype=np.float32)
    sims = vecs @ qv / (np.linalg.norm(vecs, axis=1) * np.linalg.norm(qv) + 1e-9)
    lead = {id(i) for i in briefing.bottom_line}
    order = sorted(
        range(len(pool)), key=lambda k: -(sims[k] + (0.05 if id(pool[k]) in lead else 0))
    )
    return [pool[k] for k in order[:MAX_POINTS]]


def _defining(topic: str, briefing: Briefing, store) -> tuple[list[BriefItem], list[Citation]]:
    """Points quoting where the brief's articles say what the topic is (bot/briefing/defining),
    with citations numbered after the brief's own."""
    from bot.briefing.defining import defining_sentences

    order = list(dict.fromkeys(c.doc_id for c in briefing.citations))
    texts = {d: a.text for d, a in store.get_articles(order).items()}
    first = {c.doc_id: c for c in reversed(briefing.citations)}
    items: list[BriefItem] = []
    extra: list[Citation] = []
    for d in defining_sentences(topic, texts, order):
        n = len(briefing.citations) + len(extra) + 1
        quote = texts[d.doc_id][d.start : d.end]
        extra.append(replace(first[d.doc_id], n=n, quote=quote, start=d.start, end=d.end))
        items.append(BriefItem(quote, [n]))
    return items, extra


def summary_answer(
    question: str, briefing: Briefing, topic: str = "", embedder=None, store=None
) -> Answer:
    """The bottom line of `briefing` as an `Answer` whose [n] are renumbered from 1 (see
    `summary_points` for what a topic, an embedder and the store change)."""
    items, cited = summary_points(question, briefing, topic, embedder, store)
    return as_answer(question, items, cited, briefing)


def summary_points(
    question: str, briefing: Briefing, topic: str = "", embedder=None, store=None
) -> tuple[list[BriefItem], list[Citation]]:
    """The points of a summary of `briefing` and the citations they number: its bottom line
    (then its timeline). With a topic and an embedder, the points of every section closest to the topic instead ("explain
    the drought risk to Haldor" wants the drought, not the article's lead); with the store
    too, the sentences that say what the topic is come first, and unless the request asks
    what something is ("explain", "what is"), the sentence saying what happened before them."""
    items = [i for i in briefing.bottom_line if i.refs][:MAX_POINTS]
    if len(items) < MAX_POINTS:  # a short brief: its dated events say the rest
        items += [i for i in briefing.timeline if i.refs][: MAX_POINTS - len(items)]
    if topic and embedder is not None:
        items = _closest(topic, briefing, embedder) or items
    cited = list(briefing.citations)
    if topic and store is not None:
        defining, extra = _defining(topic, briefing, store)
        cited += extra
        if embedder is not None and not _DEFINE.match(question):
            lead, extra = _news_lead(items, briefing, cited, store, embedder, topic)
            defining = lead + defining  # "tell me about X" wants what happened first
            cited += extra
        spans = [(c.doc_id, c.start, c.end) for c in cited[len(briefing.citations) :]]
        items = distinct(defining + [i for i in items if not _inside(i, briefing, spans)])
        items = items[:MAX_POINTS]
    return items, cited


# "explain X", "describe X", "what is X" want what X is first, not the latest news on it.
_DEFINE = re.compile(r"^\W*(?:explain|describe|define|what\s+(?:is|are)|what's)\b", re.I)


def _news_lead(
    items: list[BriefItem], briefing: Briefing, cited: list[Citation], store, embedder, topic: str
) -> tuple[list[BriefItem], list[Citation]]:
    """The sentence stating what happened: the lead of the article the summary's first point
    comes from (the sentence of its opening that says what its headline says), when it is on
    the topic and not quoted yet; with its citation, numbered after `cited`."""
    from bot.briefing.defining import topic_groups
    from bot.briefing.flagged import news_lead
    from bot.question.parse import stem, words

    if not items or not items[0].refs:
        return [], []
    doc_id = briefing.citations[items[0].refs[0] - 1].doc_id
    article = store.get_articles([doc_id]).get(doc_id)
    if article is None:
        return [], []
    span = news_lead(article.text, article.title, embedder)
    if span is None:
        return [], []
    start, end = span
    sentence = article.text[start:end]
    stems = {stem(w) for w in words(sentence)}
    if not any(group & stems for group in topic_groups(topic)):
        return [], []
    for c in cited:  # quoted already: that point moves first
        if c.doc_id == doc_id and c.start < end and c.end > start:
            return [BriefItem(c.quote, [c.n])], []
    return [BriefItem(sentence, [len(cited) + 1])], [
        span_citation(len(cited) + 1, article, start, end)
    ]


def document_answer(question: str, briefing: Briefing, topic: str, embedder, store) -> Answer:
    """A summary of the one document a request names (`briefing` reads only it): what the
    document gives as its own summary ("Summary", "Key points") first, then the points a
    summary of the topic would give."""
    from bot.briefing.flagged import SUMMARY_HEADS, flagged_spans

    rest, cited = summary_points(question, briefing, topic, embedder, store)
    items: list[BriefItem] = []
    for source in briefing.sources[:1]:
        article = store.get_articles([source.doc_id]).get(source.doc_id)
        if article is None:
            continue
        for start, end in flagged_spans(article.text, SUMMARY_HEADS)[:MAX_POINTS]:
            known = [
                c.n for c in cited if c.doc_id == source.doc_id and c.start < end and c.end > start
            ]
            if not known:
                cited.append(span_citation(len(cited) + 1, article, start, end))
            items.append(BriefItem(article.text[start:end], known[:1] or [len(cited)]))
    return as_answer(question, distinct(items + rest)[:MAX_POINTS], cited, briefing)


def distinct(items: list[BriefItem]) -> list[BriefItem]:
    """`items` without a point that repeats an earlier one (the same citation, or the same
    sentence however it is cited)."""
    out: list[BriefItem] = []
    refs: set[int] = set()
    said: list[str] = []
    for item in items:
        text = " ".join(item.text.split()).strip("“”\"' ")
        if refs & set(item.refs) or any(text in s or s in text for s in said):
            continue
        out.append(item)
        refs.update(item.refs)
        said.append(text)
    return out


def span_citation(n: int, article, start: int, end: int) -> Citation:
    """Citation `n` of article.text[start:end], its paragraph as the passage."""
    text, meta = article.text, article.meta
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return Citation(
        n=n,
        quote=text[start:end],
        passage=text[left : right if right >= 0 else len(text)],
        doc_id=article.doc_id,
        title=str(meta.get("title", "")),
        source=str(meta.get("source", "")),
        url=str(meta.get("url", "")),
        published_at=str(meta.get("published_at", "")),
        start=start,
        end=end,
        score=0.0,
    )


def as_answer(question: str, items: list[BriefItem], cited: list[Citation], briefing: Briefing):
    """`items` as an `Answer` whose [n] are renumbered from 1 in the order they are used."""
    return cited_points(question, items, cited, briefing.mode, briefing.note)


def cited_points(
    question: str, items: list[BriefItem], cited: list[Citation], mode="extractive", note=""
) -> Answer:
    """`items` as an `Answer` (`as_answer` without a briefing)."""
    numbers: dict[int, int] = {}
    lines = []
    for item in items:
        refs = [numbers.setdefault(n, len(numbers) + 1) for n in item.refs]
        marks = "".join(f"[{n}]" for n in refs)
        who = f"{item.speaker} ({item.role})" if item.speaker and item.role else item.speaker
        said = f"{who}: {item.text.strip()}" if who else item.text.strip()  # whose words
        lines.append(f"- {said} {marks}")
    citations = [replace(cited[old - 1], n=new) for old, new in numbers.items()]
    sources = len({c.doc_id for c in citations})
    lead = f"In brief, from {sources} article{'s' if sources != 1 else ''} in the store:"
    return Answer(
        question,
        lead + "\n" + "\n".join(lines),
        False,
        mode,
        citations,
        note=note,
    )


def for_question(answer: Answer, q) -> Answer:
    """`answer` to the question `q`: when it names outlets the store lacks, the lead says so and
    the answer counts as declined (what the store has is offered, cited, below)."""
    from bot.answering.declined import absent_outlets_lead

    if q.unknown_outlets:
        lead, _, rest = answer.answer.partition("\n")
        answer.answer = f"{absent_outlets_lead(q, lead)}\n{rest}"
        answer.abstained = True
    return answer


def _inside(item: BriefItem, briefing: Briefing, spans: list[tuple[str, int, int]]) -> bool:
    """Whether a brief point quotes text a defining point already quotes."""
    for n in item.refs:
        c = briefing.citations[n - 1]
        if any(c.doc_id == d and c.start < e and c.end > s for d, s, e in spans):
            return True
    return False
