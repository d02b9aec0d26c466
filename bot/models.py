"""The request and response types every front end and the core share.

Requests: `Filters` (outlet, dates), `BriefRequest`. Responses: `Passage`, `Citation`,
`Answer` and `Briefing` with its parts. Plain dataclasses; of the rest of `bot/` this module uses only
`bot.errors` (lazily), so that every layer can import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Turn = tuple[str, str]  # (question, answer) of an earlier exchange

# The steps a briefing reports as it works (front ends show them as progress).
BRIEF_STEPS = (
    "select material",
    "split sentences",
    "embed sentences",
    "choose sentences",
    "arrange",
)
EXPORT_FORMATS = ("md", "html", "docx", "json")


@dataclass
class Passage:
    """A retrieved stretch of one article: `article_text[start:end] == text`."""

    doc_id: str
    start: int
    end: int
    text: str
    score: float
    title: str = ""
    source: str = ""
    url: str = ""
    published_at: str = ""
    chunk_id: str = ""
    duplicates: list[str] = field(default_factory=list)
    relevance: float | None = None  # the re-ranker's logit: > 0 reads as answering the question


@dataclass
class Citation:
    """One numbered source of an answer; `quote` is the exact text relied on."""

    n: int
    quote: str
    passage: str
    doc_id: str
    title: str
    source: str
    url: str
    published_at: str
    start: int  # span of `quote` in the stored article text
    end: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    """An answer whose every claim carries a [n] pointing into `citations`."""

    question: str
    answer: str
    abstained: bool
    mode: Literal["extractive", "llm"]
    citations: list[Citation] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    note: str = ""  # e.g. why an LLM answer fell back to extractive

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "mode": self.mode,
            "citations": [c.to_dict() for c in self.citations],
            "unsupported": self.unsupported,
            "note": self.note,
        }


def final_answer(events: Iterable[str | Answer]) -> Answer:
    """Consume a stream of text pieces and return the `Answer` it ends with."""
    final = None
    for event in events:
        if isinstance(event, Answer):
            final = event
    if final is None:
        raise RuntimeError("the answer stream ended without an Answer")
    return final


def parse_date(text: str, end_of_day: bool = False) -> int:
    """Epoch seconds for a date as people type it ("2025-12-01", "last week", "since Monday");
    raises ConfigError saying what is accepted."""
    from ingest.dates import parse_user_date

    return parse_user_date(text, end_of_day=end_of_day)


@dataclass
class Filters:
    """Restrict retrieval to an outlet and/or a date window (epoch seconds, inclusive)."""

    source: str | None = None
    since: int | None = None
    until: int | None = None

    @classmethod
    def parse(
        cls, source: str | None = None, since: str | None = None, until: str | None = None
    ) -> Filters:
        """Filters from what a person typed ("2025-12-01", ...); a bad date names its field."""
        from bot.errors import BriefbotError, ConfigError

        out = cls(source=(source or "").strip() or None)
        for name, value in (("since", since), ("until", until)):
            if not value or not str(value).strip():
                continue
            try:
                ts = parse_date(str(value), end_of_day=name == "until")
            except BriefbotError as exc:
                raise ConfigError(f"{name} date: {exc}") from None
            setattr(out, name, ts)
        return out

    def where(self) -> dict | None:
        clauses: list[dict] = []
        if self.source:
            clauses.append({"source": self.source})
        if self.since is not None:
            clauses.append({"published_ts": {"$gte": self.since}})
        if self.until is not None:
            clauses.append({"published_ts": {"$lte": self.until}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


@dataclass
class BriefRequest:
    """What the user asked a briefing of: a topic, a period (filters) or one article."""

    topic: str = ""
    filters: Filters = field(default_factory=Filters)
    doc_id: str = ""
    max_words: int = 400  # about one page


@dataclass
class BriefItem:
    """One bullet: text shown to the reader and the citation numbers it rests on.

    Positions also carry `speaker` and `role`; timeline entries `date` (ISO day, month or
    year) and `status` (past | planned)."""

    text: str
    refs: list[int]
    speaker: str = ""
    role: str = ""
    date: str = ""
    status: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "cites": list(self.refs)}
        if self.speaker:
            out.update(speaker=self.speaker, role=self.role)
        if self.date or self.status:
            out.update(date=self.date, status=self.status)
        return out


@dataclass
class Source:
    """One article the briefing cites, numbered in the source list; `also` lists the
    near-duplicate copies (other outlets carrying the same article) grouped under it."""

    n: int
    doc_id: str
    title: str
    source: str
    published_at: str
    url: str
    also: list[dict] = field(default_factory=list)  # {doc_id, title, source, published_at, url}


@dataclass
class Briefing:
    """A finished briefing; `citations[n-1]` is what [n] points to.

    Sections: bottom line (at most 3 cited sentences), timeline (dated events, oldest first),
    positions (one entry per actor, most recent first), what to watch (planned events and open
    questions), where sources differ (each side cited)."""

    title: str
    topic: str
    date_from: str
    date_to: str
    bottom_line: list[BriefItem]
    timeline: list[BriefItem]
    positions: list[BriefItem]
    watch: list[BriefItem]
    citations: list[Citation]
    sources: list[Source]
    differences: list[BriefItem] = field(default_factory=list)
    mode: Literal["extractive", "llm"] = "extractive"
    note: str = ""
    notices: list[str] = field(default_factory=list)

    @property
    def key_points(self) -> list[BriefItem]:
        """The bottom line (the name earlier versions used)."""
        return self.bottom_line

    @property
    def items(self) -> list[BriefItem]:
        """Every bullet, in reading order."""
        return [i for _, items in sections(self) for i in items]

    def source_of(self, citation: Citation) -> Source:
        return next(s for s in self.sources if s.doc_id == citation.doc_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `briefbot brief --format json`."""
        return {
            "title": self.title,
            "topic": self.topic,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "mode": self.mode,
            "note": self.note,
            "notices": list(self.notices),
            **{key: [i.to_dict() for i in getattr(self, key)] for key in SECTION_KEYS},
            "sources": [asdict(s) for s in self.sources],
            "citations": [c.to_dict() for c in self.citations],
        }


