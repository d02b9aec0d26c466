"""The Gradio app: Chat, Sources and Brief tabs wired to a `WebChat`."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import gradio as gr

from bot.errors import BriefbotError, ConfigError, EmptyStore
from bot.models import Answer, Citation
from bot.web import render
from bot.web.handlers import ALL_OUTLETS, IngestProgress, Turn, WebChat, in_background
from bot.web.uploads import size_text

ASK_CONCURRENCY = 20  # answers run side by side (retrieval is short; LLM answers wait on I/O)
FILE_TYPES = [".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".json", ".jsonl"]
DATE_HINT = "Dates such as 2025-11-03, 2025-11, yesterday, last week, 3 days ago or since Monday."


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
        from bot.web.brief_tab import BriefTab
        from bot.web.people_tab import PeopleTab
        from bot.web.timeline_tab import TimelineTab
        from bot.web.watch_tab import WatchTab

        with gr.Blocks(title=self.title, analytics_enabled=False) as demo:
            turns = gr.State([])
            gr.Markdown(
                f"# {self.title}\nCited answers from your news articles: "
                "click any [n] to see the passage it stands for."
            )
            with gr.Tabs():
                with gr.Tab("Chat", id="chat"):
                    source, chatbot = self._chat_tab(turns)
                with gr.Tab("Sources", id="sources"):
                    table, pick, changed = self._sources_tab()
                with gr.Tab("Brief", id="brief"):
                    BriefTab(self.chat, DATE_HINT).build()
                with gr.Tab("People", id="people") as people:
                    PeopleTab(self.chat).build(people)
                with gr.Tab("Timeline", id="timeline") as timeline:
                    TimelineTab(self.chat, DATE_HINT).build(timeline)
                with gr.Tab("Watches", id="watches") as watches:
                    WatchTab(self.chat).build(watches)
            outputs = [source, table, pick, chatbot]
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
        """Outlet choices, article table, remove picker and the empty chat's welcome."""
        articles = self.chat.articles()
        outlets = [("All outlets", ALL_OUTLETS)] + [(s, s) for s in self.chat.outlets()]
        welcome, questions = self.chat.welcome()
        return (
            gr.update(choices=outlets),
            render.articles_html(articles),
            gr.update(choices=[render.article_choice(a) for a in articles], value=None),
            gr.update(placeholder=welcome, examples=[{"text": q} for q in questions] or None),
        )

    # -- Chat tab ---------------------------------------------------------------------
    def _chat_tab(self, turns: gr.State) -> tuple[gr.Dropdown, gr.Chatbot]:
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
                    examples=None,
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
                        since = gr.Textbox(
                            label="From", placeholder="e.g. last week", elem_id="bb-since"
                        )
                        until = gr.Textbox(
                            label="Until", placeholder="e.g. 2025-11-30", elem_id="bb-until"
                        )
                    gr.Markdown(DATE_HINT, elem_classes=["bb-hint"])
                filter_note = gr.HTML("", elem_id="bb-filter-note", js_on_load=None)
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
        outputs = [chatbot, sources, copy, turns, question, filter_note]
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
        chatbot.example_select(
            self.pick_example, None, [question], api_visibility="private", queue=False
        ).then(
            self.ask,
            inputs,
            outputs,
            api_name="example_ask",  # keeps the name "ask" free for the API endpoint
            api_visibility="private",
            concurrency_limit=ASK_CONCURRENCY,
            concurrency_id="ask",
        )
        return source, chatbot

    def pick_example(self, evt: gr.SelectData) -> str:
        """Clicking an example question puts it in the question box (then it is asked)."""
        value = evt.value
        return str(value.get("text", "") if isinstance(value, dict) else value or "")

    def ask(self, question: str, turns: list[Turn], source: str, since, until):
        """Stream an answer into the chat; at the end fill the sources panel and copy text."""
        question = (question or "").strip()
        if not question:
            yield (gr.skip(),) * 6
            return
        try:
            note = self.chat.describe(self.chat.filters(source, since, until))
        except ConfigError as exc:  # a bad date: say so beside the filters, keep the question
            said = str(exc)
            said = said[:1].upper() + said[1:]
            gr.Warning(said, duration=15)
            yield (*(gr.skip(),) * 5, f'<p class="bb-error" role="alert">{html.escape(said)}</p>')
            return
        note_html = f'<p class="bb-filter-note">{html.escape(note)}</p>' if note else ""
        final = None
        with human_errors():
            for event in self.chat.stream(question, turns, source, since, until):
                if isinstance(event, str):
                    chat = self.chat.messages(turns, question, event)
                    yield chat, gr.skip(), gr.skip(), gr.skip(), "", note_html
                else:
                    final = event
        if final is None:
            raise gr.Error("No answer came back; please ask again.")
        turns = turns + [self.chat.turn_of(final)]
        yield (
            self.chat.messages(turns),
            render.sources_html(final, self.chat.file_names()),
            render.copy_text(final),
            turns,
            "",
            note_html,
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
        return render.sources_html(answer, self.chat.file_names()), render.copy_text(answer)

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
        limit = size_text(self.chat.max_bytes)
        gr.Markdown(
            "Drop articles here (" + " ".join(FILE_TYPES) + f", up to {limit} each). "
            "They are cleaned, split into passages and added to the store."
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
            show_progress="minimal",
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

    def ingest(self, files: list[str] | None):
        """Add the uploaded files, showing progress, then one line per failed file."""
        paths = [Path(f) for f in files or []]
        if not paths:
            yield gr.skip(), gr.skip()
            return
        uploads = [(p, p.name) for p in paths]  # Gradio keeps the browser's name, made safe
        yield render.progress_html(0, len(paths), "Reading files"), gr.skip()
        report = None
        with human_errors():
            work = in_background(
                lambda notify: self.chat.add_uploads(uploads, progress=IngestProgress(notify))
            )
            for kind, value in work:
                if kind == "progress":
                    yield render.progress_html(*value), gr.skip()
                else:
                    report = value
        titles = {a.doc_id: a.title for a in self.chat.articles()}
        yield render.ingest_status(report, titles), None

    def remove(self, doc_id: str | None) -> str:
        if not doc_id:
            raise gr.Error("Choose the article to remove first.")
        with human_errors():
            said = self.chat.remove(doc_id)
        return f'<p class="bb-status">{html.escape(said)}</p>'


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
