"""Types the briefing modules share: how much material to read, and progress callbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[str], None]  # called with the name of each step as it starts


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
