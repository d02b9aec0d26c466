"""An LLM briefing completed from the index: the model's bottom line, what to watch and where
sources differ, with the timeline, positions and planned events the extractive briefing takes
from the quote and event index; one citation list, numbered in reading order."""

from __future__ import annotations

from dataclasses import replace

from bot.briefing.select import SelectOptions
from bot.models import SECTION_KEYS, Briefing, BriefItem, BriefRequest, Citation, Source


def with_index(
    written: Briefing, cands, texts, topic_vec, request: BriefRequest, embedder, facts
) -> Briefing:
    """`written` (by the model, every sentence checked) with the index's sections added."""
    from bot.briefing.compose import compose

    indexed = compose(
        list(cands), texts, topic_vec, request, embedder, SelectOptions(), lambda _: None, facts
    )
    planned = [i for i in indexed.watch if i.status == "planned"]
    chosen: dict[str, list[tuple[BriefItem, Briefing]]] = {
        "bottom_line": [(i, written) for i in written.bottom_line],
        "timeline": [(i, indexed) for i in indexed.timeline],
        "positions": [(i, indexed) for i in indexed.positions]
        or [(i, written) for i in written.positions],
        "watch": [(i, indexed) for i in planned] + [(i, written) for i in written.watch],
        "differences": [(i, written) for i in written.differences]
        or [(i, indexed) for i in indexed.differences],
    }
    if not chosen["bottom_line"]:  # nothing the model wrote survived there: the index's
        chosen["bottom_line"] = [(i, indexed) for i in indexed.bottom_line]
    return merged(written, chosen)


def merged(base: Briefing, chosen: dict[str, list[tuple[BriefItem, Briefing]]]) -> Briefing:
    """One briefing of items drawn from several, their citations renumbered in reading order
    (one number per exact span), sources in order of first citation."""
    citations: list[Citation] = []
    numbers: dict[tuple[str, int, int], int] = {}
    sources: dict[str, Source] = {}
    out: dict[str, list[BriefItem]] = {}
    for key in SECTION_KEYS:
        out[key] = []
        for item, owner in chosen.get(key, []):
            refs: list[int] = []
            for n in item.refs:
                c = owner.citations[n - 1]
                span = (c.doc_id, c.start, c.end)
                if span not in numbers:
                    numbers[span] = len(citations) + 1
                    citations.append(replace(c, n=numbers[span]))
                    if c.doc_id not in sources:
                        sources[c.doc_id] = replace(owner.source_of(c), n=len(sources) + 1)
                if numbers[span] not in refs:
                    refs.append(numbers[span])
            out[key].append(replace(item, refs=refs))
    return replace(
        base,
        citations=citations,
        sources=list(sources.values()),
        bottom_line=out["bottom_line"],
        timeline=out["timeline"],
        positions=out["positions"],
        watch=out["watch"],
        differences=out["differences"],
    )
