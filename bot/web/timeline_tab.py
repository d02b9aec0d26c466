"""The Timeline tab: a topic (or everything) and optional dates in, dated events out, oldest
first, each marked past or planned, with its exact sentence and its source."""

from __future__ import annotations

from datetime import UTC, datetime

import gradio as gr

from bot.errors import BriefbotError
from bot.web import people_view as view
from bot.web.handlers import WebChat
from bot.web.people_tab import NO_ARTICLES, article_texts, error_html, note_html


def iso_day(timestamp: int | None) -> str:
    """A filter's timestamp as YYYY-MM-DD ("" for no limit)."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, UTC).date().isoformat()


class TimelineTab:
    """Builds the tab; `show` is its event handler."""

    LIMIT = 200  # events on the page at once

    def __init__(self, chat: WebChat, date_hint: str) -> None:
        self.chat = chat
        self.date_hint = date_hint

    def available(self) -> bool:
        return callable(getattr(self.chat.bot, "timeline", None))

    def build(self, tab) -> None:
        gr.Markdown(
            "What happened when, and what is planned: every sentence of the articles that "
            "names a date, in date order. Leave the topic empty to see everything."
        )
        topic = gr.Textbox(
            label="Topic",
            placeholder="e.g. ceasefire talks",
            elem_id="bb-timeline-topic",
        )
        with gr.Row():
            since = gr.Textbox(
                label="From", placeholder="e.g. 2025-12-01", elem_id="bb-timeline-since"
            )
            until = gr.Textbox(
                label="Until", placeholder="e.g. next month", elem_id="bb-timeline-until"
            )
        gr.Markdown(self.date_hint, elem_classes=["bb-hint"])
        go = gr.Button("Show timeline", variant="primary", elem_id="bb-timeline-show")
        shown = gr.HTML("", elem_id="bb-timeline", css_template=view.CSS, js_on_load=None)
        inputs = [topic, since, until]
        for event in (go.click, topic.submit, since.submit, until.submit):
            event(self.show, inputs, [shown], api_visibility="private")
        tab.select(self.show, inputs, [shown], api_visibility="private")

    def show(self, topic: str, since, until) -> str:
        """The events about `topic` (all when empty) within the dates, oldest first."""
        if not self.available():
            return note_html("Timelines are not available in this version of briefbot.")
        topic = " ".join((topic or "").split())
        try:
            filters = self.chat.filters("", since, until)
        except BriefbotError as exc:  # a date that cannot be read: names its field
            said = str(exc)
            return error_html(said[:1].upper() + said[1:])
        try:
            events = self.chat.bot.timeline(
                topic=topic, since=iso_day(filters.since), until=iso_day(filters.until)
            )
        except BriefbotError as exc:
            return error_html(str(exc))
        if not events and not self.chat.articles():
            return note_html(NO_ARTICLES)
        texts = article_texts(self.chat, (e["doc_id"] for e in events[: self.LIMIT]))
        return view.timeline_html(events, texts, topic, self.LIMIT)
