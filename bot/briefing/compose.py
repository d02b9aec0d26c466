"""Arranging chosen sentences into a Briefing: key points, themes, quotes, what to watch."""

from __future__ import annotations

import numpy as np

from bot.briefing.material import day, describe
from bot.briefing.models import Progress
from bot.briefing.quotes import attribute, said, watch_strength
from bot.briefing.select import (
    Candidate,
    SelectOptions,
    heading,
    mmr,
    not_redundant,
    score,
    themes,
    usable,
)
from bot.models import BRIEF_STEPS as STEPS
from bot.models import Briefing, BriefItem, BriefRequest, BriefSection, Citation, Source


def compose(
    cands: list[Candidate],
    texts: dict[str, str],
    topic_vec,
    request: BriefRequest,
    embedder,
    options: SelectOptions,
    step: Progress,
) -> Briefing:
    """Pick and arrange sentences; every bullet cites the sentence it quotes."""
    from bot.errors import NothingToBrief

    cands = usable(cands, options) or cands[:1]
    step(STEPS[2])
    vectors = _embed(embedder, [c.text for c in cands])
    step(STEPS[3])
    sims = score(cands, vectors, topic_vec, options)
    attribute(cands, texts)
    n_key = min(7, max(3, round(request.max_words / 100)))
    # 15% of the budget is left for quotes and open questions added after the MMR picks.
    picks = mmr(cands, sims, int(request.max_words * 0.85), options, min_count=n_key)
    if not picks:
        raise NothingToBrief(f"no usable sentences in the articles matching {describe(request)}")
    step(STEPS[4])
    key, rest = picks[:n_key], picks[n_key:]
    chosen = list(picks)
    watch = sorted(
        (i for i in rest if watch_strength(cands[i].text) >= 2),
        key=lambda i: -watch_strength(cands[i].text) * cands[i].salience,
    )[:3]
    watch += _extra(
        cands,
        sims,
        chosen,
        options,
        lambda c: watch_strength(c.text) >= 2,
        2 - len(watch),
        request.max_words,
    )
    rest = [i for i in rest if i not in watch]
    quotes = [i for i in rest if cands[i].speaker][:6]
    quotes += _extra(
        cands,
        sims,
        chosen,
        options,
        lambda c: bool(c.speaker) and said(c) != c.text,
        want=3 - len(quotes),
        budget=request.max_words,
    )
    rest = [i for i in rest if i not in quotes]
    for i in sorted(key, key=lambda i: cands[i].salience):  # short material: quotes from key points
        if len(quotes) >= 2 or len(key) <= 3:
            break
        if cands[i].speaker:
            key.remove(i)
            quotes.append(i)
    groups = themes(sorted(rest, key=lambda i: -cands[i].salience), sims)
    return _assemble(cands, request, key, groups, quotes, watch)


def _extra(
    cands, sims, chosen: list[int], options: SelectOptions, wanted, want: int, budget: int
) -> list[int]:
    """Up to `want` more salient candidates that satisfy `wanted`, repeat nothing chosen and
    fit in what is left of the word budget."""
    out: list[int] = []
    median = float(np.median([c.salience for c in cands]))
    left = budget - sum(cands[i].words for i in chosen)
    for i in sorted(range(len(cands)), key=lambda i: -cands[i].salience):
        if len(out) >= want:
            break
        if i in chosen or cands[i].salience < median or not wanted(cands[i]):
            continue
        if cands[i].words > left:
            continue
        if not_redundant(i, chosen, sims, options):
            out.append(i)
            chosen.append(i)
            left -= cands[i].words
    return out


def _order(cands: list[Candidate], indices: list[int]) -> list[int]:
    return sorted(indices, key=lambda i: (cands[i].ts, cands[i].doc_id, cands[i].start))


def _assemble(cands, request: BriefRequest, key, groups, quotes, watch) -> Briefing:
    citations: list[Citation] = []
    sources: dict[str, Source] = {}

    def cite(i: int) -> int:
        c = cands[i]
        if c.doc_id not in sources:
            sources[c.doc_id] = Source(
                n=len(sources) + 1,
                doc_id=c.doc_id,
                title=str(c.meta.get("title", "")),
                source=str(c.meta.get("source", "")),
                published_at=str(c.meta.get("published_at", "")),
                url=str(c.meta.get("url", "")),
            )
        citations.append(
            Citation(
                n=len(citations) + 1,
                quote=c.text,
                passage=c.passage,
                doc_id=c.doc_id,
                title=sources[c.doc_id].title,
                source=sources[c.doc_id].source,
                url=sources[c.doc_id].url,
                published_at=sources[c.doc_id].published_at,
                start=c.start,
                end=c.end,
                score=round(c.salience, 4),
            )
        )
        return len(citations)

    def item(i: int, quote: bool = False) -> BriefItem:
        c = cands[i]
        return BriefItem(
            text=said(c) if quote else c.text, refs=[cite(i)], speaker=c.speaker, role=c.role
        )

    key_points = [item(i) for i in _order(cands, key)]
    ranked = sorted(groups, key=lambda g: -max(cands[i].salience for i in g))
    sections = [
        BriefSection(
            heading(_members(cands, g), cands, request.topic), [item(i) for i in _order(cands, g)]
        )
        for g in ranked
    ]
    who = [item(i, quote=True) for i in _order(cands, quotes)]
    what_next = [item(i) for i in watch]
    return Briefing(
        title=title_for(request, list(sources.values())),
        topic=request.topic,
        date_from=date_bound(request, sources, first=True),
        date_to=date_bound(request, sources, first=False),
        key_points=key_points,
        sections=sections,
        who_said_what=who,
        watch=what_next,
        citations=citations,
        sources=list(sources.values()),
    )


def _members(cands, group: list[int]) -> list[Candidate]:
    return [cands[i] for i in group]


def title_for(request: BriefRequest, sources: list[Source]) -> str:
    if request.doc_id and sources:
        return sources[0].title or "Briefing"
    if request.topic:
        return f"Briefing: {request.topic}"
    if request.filters.source:
        return f"Briefing: {request.filters.source}"
    return "Briefing: latest news"


def date_bound(request: BriefRequest, sources: dict[str, Source], first: bool) -> str:
    bound = request.filters.since if first else request.filters.until
    if bound is not None:
        return day(bound)
    dates = sorted(s.published_at[:10] for s in sources.values() if s.published_at)
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
