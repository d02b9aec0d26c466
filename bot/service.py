"""BriefBot: the one service object every front end (CLI, web, Slack) calls."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from bot.config import Settings, make_store
from bot.models import Answer, Briefing, BriefRequest, Filters, Turn, final_answer
from bot.question import Question, understand
from bot.retrieval import Retriever


class BriefBot:
    """Ingest, ask, brief: the whole product behind one object."""

    def __init__(self, settings: Settings | None = None, store=None, embedder=None) -> None:
        self.settings = settings or Settings()
        if store is None or embedder is None:
            store, embedder = make_store(self.settings)
        self.store = store
        self.embedder = embedder
        from bot.retrieval.rerank import make_reranker

        self.retriever = Retriever(store, embedder, reranker=make_reranker(self.settings.reranker))
        self._answerer = None
        self._answerer_lock = threading.Lock()

    def ingest(self, paths: list[Path], progress=None):
        """Ingest files and folders; returns an `IngestReport`."""
        from ingest.pipeline import IngestOptions, ingest_paths

        options = IngestOptions(
            chunk_size=self.settings.chunk_size,
            chunk_overlap=self.settings.chunk_overlap,
            max_bytes=self.settings.max_bytes,
        )
        report = ingest_paths(self.store, self.embedder, paths, options, progress=progress)
        self.index_quotes()  # quotes and dates of new articles; those of replaced ones dropped
        return report

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
        q = self.understand(question, history)
        summary = self._summary(q, filters) if "summary" in q.wants else None
        if summary is not None:
            yield from (summary.answer, summary)
            return
        passages = self.retriever.search(q, k=k, filters=filters)
        if not passages:
            self._check_not_empty()
        for event in answerer.stream(q, passages):
            if isinstance(event, Answer) and q.asked:
                read_as = f"Read as: {q.text}"
                event.note = f"{event.note}; {read_as}" if event.note else read_as
            yield event

    def _summary(self, q: Question, filters: Filters | None) -> Answer | None:
        """A short cited summary of what the store holds on the topic (a topic briefing's key
        points), or None when no briefing can be made (the question is then answered as any)."""
        from bot.briefing.summary import summary_answer
        from bot.errors import NothingToBrief

        request = BriefRequest(topic=q.topic, filters=filters or Filters(), max_words=150)
        try:
            answer = summary_answer(q.original, self.brief(request))
        except NothingToBrief:
            return None
        if q.asked:
            answer.note = "; ".join(x for x in (answer.note, f"Read as: {q.text}") if x)
        return answer

    def _check_not_empty(self) -> None:
        if self.store.count_chunks() == 0:
            from bot.errors import EmptyStore

            raise EmptyStore(
                f"the store at {self.store.location} holds no articles yet: "
                "add some with `briefbot ingest FILES`"
            )

    def understand(self, question: str, history: list[Turn] | None = None) -> Question:
        """The `Question` for one request, built once: a follow-up is first rewritten to
        stand alone (by the answerer), then read against the outlets the store holds."""
        query = self.answerer.condense(question, history) if history else question
        return understand(query, self.retriever.outlets(), asked=question)

    def brief(self, request: BriefRequest, progress=None) -> Briefing:
        """A cited `Briefing` for a `BriefRequest` (topic, period or one article); its
        timeline and positions come from the quote and event index."""
        from bot.briefing.build import brief
        from bot.briefing.facts import from_database
        from bot.db import database_for

        self.index_quotes()
        return brief(
            self.store,
            self.embedder,
            request,
            settings=self.settings,
            retriever=self.retriever,
            progress=progress,
            facts=from_database(database_for(self.settings)),
        )

    @staticmethod
    def export(briefing: Briefing, fmt: str, out: Path | None = None) -> str | bytes:
        """`briefing` as Markdown (md), standalone HTML (html) or Word (docx); written to `out`."""
        from bot.briefing.export import export

        return export(briefing, fmt, out)

    @property
    def answerer(self):
        """The answerer BRIEFBOT_ANSWERER picks (extractive quotes, or an LLM), built once."""
        if self._answerer is None:
            with self._answerer_lock:  # the first requests may arrive together
                if self._answerer is None:
                    from bot.answering.registry import make_answerer

                    self._answerer = make_answerer(self.settings, self.store, self.embedder)
        return self._answerer

    def index_quotes(self, rebuild: bool = False, progress=None):
        """Bring the quote and event index in step with the store (`rebuild`: from scratch);
        returns a `SyncReport` (articles indexed and removed, quotes, events, seconds)."""
        from bot.attribution import QuoteIndex
        from bot.db import database_for

        index = QuoteIndex(database_for(self.settings))
        if rebuild:
            index.clear()
        return index.sync(self.store, progress=progress)

    def quotes(self, speaker: str = "", topic: str = "", limit: int | None = None) -> list[dict]:
        """Attributed quotes (speaker, role, quote, kind, cue, doc_id, title, source,
        published_at, start, end, outlets): `speaker` by name, surname, role or country."""
        from bot.attribution import QuoteIndex
        from bot.db import database_for

        self.index_quotes()
        index = QuoteIndex(database_for(self.settings))
        return [i.as_dict() for i in index.quotes(speaker=speaker, topic=topic, limit=limit)]

    def timeline(
        self, topic: str = "", since: str = "", until: str = "", limit: int | None = None
    ) -> list[dict]:
        """Dated events sorted by date (date, precision, status, expression, text, doc_id,
        title, source, start, end, outlets); `since`/`until` as YYYY-MM-DD."""
        from bot.attribution import QuoteIndex
        from bot.db import database_for

        self.index_quotes()
        index = QuoteIndex(database_for(self.settings))
        items = index.timeline(topic=topic, since=since, until=until, limit=limit)
        return [i.as_dict() for i in items]
