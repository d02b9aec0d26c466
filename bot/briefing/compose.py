"""Arranging a briefing: bottom line, timeline, positions, what to watch, where sources differ.

The timeline, positions and planned events come from the quote and event index (`facts`);
the bottom line is the most salient sentences left (MMR: novel against what is chosen).
Every item cites the exact span it shows; the citations are numbered in reading order.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bot.briefing import sections as parts
from bot.briefing.facts import ArticleFacts, FactSource, read_texts
from bot.briefing.material import day, describe
from bot.briefing.models import Progress
from bot.briefing.plan import Plan
from bot.briefing.salience import headlines
from bot.briefing.select import Candidate, SelectOptions, bottom_picks, score, usable
from bot.models import BRIEF_STEPS as STEPS
from bot.models import SECTION_KEYS, Briefing, BriefItem, BriefRequest, Source

BOTTOM_SENTENCES = 3


def compose(
    cands: list[Candidate],
    texts: dict[str, str],
    topic_vec,
    request: BriefRequest,
    embedder,
    options: SelectOptions,
    step: Progress,
    facts: FactSource | None = None,
) -> Briefing:
    """Pick and arrange sentences; every item cites the span it quotes."""
    from bot.errors import NothingToBrief

    cands = usable(cands, options) or cands[:1]
    step(STEPS[2])
    vectors = _embed(embedder, [c.text for c in cands])
    step(STEPS[3])
    heads = headlines(cands, embedder, request.topic, topic_vec, texts)
    sims = score(cands, vectors, topic_vec, options, heads)
    metas = {c.doc_id: c.meta for c in cands}
    found = (facts or read_texts)({d: texts[d] for d in metas}, metas)
    step(STEPS[4])
    budget = request.max_words
    plan = Plan(cands, sims, texts, budget, options)
    bottom_words = options.bottom_words or max(40, int(budget * 0.3))
    newest = _newest(found, cands)
    ahead = parts.planned_after(plan, found, newest)  # what to watch says these
    # The gist first: the most salient sentences whatever their kind (a speaker's words
    # too; positions then quote that speaker elsewhere or leave them out, since a used
    # sentence is never quoted again), but not what is planned (what to watch says that).
    # Then the dated events it does not already say; each section keeps room in the
    # article's share for the next.
    said = speech_share(plan, found)
    plan.hold = 3
    bottom = bottom_line(plan, bottom_words, said, ahead)
    plan.hold = 2
    dated = parts.timeline(plan, found, limit=max(3, budget // 70), words=int(budget * 0.3))
    plan.hold = 1 if ahead - set(plan.used) else 0
    positions = parts.positions(plan, found, limit=6, words=int(budget * 0.35))
    plan.hold = 0
    if not bottom and not dated:
        raise NothingToBrief(f"no usable sentences in the articles matching {describe(request)}")
    watch = parts.watch(plan, found, dated, newest, limit=3, words=int(budget * 0.15))
    parts.attribute(plan, found, bottom + dated + watch)
    differences = parts.differences(plan)
    inferred = {d: f.published for d, f in found.items() if f.published}
    return finish(
        request,
        plan,
        {
            "bottom_line": bottom,
            "timeline": dated,
            "positions": positions,
            "watch": watch,
            "differences": differences,
        },
        inferred,
    )


def speech_share(plan: Plan, facts: dict[str, ArticleFacts]) -> np.ndarray:
    """For each candidate, the share of its characters the quote index attributes to someone."""
    out = np.zeros(len(plan.cands))
    for doc_id, f in facts.items():
        for q in f.quotes:
            i = plan.at(doc_id, q.start, q.end)
            if i is not None:
                c = plan.cands[i]
                inside = max(0, min(q.end, c.end) - max(q.start, c.start))
                out[i] = min(1.0, out[i] + inside / max(1, c.end - c.start))
    return out


def bottom_line(
    plan: Plan, words: int, said: np.ndarray | None = None, skip: set[int] | None = None
) -> list[BriefItem]:
    """At most three sentences, the most salient and novel, in the order the articles give
    them (oldest article first)."""
    cands = plan.cands
    free = [i for i in range(len(cands)) if plan.usable(i) and i not in (skip or set())]
    chosen = bottom_picks(cands, plan.sims, free, words, plan.options, BOTTOM_SENTENCES, said)
    taken = {i: plan.take(i) for i in chosen if plan.usable(i)}
    order = sorted(taken, key=lambda i: (cands[i].ts, cands[i].doc_id, cands[i].start))
    return [BriefItem(cands[i].text, taken[i]) for i in order]


def finish(
    request: BriefRequest,
    plan: Plan,
    found: dict[str, list[BriefItem]],
    inferred: dict[str, str] | None = None,
) -> Briefing:
    """The Briefing, citations and sources numbered in reading order."""
    order = plan.reorder([i.refs for key in SECTION_KEYS for i in found[key]])
    citations = sorted(
        (replace(c, n=order[c.n]) for c in plan.citations if c.n in order), key=lambda c: c.n
    )
    for key in SECTION_KEYS:
        for item in found[key]:
            item.refs = [order[n] for n in item.refs]
    doc_order = list(dict.fromkeys(c.doc_id for c in citations))
    sources = [replace(plan.sources[d], n=k + 1) for k, d in enumerate(doc_order)]
    dated = {s.doc_id: s.published_at[:10] or (inferred or {}).get(s.doc_id, "") for s in sources}
    return Briefing(
        title=title_for(request, sources),
        topic=request.topic,
        date_from=date_bound(request, dated, first=True),
        date_to=date_bound(request, dated, first=False),
        citations=citations,
        sources=sources,
        bottom_line=found.get("bottom_line", []),
        timeline=found.get("timeline", []),
        positions=found.get("positions", []),
        watch=found.get("watch", []),
        differences=found.get("differences", []),
    )


def _newest(facts: dict[str, ArticleFacts], cands: list[Candidate]) -> str:
    """The newest source's date (ISO day): stored, or read from its dateline."""
    dates = [f.published for f in facts.values() if f.published]
    dates += [str(c.meta.get("published_at", ""))[:10] for c in cands if c.meta.get("published_at")]
    return max(dates) if dates else ""


def title_for(request: BriefRequest, sources: list[Source]) -> str:
    if request.doc_id and sources:
        return sources[0].title or "Briefing"
    if request.topic:
        return f"Briefing: {request.topic}"
    if request.filters.source:
        return f"Briefing: {request.filters.source}"
    return "Briefing: latest news"


def date_bound(request: BriefRequest, dates_of: dict[str, str], first: bool) -> str:
    """The period covered: the request's dates, else the first or last source's date
    (`dates_of`: doc_id -> ISO day, read from the dateline where none was stored)."""
    bound = request.filters.since if first else request.filters.until
    if bound is not None:
        return day(bound)
    dates = sorted(d[:10] for d in dates_of.values() if d)
    if not dates:
        return ""
    return dates[0] if first else dates[-1]


def _embed(embedder, texts: list[str]) -> np.ndarray:
    array = getattr(embedder, "embed_array", None)
    vectors = np.asarray(
        array(texts) if array else embedder.embed_documents(texts), dtype=np.float32
    )
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.clip(norms, 1e-12, None)
