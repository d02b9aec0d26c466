"""Briefings: a one-page cited summary of a topic, a period or one article.

`brief(...)` is the library call every front end uses. Extractive by default: it
selects material (retrieval for a topic, the article itself for --doc), scores its
sentences (centrality + topic relevance + news-lead prior), picks them with MMR
under a word budget, and arranges them into key points, themed sections, who said
what and what to watch. Every bullet cites the exact sentence span it quotes.
With an LLM configured (Settings.answerer resolves to "llm"), bot/briefing_llm.py writes
it by map-reduce over the same material, every sentence citation-checked; any failure
falls back to the extractive briefing with a note saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from bot.briefing_select import Candidate, SelectOptions
from bot.errors import BriefbotError
from bot.models import Citation
from bot.retrieve import Filters

Progress = Callable[[str], None]  # called with the name of each step as it starts
STEPS = ("select material", "split sentences", "embed sentences", "choose sentences", "arrange")


class NothingToBrief(BriefbotError):
    """No stored article matches the topic, filters or id asked for."""


@dataclass
class BriefItem:
    """One bullet: text shown to the reader and the citation numbers it rests on."""

    text: str
    refs: list[int]
    speaker: str = ""
    role: str = ""


@dataclass
class BriefSection:
    """A themed group of bullets."""

    heading: str
    items: list[BriefItem]


@dataclass
class Source:
    """One article the briefing cites, numbered in the source list."""

    n: int
    doc_id: str
    title: str
    source: str
    published_at: str
    url: str


@dataclass
class Briefing:
    """A finished briefing; `citations[n-1]` is what [n] points to."""

    title: str
    topic: str
    date_from: str
    date_to: str
    key_points: list[BriefItem]
    sections: list[BriefSection]
    who_said_what: list[BriefItem]
    watch: list[BriefItem]
    citations: list[Citation]
    sources: list[Source]
    mode: Literal["extractive", "llm"] = "extractive"
    note: str = ""
    notices: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[BriefItem]:
        """Every bullet, in reading order."""
        out = list(self.key_points)
        for section in self.sections:
            out.extend(section.items)
        return out + self.who_said_what + self.watch

    def source_of(self, citation: Citation) -> Source:
        return next(s for s in self.sources if s.doc_id == citation.doc_id)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["citations"] = [c.to_dict() for c in self.citations]
        return data


@dataclass
class BriefRequest:
    """What the user asked for."""

    topic: str = ""
    filters: Filters = field(default_factory=Filters)
    doc_id: str = ""
    max_words: int = 500


@dataclass
class MaterialOptions:
    """How much material a briefing reads: bounded whatever the store size."""

    k: int = 40  # passages retrieved for a topic
    chunks_per_article: int = 6  # best chunks of each on-topic article
    max_articles: int = 12  # on-topic articles read
    period_articles: int = 25  # most recent articles read when there is no topic
    period_sentences: int = 15  # leading sentences of each of those
    relevance_margin: float = 0.15  # on-topic: best chunk within this cosine of the best article
    relevance_floor: float = 0.35


def brief(
    store,
    embedder,
    request: BriefRequest,
    settings=None,
    retriever=None,
    progress: Progress | None = None,
    select: SelectOptions | None = None,
    material: MaterialOptions | None = None,
) -> Briefing:
    """Write a cited briefing for `request`; raises NothingToBrief when no article matches."""
    from bot.briefing_compose import compose
    from bot.briefing_material import gather

    step = progress or (lambda name: None)
    step(STEPS[0])
    cands, texts, topic_vec, notices = gather(
        store, embedder, request, retriever, material or MaterialOptions(), step
    )
    note = ""
    if resolve_answerer(settings) == "llm":
        written, note = _by_llm(cands, texts, topic_vec, request, embedder, settings, step)
        if written is not None:
            written.notices = notices
            return written
    briefing = compose(cands, texts, topic_vec, request, embedder, select or SelectOptions(), step)
    briefing.note = note
    briefing.notices = notices
    return briefing


def _by_llm(cands, texts, topic_vec, request, embedder, settings, step):
    """(LLM-written briefing, "") or (None, why it fell back to the extractive one)."""
    from bot.briefing_compose import _range, _title
    from bot.briefing_llm import NoCheckedText, brief_llm
    from bot.briefing_material import describe
    from bot.llm import LLMFailure

    f = request.filters
    period = describe(BriefRequest(filters=f)).replace("the request", "").strip() or "all dates"
    try:
        written = brief_llm(cands, texts, topic_vec, request, embedder, settings, step, period)
    except (LLMFailure, NoCheckedText) as exc:
        return None, f"{exc.note.rstrip('.')}, so this briefing quotes the articles directly."
    by_id = {s.doc_id: s for s in written.sources}
    written.title = _title(request, written.sources)
    written.topic = request.topic
    written.date_from = _range(request, by_id, first=True)
    written.date_to = _range(request, by_id, first=False)
    return written, ""


def resolve_answerer(settings) -> str:
    """'llm' or 'extractive', as Settings.answerer says (auto: LLM when a key or URL is set)."""
    if settings is None:
        return "extractive"
    from bot.answerers import answerer_name

    return answerer_name(settings)


def sentence_candidates(
    doc_id: str,
    text: str,
    meta: dict,
    ts: int,
    ranges: list[tuple[int, int]] | None = None,
    limit: int | None = None,
) -> list[Candidate]:
    """The article's sentences (inside `ranges` when given) as candidates with exact spans."""
    from ingest.chunking import sentence_spans

    out = []
    for position, (start, end) in enumerate(sentence_spans(text)):
        if limit is not None and position >= limit:
            break
        if ranges is not None and not any(a <= start and end <= b for a, b in ranges):
            continue
        out.append(
            Candidate(
                doc_id=doc_id,
                start=start,
                end=end,
                text=text[start:end],
                position=position,
                passage=_paragraph(text, start, end),
                ts=ts,
                meta=meta,
            )
        )
    return out


def _paragraph(text: str, start: int, end: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    if right - left > 1200:  # one-paragraph articles: a window of the text instead
        left, right = max(left, start - 400), min(right, end + 400)
    return text[left:right]
