"""A summary request answered in chat ("summarize ...", "tell me about ...", "brief me on ..."):
the briefing's bottom line (then its timeline), cited like any answer."""

from __future__ import annotations

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
    """The bottom line of `briefing` as an `Answer` whose [n] are renumbered from 1. With a
    topic and an embedder, the points of every section closest to the topic instead ("explain
    the drought risk to Haldor" wants the drought, not the article's lead); with the store
    too, the sentences that say what the topic is come first."""
    items = [i for i in briefing.bottom_line if i.refs][:MAX_POINTS]
    if len(items) < MAX_POINTS:  # a short brief: its dated events say the rest
        items += [i for i in briefing.timeline if i.refs][: MAX_POINTS - len(items)]
    if topic and embedder is not None:
        items = _closest(topic, briefing, embedder) or items
    cited = list(briefing.citations)
    if topic and store is not None:
        defining, extra = _defining(topic, briefing, store)
        cited += extra
        spans = [(c.doc_id, c.start, c.end) for c in extra]
        items = defining + [i for i in items if not _inside(i, briefing, spans)]
        items = items[:MAX_POINTS]
    return _as_answer(question, items, cited, briefing)


def _as_answer(question: str, items: list[BriefItem], cited: list[Citation], briefing: Briefing):
    """`items` as an `Answer` whose [n] are renumbered from 1 in the order they are used."""
    numbers: dict[int, int] = {}
    lines = []
    for item in items:
        refs = [numbers.setdefault(n, len(numbers) + 1) for n in item.refs]
        marks = "".join(f"[{n}]" for n in refs)
        lines.append(f"- {item.text.strip()} {marks}")
    citations = [replace(cited[old - 1], n=new) for old, new in numbers.items()]
    sources = len({c.doc_id for c in citations})
    lead = f"In brief, from {sources} article{'s' if sources != 1 else ''} in the store:"
    return Answer(
        question,
        lead + "\n" + "\n".join(lines),
        False,
        briefing.mode,
        citations,
        note=briefing.note,
    )


def for_question(answer: Answer, q) -> Answer:
    """`answer` to the question `q`: when it names outlets the store lacks, the lead says so and
    the answer counts as declined (what the store has is offered, cited, below)."""
    from bot.answering.extractive import absent_outlets_lead

    if q.unknown_outlets:
        lead, _, rest = answer.answer.partition("\n")
        answer.answer = f"{absent_outlets_lead(q, lead)}\n{rest}"
        answer.abstained = True
    return answer


def watch_answer(question: str, briefing: Briefing) -> Answer | None:
    """What comes next ("next steps?", "what should we watch"): the brief's what-to-watch
    points (planned events, what the sources say lies ahead), cited; None when it has none."""
    planned = [i for i in briefing.timeline if i.refs and i.status == "planned"]
    items = list({i.text: i for i in planned + [i for i in briefing.watch if i.refs]}.values())
    items = items[:MAX_POINTS]
    if not items:
        return None
    answer = _as_answer(question, items, list(briefing.citations), briefing)
    answer.answer = answer.answer.replace("In brief, from", "What comes next, from", 1)
    return answer


def _inside(item: BriefItem, briefing: Briefing, spans: list[tuple[str, int, int]]) -> bool:
    """Whether a brief point quotes text a defining point already quotes."""
    for n in item.refs:
        c = briefing.citations[n - 1]
        if any(c.doc_id == d and c.start < e and c.end > s for d, s, e in spans):
            return True
    return False
