"""BriefBot: the one service object every front end (CLI, web, Slack) calls."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.config import Settings, make_store
from bot.models import Answer, final_answer
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
        self._sources: tuple[int, set[str]] | None = None  # (store generation, outlet names)
        self._answerer = None

    def ingest(self, paths: list[Path], progress=None):
        """Ingest files and folders; returns an `IngestReport`."""
        from ingest.pipeline import IngestOptions, ingest_paths

        options = IngestOptions(
            chunk_size=self.settings.chunk_size,
            chunk_overlap=self.settings.chunk_overlap,
            max_bytes=self.settings.max_bytes,
        )
        self._sources = None
        return ingest_paths(self.store, self.embedder, paths, options, progress=progress)

    def ask(
        self,
        question: str,
        history: list[Turn] | None = None,
        k: int = 10,
        filters: Filters | None = None,
    ) -> Answer:
        """Answer `question` with cited quotes (history resolves follow-ups)."""
        return final_answer(self.stream(question, history=history, k=k, filters=filters))

    def stream(
        self,
        question: str,
        history: list[Turn] | None = None,
        k: int = 10,
        filters: Filters | None = None,
    ) -> Iterator[str | Answer]:
        """Yield answer text pieces as they are written, then the final `Answer`."""
        answerer = self.answerer
        query = answerer.condense(question, history) if history else question
        passages = self.retriever.search(query, k=k, filters=filters)
        if not passages and self.store.count_chunks() == 0:
            from bot.errors import EmptyStore

            raise EmptyStore(
                f"the store at {self.store.location} holds no articles yet: "
                "add some with `briefbot ingest FILES`"
            )
        for event in answerer.stream(question, passages, query=query, sources=self.sources()):
            if isinstance(event, Answer) and query != question:
                read_as = f"Read as: {query}"
                event.note = f"{event.note}; {read_as}" if event.note else read_as
            yield event

    def brief(self, request, progress=None):
        """A cited `Briefing` for a `bot.briefing.BriefRequest` (topic, period or one article)."""
        from bot.briefing import brief

        return brief(
            self.store,
            self.embedder,
            request,
            settings=self.settings,
            retriever=self.retriever,
            progress=progress,
        )

    @property
    def answerer(self):
        """The answerer BRIEFBOT_ANSWERER picks (extractive quotes, or an LLM), built once."""
        if self._answerer is None:
            from bot.answerers import make_answerer

            self._answerer = make_answerer(self.settings, self.store, self.embedder)
        return self._answerer

    def sources(self) -> set[str]:
        """Names of the outlets the store holds articles from (cached per store generation)."""
        from bot.question import source_names

        generation = self.store.generation
        if self._sources is None or self._sources[0] != generation:
            names: set[str] = set()
            for article in self.store.list_articles():
                names |= source_names(str(article.meta.get("source", "")))
            self._sources = (generation, names)
        return self._sources[1]
