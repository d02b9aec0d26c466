"""What the core returns to every front end: passages, citations, answers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal


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
