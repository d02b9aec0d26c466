"""What each web chat event does: translate UI values into BriefBot calls and back.

Gradio is imported lazily by the functions that raise `gr.Error`, so this module
can be unit-tested with a fake bot.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import BriefbotError, ConfigError
from bot.models import Answer
from bot.web import render

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

    def __init__(self, bot, feedback=None, k: int = 10) -> None:
        self.bot = bot
        self.feedback = feedback
        self.k = k
        self._write_lock = threading.Lock()  # one upload or removal at a time per store

    # -- chat ------------------------------------------------------------------------
    def filters(self, source: str | None, since: str | None, until: str | None):
        """Filters from the filter widgets (empty means no limit)."""
        from bot.models import Filters

        try:
            return Filters.parse(source, since, until)
        except BriefbotError as exc:
            raise ConfigError(f"date filter: {exc}") from None

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
        return render.article_rows(self.bot.store.list_articles())

    def outlets(self) -> list[str]:
        return sorted({str(a.meta.get("source", "")) for a in self.articles()} - {""})

    def ingest(self, paths: list[Path], progress=None):
        """Ingest uploaded files (serialised per store) and return the IngestReport."""
        with self._write_lock:
            return self.bot.ingest(paths, progress=progress)

    def remove(self, doc_id: str) -> str:
        """Remove one article and its chunks; returns a line saying what went."""
        with self._write_lock:
            article = self.bot.store.get_article(doc_id, with_text=False)
            if article is None:
                raise ConfigError("that article is no longer in the store")
            chunks = self.bot.store.remove([doc_id])
        return f"Removed “{article.title}” ({chunks} chunks)."

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


class BriefProgress:
    """Turns the briefing's step names into gr.Progress updates."""

    def __init__(self, progress, steps: tuple[str, ...]) -> None:
        self.progress, self.steps = progress, steps

    def __call__(self, step: str) -> None:
        done = self.steps.index(step) if step in self.steps else 0
        self.progress((done, len(self.steps)), desc=f"Brief: {step}", unit="steps")


class IngestProgress:
    """Turns the pipeline's (event, amount) callbacks into gr.Progress updates."""

    def __init__(self, progress) -> None:
        self.progress = progress
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
            self.progress((self.embedded, self.chunks), desc="Embedding passages", unit="chunks")
        elif self.files:
            self.progress((self.files_done, self.files), desc="Reading files", unit="files")


def _file_stem(topic: str) -> str:
    stem = "".join(ch if ch.isalnum() else "-" for ch in topic.lower()).strip("-")
    return "brief-" + ("-".join(p for p in stem.split("-") if p)[:50] or "topic")
