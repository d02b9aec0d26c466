"""BriefBot: the one service object every front end (CLI, web, Slack) calls."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.config import Settings, make_store
from bot.models import Answer
from bot.retrieve import Filters, Retriever

Turn = tuple[str, str]  # (question, answer) of an earlier exchange


class BriefBot:
    """Ingest, ask, brief: the whole product behind one object."""

    def __init__(self, settings: Settings | None = None, store=None, embedder=None) -> None:
        self.settings = settings or Settings()
        if store is None or embedder is None:
            store, embedder = make_store(self.settings)
        self.store = store
        self.embedder = embedder
        self.retriever = Retriever(store, embedder)

    def ingest(self, paths: list[Path], progress=None):
        """Ingest files and folders; returns an `IngestReport`."""
        from ingest.pipeline import IngestOptions, ingest_paths

        options = IngestOptions(chunk_size=self.settings.chunk_size,
                                chunk_overlap=self.settings.chunk_overlap,
                                max_bytes=self.settings.max_bytes)
        return ingest_paths(self.store, self.embedder, paths, options, progress=progress)

    def ask(self, question: str, history: list[Turn] | None = None, k: int = 10,
            filters: Filters | None = None) -> Answer:
        """Answer `question` with cited quotes (history resolves follow-ups)."""
        final = None
        for event in self.stream(question, history=history, k=k, filters=filters):
            if isinstance(event, Answer):
                final = event
        assert final is not None
        return final

    def stream(self, question: str, history: list[Turn] | None = None, k: int = 10,
               filters: Filters | None = None) -> Iterator[str | Answer]:
        """Yield answer text pieces as they are written, then the final `Answer`."""
        from bot.answer import answer_extractive

        passages = self.retriever.search(question, k=k, filters=filters)
        answer = answer_extractive(question, passages, self.store)
        yield answer.answer
        yield answer
