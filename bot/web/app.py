"""The Gradio app: Chat, Sources and Brief tabs wired to a `WebChat`."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import gradio as gr

from bot.errors import BriefbotError, EmptyStore
from bot.models import Answer, Citation
from bot.web import render
from bot.web.handlers import ALL_OUTLETS, BriefProgress, IngestProgress, Turn, WebChat

ASK_CONCURRENCY = 20  # answers run side by side (retrieval is short; LLM answers wait on I/O)
FILE_TYPES = [".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".json", ".jsonl"]


@contextmanager
def human_errors() -> Iterator[None]:
    """Show briefbot errors as a Gradio error toast carrying their message."""
    try:
        yield
    except EmptyStore:
        raise gr.Error("No articles yet: add some in the Sources tab.") from None
    except BriefbotError as exc:
        raise gr.Error(str(exc)) from None


def answer_of(turn: Turn) -> Answer:
    """The Answer a stored turn came from (for re-rendering its sources)."""
    return Answer(
        turn.question,
        turn.answer,
        turn.abstained,
        turn.mode,  # type: ignore[arg-type]
        [Citation(**c) for c in turn.citations],
    )


class WebApp:
    """Builds the Blocks; its methods are the event handlers (so Gradio sees their hints)."""

    def __init__(self, chat: WebChat, title: str = "briefbot") -> None:
        self.chat = chat
        self.title = title

    def build(self) -> gr.Blocks:
        """The whole web app as a gr.Blocks (not launched)."""
        with gr.Blocks(title=self.title, analytics_enabled=False) as demo:
            turns = gr.State([])
            gr.Markdown(
                f"# {self.title}\nCited answers from your news articles: "
                "click any [n] to see the passage it stands for."
            )
            with gr.Tabs():
                with gr.Tab("Chat", id="chat"):
                    source = self._chat_tab(turns)
                with gr.Tab("Sources", id="sources"):
                    table, pick, changed = self._sources_tab()
                with gr.Tab("Brief", id="brief"):
                    self._brief_tab()
            outputs = [source, table, pick]
            demo.load(self.refresh, None, outputs, api_visibility="private")
            for event in changed:
                event.then(self.refresh, None, outputs, api_visibility="private")
            gr.api(
                self.api_ask,
                api_name="ask",
                concurrency_limit=ASK_CONCURRENCY,
                concurrency_id="ask",
            )
        return demo

    def refresh(self):
        """Outlet filter choices, article table and remove picker from the store."""
        articles = self.chat.articles()
        outlets = [("All outlets", ALL_OUTLETS)] + [(s, s) for s in self.chat.outlets()]
        return (
            gr.update(choices=outlets),
            render.articles_html(articles),
            gr.update(choices=[render.article_choice(a) for a in articles], value=None),
        )

    # -- Chat tab ---------------------------------------------------------------------
    def _chat_tab(self, turns: gr.State) -> gr.Dropdown:
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Conversation",
                    elem_id="bb-chat",
                    height=460,
                    latex_delimiters=[],
                    buttons=[],
                    feedback_options=("Like", "Dislike"),
                    layout="bubble",
                    placeholder="Ask a question about the articles in the store.",
                )
                with gr.Row():
                    question = gr.Textbox(
                        show_label=False,
                        placeholder="Ask about your articles…",
                        elem_id="bb-question",
                        scale=5,
                        lines=1,
                        max_lines=4,
                    )
                    ask = gr.Button("Ask", variant="primary", scale=1, elem_id="bb-ask")
                with gr.Row():
                    copy_btn = gr.Button(
                        "Copy answer with citations", size="sm", elem_id="bb-copy-btn"
                    )
                    new = gr.Button("New conversation", size="sm", elem_id="bb-new")
                with gr.Accordion("Filters", open=False):
                    with gr.Row():
                        source = gr.Dropdown(
                            label="Outlet",
                            choices=[("All outlets", ALL_OUTLETS)],
                            value=ALL_OUTLETS,
                            elem_id="bb-outlet",
                            allow_custom_value=True,
                        )
                        since = gr.DateTime(label="From", include_time=False, type="string")
                        until = gr.DateTime(label="Until", include_time=False, type="string")
                with gr.Accordion("Answer with citations (text)", open=False):
                    copy = gr.Textbox(
                        label="Answer with citations",
                        lines=8,
                        interactive=False,
                        buttons=["copy"],
                        elem_id="bb-copy",
                    )
            with gr.Column(scale=2, elem_id="bb-sources-col"):
                gr.Markdown("### Sources")
                sources = gr.HTML(render.sources_html(None), elem_id="bb-sources", js_on_load=None)

        inputs = [question, turns, source, since, until]
        outputs = [chatbot, sources, copy, turns, question]
        question.submit(
            self.ask,
            inputs,
            outputs,
            api_name="chat",
            concurrency_limit=ASK_CONCURRENCY,
            concurrency_id="ask",
        )
        ask.click(
            self.ask,
            inputs,
            outputs,
            api_name="chat_button",  # keeps the name "ask" free for the API endpoint
            api_visibility="private",
            concurrency_limit=ASK_CONCURRENCY,
            concurrency_id="ask",
        )
        copy_btn.click(None, [copy], None, js=_COPY_JS, api_visibility="private")
        new.click(
            self.new_conversation, None, [chatbot, sources, copy, turns], api_visibility="private"
        )
        chatbot.clear(
            self.new_conversation, None, [chatbot, sources, copy, turns], api_visibility="private"
        )
        chatbot.select(self.show_turn, [turns], [sources, copy], api_visibility="private")
        chatbot.like(self.rate, [turns], None, api_visibility="private")
        return source

    def ask(self, question: str, turns: list[Turn], source: str, since, until):
        """Stream an answer into the chat; at the end fill the sources panel and copy text."""
        question = (question or "").strip()
        if not question:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        final = None
        with human_errors():
            for event in self.chat.stream(question, turns, source, since, until):
                if isinstance(event, str):
                    yield (
                        self.chat.messages(turns, question, event),
                        gr.skip(),
                        gr.skip(),
                        gr.skip(),
                        "",
                    )
                else:
                    final = event
        if final is None:
            raise gr.Error("No answer came back; please ask again.")
        turns = turns + [self.chat.turn_of(final)]
        yield (
            self.chat.messages(turns),
            render.sources_html(final),
            render.copy_text(final),
            turns,
            "",
        )

    def new_conversation(self):
        return [], render.sources_html(None), "", []

    def show_turn(self, turns: list[Turn], evt: gr.SelectData):
        """Clicking an answer shows its sources."""
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        position = index // 2
        if not 0 <= position < len(turns):
            return gr.skip(), gr.skip()
        answer = answer_of(turns[position])
        return render.sources_html(answer), render.copy_text(answer)

    def rate(self, turns: list[Turn], evt: gr.LikeData, request: gr.Request) -> None:
        """Thumbs up/down on an answer goes to the feedback log."""
        if not isinstance(evt.liked, bool):
            return
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        user = getattr(request, "username", None) or ""
        if self.chat.rate(turns, index, evt.liked, user=user) is not None:
            gr.Info("Thanks: your feedback is saved.")

    def api_ask(
        self,
        question: str,
        history: list[list[str]] | None = None,
        source: str = "",
        since: str = "",
        until: str = "",
    ) -> dict:
        """Answer a question with citations; history is [[question, answer], ...] of earlier turns."""
        turns = [Turn(q, a) for q, a in (history or [])]
        final = None
        with human_errors():
            for event in self.chat.stream(question, turns, source, since, until):
                if not isinstance(event, str):
                    final = event
        if final is None:
            raise gr.Error("No answer came back; please ask again.")
        return final.to_dict()

    # -- Sources tab ------------------------------------------------------------------
    def _sources_tab(self):
        gr.Markdown(
            "Drop articles here (" + " ".join(FILE_TYPES) + "). They are cleaned, split "
            "into passages and added to the store, as `briefbot ingest` does."
        )
        files = gr.File(
            label="Add articles",
            file_count="multiple",
            file_types=FILE_TYPES,
            type="filepath",
            height=220,  # many files scroll inside; the progress bar stays in view
            elem_id="bb-upload",
        )
        status = gr.HTML(elem_id="bb-upload-status", js_on_load=None)
        gr.Markdown("### Stored articles")
        table = gr.HTML(elem_id="bb-articles", js_on_load=None)
        with gr.Row():
            pick = gr.Dropdown(
                label="Remove an article", choices=[], value=None, scale=4, elem_id="bb-remove-pick"
            )
            remove = gr.Button("Remove", variant="stop", scale=1, elem_id="bb-remove")
        uploaded = files.upload(
            self.ingest,
            [files],
            [status, files],
            show_progress_on=[files],
            api_visibility="private",
            concurrency_limit=1,
            concurrency_id="store-write",
        )
        removed = remove.click(
            self.remove,
            [pick],
            [status],
            api_visibility="private",
            concurrency_limit=1,
            concurrency_id="store-write",
        )
        return table, pick, [uploaded, removed]

    def ingest(self, files: list[str] | None, progress=gr.Progress()):
        """Ingest the uploaded files, showing progress and one line per failed file."""
        paths = [Path(f) for f in files or []]
        if not paths:
            return gr.skip(), gr.skip()
        with human_errors():
            report = self.chat.ingest(paths, progress=IngestProgress(progress))
        titles = {a.doc_id: a.title for a in self.chat.articles()}
        return render.ingest_status(report, titles), None

    def remove(self, doc_id: str | None) -> str:
        if not doc_id:
            raise gr.Error("Choose the article to remove first.")
        with human_errors():
            said = self.chat.remove(doc_id)
        return f'<p class="bb-status">{html.escape(said)}</p>'

    # -- Brief tab ----------------------------------------------------------------------
    def _brief_tab(self) -> None:
        available = self.chat.can_brief()
        if not available:
            gr.Markdown("Briefings are not available in this version of briefbot.")
        with gr.Row():
            topic = gr.Textbox(
                label="Topic",
                placeholder="e.g. Thailand-Cambodia ceasefire talks",
                scale=3,
                elem_id="bb-topic",
            )
            since = gr.DateTime(label="From", include_time=False, type="string")
            until = gr.DateTime(label="Until", include_time=False, type="string")
        write = gr.Button(
            "Write brief", variant="primary", interactive=available, elem_id="bb-write"
        )
        with gr.Row():
            md_file = gr.DownloadButton("Download Markdown", visible=False, elem_id="bb-dl-md")
            docx_file = gr.DownloadButton(
                "Download Word (DOCX)", visible=False, elem_id="bb-dl-docx"
            )
        shown = gr.Markdown(elem_id="bb-brief", latex_delimiters=[])
        write.click(
            self.brief, [topic, since, until], [shown, md_file, docx_file], api_visibility="private"
        )

    def brief(self, topic: str, since, until, progress=gr.Progress()):
        """Write a brief; show it and offer it as Markdown and DOCX."""
        from bot.models import BRIEF_STEPS as STEPS

        with human_errors():
            _, markdown, md_path, docx_path = self.chat.brief(
                (topic or "").strip(), since, until, progress=BriefProgress(progress, STEPS)
            )
        # export.to_markdown backslash-escapes "<" in article text; entities make that certain.
        shown = re.sub(r"\\?<", "&lt;", markdown)
        return (
            shown,
            gr.update(value=str(md_path), visible=True),
            gr.update(value=str(docx_path), visible=True),
        )


def build_app(chat: WebChat, title: str = "briefbot") -> gr.Blocks:
    """The web app for `chat`, ready to launch."""
    return WebApp(chat, title).build()


_COPY_JS = """(text) => {
  if (!text) { return []; }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text);
  } else {
    const area = document.createElement('textarea');
    area.value = text; document.body.appendChild(area); area.select();
    document.execCommand('copy'); area.remove();
  }
  return [];
}"""
