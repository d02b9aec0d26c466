"""Briefings: a one-page cited summary of a topic, a period or one article.

`brief(...)` is the library call every front end uses. Extractive by default: it
selects material (retrieval for a topic, the article itself for --doc), scores its
sentences (centrality, topic, named actors, numbers, dates, a mild lead prior), and
arranges them into a bottom line, a timeline and positions from the quote and event
index, what to watch and where sources differ. Every item cites the exact span it quotes.
With an LLM configured (Settings.answerer resolves to "llm"), bot/briefing/llm.py writes
it by map-reduce over the same material, every sentence citation-checked; any failure
falls back to the extractive briefing with a note saying why.
"""

from __future__ import annotations

from bot.briefing.models import MaterialOptions, Progress
from bot.briefing.select import SelectOptions
from bot.models import BRIEF_STEPS as STEPS
from bot.models import Briefing, BriefRequest


def brief(
    store,
    embedder,
    request: BriefRequest,
    settings=None,
    retriever=None,
    progress: Progress | None = None,
    select: SelectOptions | None = None,
    material: MaterialOptions | None = None,
    facts=None,
) -> Briefing:
    """Write a cited briefing for `request`; raises NothingToBrief when no article matches.

    facts: where quotes and dated events come from (bot/briefing/facts.py: the quote index
    in the shared database; by default read from the articles' texts)."""
    from bot.briefing.compose import compose
    from bot.briefing.material import gather

    step = progress or (lambda name: None)
    step(STEPS[0])
    cands, texts, topic_vec, notices = gather(
        store, embedder, request, retriever, material or MaterialOptions(), step
    )
    note = ""
    if resolve_answerer(settings) == "llm":
        written, note = _by_llm(cands, texts, topic_vec, request, embedder, settings, step, facts)
        if written is not None:
            written.notices = notices
            return written
    options = select or SelectOptions()
    briefing = compose(cands, texts, topic_vec, request, embedder, options, step, facts)
    briefing.note = note
    briefing.notices = notices
    return briefing


def _by_llm(cands, texts, topic_vec, request, embedder, settings, step, facts):
    """(LLM-written briefing, "") or (None, why it fell back to the extractive one)."""
    from bot.answering.llm import LLMFailure
    from bot.briefing.compose import date_bound, title_for
    from bot.briefing.llm import NoCheckedText, brief_llm
    from bot.briefing.material import describe

    f = request.filters
    period = describe(BriefRequest(filters=f)).replace("the request", "").strip() or "all dates"
    try:
        written = brief_llm(
            cands, texts, topic_vec, request, embedder, settings, step, period, facts=facts
        )
    except (LLMFailure, NoCheckedText) as exc:
        return None, f"{exc.note.rstrip('.')}, so this briefing quotes the articles directly."
    by_id = {s.doc_id: s.published_at for s in written.sources}
    written.title = title_for(request, written.sources)
    written.topic = request.topic
    written.date_from = date_bound(request, by_id, first=True)
    written.date_to = date_bound(request, by_id, first=False)
    return written, ""


def resolve_answerer(settings) -> str:
    """'llm' or 'extractive', as Settings.answerer says (auto: LLM when a key or URL is set)."""
    if settings is None:
        return "extractive"
    from bot.answering.registry import answerer_name

    return answerer_name(settings)
