"""Plain data records passed between the ingestion steps."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawArticle:
    """An article as a loader found it, before cleaning."""

    text: str
    origin: str  # file path, plus "#n" for the n-th article of a JSON file
    title: str = ""
    source: str = ""
    url: str = ""
    author: str = ""
    published_at: str = ""  # ISO 8601 (normalised by the loader) or ""
    place: str = ""  # from a dateline such as "(Kuala Lumpur, 23rd)"
    day: str = ""
    category: str = ""
    pages: list[tuple[int, int]] = field(default_factory=list)  # (page, start offset) in text
    title_from_text: bool = False  # title was taken from the first line of `text`
    part: str = ""  # where in its file, for messages: "line 3" (JSON Lines), "item 2" (JSON)


@dataclass
class Article:
    """A cleaned article ready to store; `text` is what every span refers to."""

    doc_id: str
    origin: str
    text: str
    title: str
    source: str = ""
    url: str = ""
    author: str = ""
    published_at: str = ""
    place: str = ""
    day: str = ""
    category: str = ""
    content_hash: str = ""
    pages: list[tuple[int, int]] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)  # what cleaning dropped, by kind
    duplicate_of: list[str] = field(default_factory=list)  # doc_ids of near-duplicates
    minhash: str = ""  # encoded MinHash signature, to find later duplicates


@dataclass
class Chunk:
    """A passage of an article: `article.text[start:end] == text`."""

    chunk_id: str
    doc_id: str
    index: int
    start: int
    end: int
    text: str