def shorten_quote(text: str, limit: int = 300) -> str:
    """Shorten a quote to about `limit` chars, ending at a sentence or word, marked with …."""
    from ingest.chunking import sentence_spans

    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    # Whole sentences when they fill most of the room (sentencex knows "U.S." is no end).
    ends = [end for _, end in sentence_spans(text) if end <= limit]
    if ends and ends[-1] >= limit * 0.6:
        return text[: ends[-1]].rstrip() + " …"
    window = text[:limit]
    space = window.rfind(" ")
    return (window[:space] if space > limit // 2 else window).rstrip(",;:") + "…"


# -- how every format lays a briefing out (exports, web, Slack) ---------------------------
SECTION_KEYS = ("bottom_line", "timeline", "positions", "watch", "differences")
HEADINGS = {
    "bottom_line": "Bottom line",
    "timeline": "Timeline",
    "positions": "Positions",
    "watch": "What to watch",
    "differences": "Where sources differ",
}
WATCH_HEADING = HEADINGS["watch"]
_MONTHS = "January February March April May June July August September October November December"


def sections(briefing: Briefing) -> list[tuple[str, list[BriefItem]]]:
    """(heading, bullets) in reading order, the same for every format; an empty section is
    left out (no heading over nothing)."""
    parts = [(HEADINGS[key], getattr(briefing, key)) for key in SECTION_KEYS]
    return [(h, items) for h, items in parts if items]


def date_words(iso: str) -> str:
    """'2025-12-24' -> '24 December 2025'; '2025-10' -> 'October 2025'; '2025' as is."""
    parts = iso.split("-")
    try:
        month = _MONTHS.split()[int(parts[1]) - 1] if len(parts) > 1 else ""
    except (ValueError, IndexError):
        return iso
    if len(parts) == 3:
        return f"{int(parts[2])} {month} {parts[0]}"
    return f"{month} {parts[0]}" if month else iso


def subtitle(briefing: Briefing) -> str:
    """'2023-10-01 to 2023-10-05 · 3 sources · extractive'."""
    if briefing.date_from and briefing.date_to and briefing.date_from != briefing.date_to:
        when = f"{briefing.date_from} to {briefing.date_to}"
    else:
        when = briefing.date_from or briefing.date_to or "undated"
    n = len(briefing.sources)
    return f"{when} · {n} source{'s' if n != 1 else ''} · {briefing.mode}"


def source_line(source: Source) -> str:
    """Title, outlet, date, url (whichever are known); grouped copies: 'also in ...'."""
    parts = [source.title or "(untitled)", source.source, source.published_at[:10], source.url]
    line = ", ".join(p for p in parts if p)
    copies = [c.get("source") or c.get("title") or "" for c in source.also]
    copies = [c for c in dict.fromkeys(copies) if c]
    return line + (f" (also in {', '.join(copies)})" if copies else "")


def note_line(briefing: Briefing, citation: Citation) -> str:
    """The endnote text of [n]: the exact quote and which source it is from."""
    source = briefing.source_of(citation)
    return f"\u201c{citation.quote}\u201d \u2014 source {source.n}: {source_line(source)}"


def item_text(item: BriefItem, speaker: Callable[[str], str] = str) -> str:
    """The bullet's words: the speaker and role in front of a position, the date and
    'planned' in front of a timeline entry."""
    lead = ""
    if item.date:
        lead = speaker(date_words(item.date)) + (" (planned)" if item.status == "planned" else "")
    if item.speaker:
        who = speaker(item.speaker) + (f" ({item.role})" if item.role else "")
        lead = f"{lead}: {who}" if lead else who
    if lead:
        return f"{lead}: {item.text}"
    return item.text
