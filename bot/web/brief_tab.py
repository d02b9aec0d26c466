"""The Brief tab: topic and dates in, a cited brief out, with progress while it is written."""

from __future__ import annotations

import html
from typing import Any

import gradio as gr

from bot.errors import BriefbotError
from bot.web import render
from bot.web.brief_view import brief_html
from bot.web.handlers import BriefProgress, WebChat, in_background


class BriefTab:
    """Builds the tab's components; `brief` is its event handler."""

    def __init__(self, chat: WebChat, date_hint: str) -> None:
        self.chat = chat
        self.date_hint = date_hint

    def build(self) -> None:
        available = self.chat.can_brief()
        if not available:
            gr.Markdown("Briefings are not available in this version of briefbot.")
        topic = gr.Textbox(
            label="Topic", placeholder="e.g. Thailand-Cambodia ceasefire talks", elem_id="bb-topic"
        )
        with gr.Row():
            since = gr.Textbox(
                label="From", placeholder="e.g. 2025-11", elem_id="bb-brief-since", min_width=140
            )
            until = gr.Textbox(
                label="Until", placeholder="e.g. yesterday", elem_id="bb-brief-until", min_width=140
            )
        gr.Markdown(self.date_hint, elem_classes=["bb-hint"])
        write = gr.Button(
            "Write brief", variant="primary", interactive=available, elem_id="bb-write"
        )
        status = gr.HTML("", elem_id="bb-brief-status", js_on_load=None)
        with gr.Row():
            md_file = gr.DownloadButton(
                "Download Markdown", visible=False, elem_id="bb-dl-md", min_width=140
            )
            docx_file = gr.DownloadButton(
                "Download Word (DOCX)", visible=False, elem_id="bb-dl-docx", min_width=140
            )
        shown = gr.HTML("", elem_id="bb-brief", js_on_load=None)
        write.click(
            self.brief,
            [topic, since, until],
            [status, shown, md_file, docx_file],
            show_progress="minimal",
            api_visibility="private",
        )

    def brief(self, topic: str, since, until):
        """Clear the old brief, report each step, then show the brief and offer its files."""
        from bot.models import BRIEF_STEPS as STEPS

        off = gr.update(value=None, interactive=False)
        yield render.progress_html(0, len(STEPS), "Starting the brief"), "", off, off
        topic = (topic or "").strip()
        result: Any = None
        try:
            work = in_background(
                lambda notify: self.chat.brief(
                    topic, since, until, progress=BriefProgress(notify, STEPS)
                )
            )
            for kind, value in work:
                if kind == "progress":
                    yield render.progress_html(*value), "", off, off
                else:
                    result = value
        except BriefbotError as exc:
            error = f"No brief: {html.escape(str(exc), quote=False)}"
            yield f'<p class="bb-error" role="alert">{error}</p>', "", off, off
            return
        briefing, _, md_path, docx_path = result
        n = len(briefing.citations)
        done = f"Brief ready: {n} quoted note{'s' if n != 1 else ''} from {len(briefing.sources)} article{'s' if len(briefing.sources) != 1 else ''}."
        yield (
            f'<p class="bb-status">{html.escape(done)}</p>',
            brief_html(briefing, self.chat.file_names()),
            gr.update(value=str(md_path), visible=True, interactive=True),
            gr.update(value=str(docx_path), visible=True, interactive=True),
        )
