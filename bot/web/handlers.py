"""What each web chat event does: translate UI values into BriefBot calls and back.

Gradio is imported lazily by the functions that raise `gr.Error`, so this module
can be unit-tested with a fake bot.
"""

from __future__ import annotations

import queue
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.errors import BriefbotError, ConfigError
from bot.models import Answer
from bot.web import overview, render
from bot.web.uploads import shown_name, store_upload

ALL_OUTLETS = ""


@dataclass
class Turn:
    """One question and the answer shown for it, kept per browser session."""

    question: str
    answer: str
    citations: list[dict] = field(default_factory=list)
    abstained: bool = False
    mode: str = "extractive"


class WebChat:
    """The web front end's view of one BriefBot."""

    def __init__(self, bot, feedback=None, k: int = 10, uploads: Path | None = None) -> None:
        self.bot = bot
        self.feedback = feedback
        self.k = k
        settings = getattr(bot, "settings", None)
        self.uploads = uploads or Path(getattr(settings, "store", tempfile.gettempdir()))
        self.max_bytes = int(getattr(settings, "max_bytes", 50_000_000))
        self._write_lock = threading.Lock()  # one upload or removal at a time per store
        self._catalog: tuple[Any, list] | None = None  # (store generation, articles)

    # -- chat ------------------------------------------------------------------------
    def filters(self, source: str | None, since: str | None, until: str | None):
        """Filters from the filter fields (empty means no limit); bad dates name their field."""
        from bot.models import Filters

        start = _date_field("From", since, end_of_day=False)
        end = _date_field("Until", until, end_of_day=True)
        if start is not None and end is not None and start > end:
            raise ConfigError(
                f"date filter: “From” ({_day_of(start)}) is after “Until” ({_day_of(end)})"
            )
        return Filters(source=source or None, since=start, until=end)

    @staticmethod
    def describe(filters) -> str:
        """What a filter keeps, in words ("" for no filter)."""
        parts = []
        if filters.source:
            parts.append(f"from {filters.source}")
        if filters.since is not None and filters.until is not None:
            parts.append(f"dated {_day_of(filters.since)} to {_day_of(filters.until)}")
        elif filters.since is not None:
            parts.append(f"dated {_day_of(filters.since)} or later")
        elif filters.until is not None:
            parts.append(f"dated {_day_of(filters.until)} or earlier")
        return "Only articles " + ", ".join(parts) + "." if parts else ""

    def stream(
        self,
        question: str,
        turns: list[Turn],
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Iterator[str | Answer]:
        """Answer text so far (str) as it is written, then the final Answer."""
        history = [(t.question, t.answer) for t in turns]
        text = ""
        for event in self.bot.stream(
            question, history=history, k=self.k, filters=self.filters(source, since, until)
        ):
            if isinstance(event, str):
                text += event
                yield text
            else:
                yield event

    @staticmethod
    def turn_of(answer) -> Turn:
        return Turn(
            answer.question,
            answer.answer,
            [c.to_dict() for c in answer.citations],
            answer.abstained,
            answer.mode,
        )

    @staticmethod
    def messages(turns: list[Turn], pending: str | None = None, partial: str = "") -> list[dict]:
        """Chatbot messages for the conversation (plus a question being answered)."""
        out: list[dict] = []
        for t in turns:
            out.append({"role": "user", "content": render.text_for_markdown(t.question)})
            out.append({"role": "assistant", "content": render.answer_markup(t.answer)})
        if pending is not None:
            out.append({"role": "user", "content": render.text_for_markdown(pending)})
            out.append({"role": "assistant", "content": render.answer_markup(partial) or "…"})
        return out

    def rate(
        self, turns: list[Turn], message_index: int, liked: bool, user: str = ""
    ) -> Turn | None:
        """Store a thumbs up/down for the answer at chatbot message `message_index`."""
        position = message_index // 2
        if self.feedback is None or not 0 <= position < len(turns):
            return None
        turn = turns[position]
        self.feedback.record(
            turn.question, turn.answer, liked, turn.citations, user=user, channel="web"
        )
        return turn

    # -- sources ---------------------------------------------------------------------
    def articles(self) -> list:
        """The stored articles, newest first (read again only when the store changed)."""
        generation = getattr(self.bot.store, "generation", None)
        cached = self._catalog
        if cached is None or generation is None or cached[0] != generation:
            cached = (generation, render.article_rows(self.bot.store.list_articles()))
            self._catalog = cached
        return cached[1]

    def outlets(self) -> list[str]:
        return sorted({str(a.meta.get("source", "")) for a in self.articles()} - {""})

    def file_names(self) -> dict[str, str]:
        """doc_id -> the name of the file each article came from."""
        return {a.doc_id: shown_name(str(a.meta.get("path", ""))) for a in self.articles()}

    def welcome(self) -> tuple[str, list[str]]:
        """The empty chat's text (what the store holds) and three questions to start with."""
        articles = self.articles()
        return (
            overview.placeholder_html(overview.overview(articles)),
            overview.example_questions(articles),
        )

    def ingest(self, paths: list[Path], progress=None):
        """Ingest files (serialised per store) and return the IngestReport."""
        with self._write_lock:
            return self.bot.ingest(paths, progress=progress)

    def add_uploads(self, files: list[tuple[Path, str]], progress=None):
        """Keep each upload (path, name the browser gave) in the store's folder, then ingest.

        A file over the size limit is refused from its size alone, before it is read.
        """
        from bot.errors import FileRejected

        kept, refused = [], []
        for path, name in files:
            try:
                kept.append(store_upload(Path(path), name, self.uploads, self.max_bytes))
            except FileRejected as exc:
                refused.append(exc)
        report = self.ingest(kept, progress=progress)
        report.failures[:0] = refused
        return report

    def remove(self, doc_id: str) -> str:
        """Remove one article and its passages; returns a line saying what went."""
        with self._write_lock:
            article = self.bot.store.get_article(doc_id, with_text=False)
            if article is None:
                raise ConfigError("that article is no longer in the store")
            self.bot.store.remove([doc_id])
        return f"Removed “{article.title}”."

    # -- briefs ----------------------------------------------------------------------
    def can_brief(self) -> bool:
        return callable(getattr(self.bot, "brief", None))

    def brief(
        self,
        topic: str,
        since: str | None,
        until: str | None,
        source: str | None = None,
        progress=None,
    ):
        """A Briefing plus Markdown and DOCX files of it: (briefing, markdown, md_path, docx_path)."""
        if not self.can_brief():
            raise ConfigError("briefings are not available in this version of briefbot")
        from bot.models import BriefRequest

        request = BriefRequest(topic=topic, filters=self.filters(source, since, until))
        briefing = self.bot.brief(request, progress=progress)
        folder = Path(tempfile.mkdtemp(prefix="briefbot-brief-"))
        name = _file_stem(topic or "brief")
        md_path, docx_path = folder / f"{name}.md", folder / f"{name}.docx"
        markdown = str(self.bot.export(briefing, "md", out=md_path))
        self.bot.export(briefing, "docx", out=docx_path)
        return briefing, markdown, md_path, docx_path


Notify = Callable[[int, int, str], None]  # (done, total, what is being done)


class BriefProgress:
    """Turns the briefing's step names into (done, total, words) updates."""

    def __init__(self, notify: Notify, steps: tuple[str, ...]) -> None:
        self.notify, self.steps = notify, steps
        self.done = 1

    def __call__(self, step: str) -> None:
        from bot.web.brief_view import step_words

        if step in self.steps:
            self.done = self.steps.index(step) + 1  # "step 1 of 5" while the first runs
        self.notify(self.done, len(self.steps), step_words(step))


class IngestProgress:
    """Turns the pipeline's (event, amount) callbacks into (done, total, words) updates."""

    def __init__(self, notify: Notify) -> None:
        self.notify = notify
        self.files = self.files_done = self.chunks = self.embedded = 0

    def __call__(self, event: str, amount: int) -> None:
        if event == "files":
            self.files = amount
        elif event == "file":
            self.files_done += amount
        elif event == "chunks":
            self.chunks += amount
        elif event == "embedded":
            self.embedded += amount
        if self.chunks and event in ("chunks", "embedded"):
            self.notify(self.embedded, self.chunks, "Indexing passages")
        elif self.files:
            self.notify(self.files_done, self.files, "Reading files")


def in_background(work: Callable[[Notify], Any]) -> Iterator[tuple[str, Any]]:
    """Run work(notify) in a thread: yield ("progress", (done, total, words)) as it reports,
    then ("done", result); its exception is raised here."""
    events: queue.Queue = queue.Queue()

    def run() -> None:
        try:
            events.put(("done", work(lambda *update: events.put(("progress", update)))))
        except BaseException as exc:  # handed to the waiting generator, raised there
            events.put(("error", exc))

    threading.Thread(target=run, name="briefbot-web-work", daemon=True).start()
    while True:
        kind, value = events.get()
        if kind == "error":
            raise value
        yield kind, value
        if kind == "done":
            return


def _date_field(label: str, value, end_of_day: bool) -> int | None:
    from bot.models import parse_date

    text = str(value or "").strip()
    if not text:
        return None
    try:
        return parse_date(text, end_of_day=end_of_day)
    except BriefbotError as exc:
        raise ConfigError(f"date filter “{label}”: {exc}") from None


def _day_of(timestamp: int) -> str:
    moment = datetime.fromtimestamp(timestamp, UTC)
    return f"{moment.day} {moment:%b %Y}"


def _file_stem(topic: str) -> str:
    stem = "".join(ch if ch.isalnum() else "-" for ch in topic.lower()).strip("-")
    return "brief-" + ("-".join(p for p in stem.split("-") if p)[:50] or "topic")
