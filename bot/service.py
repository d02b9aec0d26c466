"""BriefBot: the one service object every front end (CLI, web, Slack) calls."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from bot.config import Settings, make_store
from bot.models import Answer, Briefing, BriefRequest, Filters, Turn, final_answer
from bot.question import Question, understand
from bot.question.parse import stem, words
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
        self._index_lock = threading.Lock()
        self._indexed_generation: int | None = None  # the store generation last indexed

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
        wanted = "next" if "next" in q.wants else "summary" if "summary" in q.wants else ""
        summary = self._summary(q, filters, wanted) if wanted else None
        if summary is not None:
            yield from (summary.answer, summary)
            return
        passages = self.retriever.search(q, k=k, filters=filters)
        if not passages:
            self._check_not_empty()
        by_person = q.asks_speaker and not q.outlets  # "what did the BBC say" asks an outlet
        hits = (
            self._speaker_quotes(q, passages, filtered=bool(filters and filters.where()))
            if by_person
            else []
        )
        said = None
        if hits and answerer.mode == "extractive":
            from bot.answering.quoted import cites_speaker, speaker_answer

            said = speaker_answer(q, hits, self.store, self.embedder)
            if said is not None and not said.abstained:
                yield from self._finish(q, said)
                return
            if said is not None:  # quoted, but not on this: the passages may still say it
                answer = final_answer(answerer.stream(q, passages))
                stands = not answer.abstained and cites_speaker(answer, "", q.speaker_topic, None)
                yield from self._finish(q, answer if stands else said)
                return
        if by_person and not hits and answerer.mode == "extractive":
            from bot.answering.quoted import cites_speaker, not_quoted

            answer = final_answer(answerer.stream(q, passages))  # must name who it is about
            stands = answer.abstained or cites_speaker(
                answer, q.speaker_name, q.speaker_topic, self.store, speaking=True
            )
            yield from self._finish(q, answer if stands else not_quoted(q))
            return
        if hits:  # an LLM writes from the speaker's own quotes first, then what retrieval found
            from bot.answering.quoted import speaker_passages

            first = speaker_passages(hits, self.store)
            seen = {(p.doc_id, p.start) for p in first}
            passages = first + [p for p in passages if (p.doc_id, p.start) not in seen]
        if "when" in q.wants and answerer.mode == "extractive":  # written whole, not streamed
            answer = final_answer(answerer.stream(q, passages))
            if not answer.abstained:
                self._date_answer(q, answer)
            yield from self._finish(q, answer)
            return
        for event in answerer.stream(q, passages):
            yield self._finish(q, event)[-1] if isinstance(event, Answer) else event

    def _finish(self, q: Question, answer: Answer) -> list[str | Answer]:
        """The answer's lines then the answer, its note saying how a follow-up was read."""
        if q.asked:
            read_as = f"Read as: {q.text}"
            answer.note = f"{answer.note}; {read_as}" if answer.note else read_as
        return [*answer.answer.splitlines(keepends=True), answer]

    def _speaker_quotes(self, q: Question, passages: list, filtered: bool = False) -> list:
        """The quote index's quotes by the speaker the question asks about ([] for none).
        A name that fits several people ("the ministry", "Thailand"), or a question with an
        outlet or date filter, keeps only the quotes in articles retrieval found for it."""
        from bot.attribution import quotes_for_question
        from bot.db import database_for

        self.index_quotes()
        hits = quotes_for_question(database_for(self.settings), q, limit=20)
        if filtered or len({h.speaker for h in hits}) > 1:
            found = {p.doc_id for p in passages} | {d for p in passages for d in p.duplicates}
            hits = [h for h in hits if h.doc_id in found]
        return hits

    def _date_answer(self, q: Question, answer: Answer) -> None:
        """Lead a when-answer with the date the index resolved for the sentence it cites."""
        from bot.answering.quoted import date_line
        from bot.attribution.answers import events_for_question
        from bot.db import database_for

        line = date_line(events_for_question(database_for(self.settings), q), answer)
        if line:
            answer.answer = f"{line}\n{answer.answer}"

    def _summary(self, q: Question, filters: Filters | None, wanted: str) -> Answer | None:
        """A short cited summary of what the store holds on the topic (a topic briefing's key
        points), or for "next" what it says comes next (its what-to-watch points); None when
        no briefing can be made or it has nothing ahead (the question is then answered as any)."""
        from bot.briefing.chat import chat_summary

        return chat_summary(self, q, filters or Filters(), wanted)

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
        q = understand(self.retriever.mend(query), self.retriever.outlets(), asked=question)
        q.unfamiliar = self.retriever.unfamiliar(w for w in words(q.text) if stem(w) in q.terms)
        return q

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

                    self._answerer = make_answerer(
                        self.settings, self.store, self.embedder, self.retriever.reranker
                    )
        return self._answerer

    def index_quotes(self, rebuild: bool = False, progress=None):
        """Bring the quote and event index in step with the store (`rebuild`: from scratch);
        returns a `SyncReport` (articles indexed and removed, quotes, events, seconds)."""
        from bot.attribution import QuoteIndex
        from bot.attribution.index import SyncReport
        from bot.db import database_for

        # One sync at a time: concurrent requests would each re-index the same new articles
        # (and drop each other's rows while doing it). Unchanged store: nothing to do.
        with self._index_lock:
            generation = self.store.generation
            if not rebuild and generation == self._indexed_generation:
                return SyncReport()
            index = QuoteIndex(database_for(self.settings))
            if rebuild:
                index.clear()
            report = index.sync(self.store, progress=progress)
            self._indexed_generation = generation
            return report

    def quotes(
        self, speaker: str = "", topic: str = "", limit: int | None = None, key: str = ""
    ) -> list[dict]:
        """Attributed quotes (speaker, role, quote, kind, cue, doc_id, title, source,
        published_at, start, end, outlets): `speaker` by name, surname, role or country;
        `key`: exactly the speaker `speakers()` lists under that key."""
        from bot.attribution import QuoteIndex
        from bot.db import database_for

        self.index_quotes()
        index = QuoteIndex(database_for(self.settings))
        found = index.quotes(speaker=speaker, topic=topic, limit=limit, key=key)
        return [i.as_dict() for i in found]

    def speakers(self) -> list[dict]:
        """Everyone quoted in the stored articles, most quoted first (key, speaker, role,
        quotes, articles, last: the newest article's date)."""
        from bot.attribution import QuoteIndex
        from bot.db import database_for

        self.index_quotes()
        return QuoteIndex(database_for(self.settings)).speakers()

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

    # -- feeds and watched topics (bot/watch) ----------------------------------------------
    @property
    def feeds(self):
        """The feed registry (`Feeds`: add, list, remove) in the shared database."""
        from bot.db import database_for
        from bot.watch.feeds import Feeds

        return Feeds(
            database_for(self.settings), Path(self.settings.store).expanduser() / "fetched"
        )

    @property
    def watches(self):
        """Watched topics (`Watches`: add, list, get, remove, subscribe, digests)."""
        from bot.db import database_for
        from bot.watch.watches import Watches

        return Watches(database_for(self.settings))

    def poll_feeds(self, names: list[str] | None = None):
        """Fetch the new items of the feeds and ingest them; returns (PollReport, IngestReport
        or None). A feed that fails is one line of the report; the others go on."""
        from bot.watch.fetch import Fetcher

        feeds, fetcher = self.feeds, Fetcher.from_settings(self.settings)
        try:
            report = feeds.poll(fetcher, names)
        finally:
            fetcher.close()
        return report, self._ingest_pages(feeds, report.pages)

    def ingest_url(self, url: str, source: str = ""):
        """Fetch one page and ingest it; returns (Page, IngestReport). Raises FetchError."""
        from bot.watch.fetch import Fetcher

        feeds, fetcher = self.feeds, Fetcher.from_settings(self.settings)
        try:
            page = feeds.fetch_page(fetcher, url, source=source)
        finally:
            fetcher.close()
        return page, self._ingest_pages(feeds, [page])

    def _ingest_pages(self, feeds, pages):
        if not pages:
            return None
        report = self.ingest([p.path for p in pages])
        failed = {str(getattr(f, "path", "")) for f in report.failures}
        feeds.remember([p for p in pages if str(p.path) not in failed])
        return report

    def run_watch(self, name: str, post: bool = True, slack_client=None, also=()):
        """Write and deliver the next digest of watch `name` (a `Digest`): the first time a
        full brief, then what changed since the last delivered one. Posts to its Slack
        channels (and `also`) through `slack_client` or SLACK_BOT_TOKEN, with retries."""
        from bot.watch.deliver import SlackPoster
        from bot.watch.run import run

        watches = self.watches
        poster: SlackPoster | None = None
        if slack_client is not None:
            poster = SlackPoster(client=slack_client)
        else:
            poster = SlackPoster.from_settings(self.settings) if post else None
        return run(self, watches, watches.get(name), poster=poster, also=tuple(also))

    def watch_list(self) -> list[dict]:
        """Every watch (name, topic, every, slack_channels) with when it last ran and when a
        digest of it last reached its channels (0: never)."""
        watches = self.watches
        out = []
        for w in watches.all():
            last = watches.last_delivered(w)
            out.append(
                {
                    **w.as_dict(),
                    "last_run": watches.last_run(w),
                    "last_delivered": last["delivered_at"] if last else 0.0,
                }
            )
        return out

    def add_watch(self, name: str, topic: str, every: str = "1d", channel: str = "") -> dict:
        """Follow a topic; ConfigError names the bad field (name, topic, every)."""
        return self.watches.add(name, topic, every=every, channel=channel).as_dict()

    def remove_watch(self, name: str) -> None:
        """Stop following a topic; its digests go too."""
        self.watches.remove(name)

    def watch_digests(self, name: str, limit: int = 5) -> list[dict]:
        """The last digests of a watch, newest first: {id, at, since, body, delivered_at}."""
        watches = self.watches
        return watches.digests(watches.get(name), limit)

    def summarize_thread(self, messages: list[dict]) -> Answer:
        """A cited summary of chat messages ({text, user, url, ts}) and the stored articles
        they link to; each message is cited by its permalink."""
        from bot.watch.thread import summarize

        return summarize(self.store, messages)

    def due_watches(self) -> list[str]:
        """Names of the watches due to run now (by their --every)."""
        from bot.watch.run import due

        return [w.name for w in due(self.watches)]

    def serve_watches(
        self, say=print, interval: float = 60.0, rounds: int | None = None, stop=None
    ):
        """Poll feeds and run due watches every `interval` seconds (`briefbot watch serve`)."""
        from bot.watch.schedule import serve

        serve(self, say=say, interval=interval, rounds=rounds, stop=stop)


def feeds_for(settings: Settings):
    """The feed registry of these settings, without opening the article store."""
    from bot.db import database_for
    from bot.watch.feeds import Feeds

    return Feeds(database_for(settings), Path(settings.store).expanduser() / "fetched")


def watches_for(settings: Settings):
    """The watches of these settings, without opening the article store."""
    from bot.db import database_for
    from bot.watch.watches import Watches

    return Watches(database_for(settings))
