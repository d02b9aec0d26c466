"""The Watches tab: topics followed over time. List them, add one (name, topic, how often),
remove one, run one now and read its digest with its quoted sources, and its last digests.

`WatchTab`'s handlers return plain values (and `gr.update` dicts), so they are tested with a
fake bot; `build` only lays out the components and wires them to the handlers.
"""

from __future__ import annotations

import html
import logging
import re

import gradio as gr

from bot.errors import BriefbotError
from bot.web import watch_view as view
from bot.web.handlers import WebChat, in_background
from bot.web.people_tab import article_texts

log = logging.getLogger("bot.web")

NOT_AVAILABLE = "Watches are not available in this version of briefbot."
_NAME = re.compile(r"[\w.-]{1,100}")
# The CLI's words for a field, as the form names it.
_FIELDS = (("--topic", "Topic"), ("--every", "How often"), ("watch name", "Name"))


def error_html(text: str) -> str:
    return f'<p class="bb-error" role="alert">{html.escape(text, quote=False)}</p>'


def status_html(text: str) -> str:
    return f'<p class="bb-status">{html.escape(text, quote=False)}</p>'


def running_html(name: str) -> str:
    return (
        '<div class="bb-progress" role="status"><span>'
        f"Running {html.escape(name)}: reading the new articles and writing the digest…"
        "</span><progress></progress></div>"
    )


def form_words(message: str) -> str:
    """An error from the watch registry in the form's words, first letter capitalised."""
    for cli, field in _FIELDS:
        if message.startswith(cli):
            return field + message[len(cli) :]
    if "already exists" in message:  # a name taken: the Name field is the one to change
        return f"Name: {message}"
    return message[:1].upper() + message[1:]


def check_form(name: str, topic: str, every: str) -> str:
    """The first problem with the add form, as one line naming the field ("" when fine)."""
    if not name:
        return "Name: give the watch a short name, e.g. ceasefire."
    if not _NAME.fullmatch(name):
        return f"Name “{name}”: use letters, digits, '-', '_' or '.' (no spaces)."
    if not topic:
        return "Topic: say what the watch follows, e.g. ceasefire talks."
    if not every:
        return "How often: write an interval like 1d, 6h or 30m, or a cron line like 0 7 * * *."
    return ""


class WatchTab:
    """Builds the tab; `refresh`, `add`, `remove`, `show` and `run` are its event handlers."""

    DIGESTS = 5  # last digests shown for a watch

    def __init__(self, chat: WebChat) -> None:
        self.chat = chat

    def available(self) -> bool:
        return callable(getattr(self.chat.bot, "watch_list", None))

    def build(self, tab) -> None:
        gr.Markdown(
            "Follow a topic over time. The first run writes a full brief; each later run "
            "reports only what changed in the articles added since: **new**, **updated** "
            "(from what to what, citing both) or **conflicting**."
        )
        table = gr.HTML(
            view.note(view.NO_WATCHES),
            elem_id="bb-watches",
            css_template=view.CSS,
            js_on_load=None,
        )
        with gr.Row(equal_height=True):
            pick = gr.Dropdown(
                label="Watch", choices=[], value=None, scale=4, elem_id="bb-watch-pick"
            )
            run = gr.Button("Run now", variant="primary", scale=1, elem_id="bb-watch-run")
            remove = gr.Button("Remove", variant="stop", scale=1, elem_id="bb-watch-remove")
        status = gr.HTML("", elem_id="bb-watch-status", js_on_load=None)
        with gr.Accordion("Add a watch", open=True):
            with gr.Row():
                name = gr.Textbox(
                    label="Name", placeholder="e.g. ceasefire", elem_id="bb-watch-name"
                )
                topic = gr.Textbox(
                    label="Topic",
                    placeholder="e.g. Thailand-Cambodia ceasefire talks",
                    elem_id="bb-watch-topic",
                    scale=2,
                )
                every = gr.Textbox(
                    label="How often", value="1d", elem_id="bb-watch-every", min_width=120
                )
            gr.Markdown(view.EVERY_HINT, elem_classes=["bb-hint"])
            add = gr.Button("Add watch", elem_id="bb-watch-add")
        shown = gr.HTML(
            view.note(view.PICK_ONE),
            elem_id="bb-digests",
            css_template=view.CSS,
            js_on_load=view.JS,
        )
        listing = [table, pick]
        tab.select(self.refresh, [pick], listing, api_visibility="private", queue=False)
        for event in (add.click, topic.submit, name.submit, every.submit):
            event(
                self.add,
                [name, topic, every],
                [status, *listing, name, topic, shown],
                api_visibility="private",
            )
        pick.input(self.show, [pick], [shown], api_visibility="private")
        remove.click(self.remove, [pick], [status, *listing, shown], api_visibility="private")
        run.click(
            self.run,
            [pick],
            [status, shown, *listing],
            show_progress="hidden",
            api_visibility="private",
            concurrency_limit=1,
            concurrency_id="watch-run",
        )

    # -- handlers -------------------------------------------------------------------------
    def listing(self, picked: str | None = None):
        """(table, watch picker) as they stand; the picked watch stays picked if it exists."""
        if not self.available():
            return view.note(NOT_AVAILABLE), gr.update(choices=[], value=None)
        try:
            watches = self.chat.bot.watch_list()
        except BriefbotError as exc:
            return error_html(str(exc)), gr.update()
        names = [w["name"] for w in watches]
        keep = picked if picked in names else None
        return view.watches_html(watches), gr.update(choices=names, value=keep)

    def refresh(self, picked: str | None = None):
        return self.listing(picked)

    def add(self, name: str, topic: str, every: str):
        """Add a watch from the form: (status, table, picker, name, topic, digests)."""
        name, topic = (name or "").strip(), " ".join((topic or "").split())
        every = " ".join((every or "").split())
        keep = gr.skip()
        problem = check_form(name, topic, every)
        if not problem and not self.available():
            problem = NOT_AVAILABLE
        if problem:
            return error_html(problem), gr.skip(), gr.skip(), keep, keep, gr.skip()
        try:
            watch = self.chat.bot.add_watch(name, topic, every=every)
        except BriefbotError as exc:
            return error_html(form_words(str(exc))), gr.skip(), gr.skip(), keep, keep, gr.skip()
        said = (
            f"Added watch {watch['name']}: {watch['topic']} (every {watch['every']}). "
            "Press “Run now” for its first brief."
        )
        table, pick = self.listing(watch["name"])
        return status_html(said), table, pick, "", "", view.note(view.NEVER_RUN)

    def remove(self, name: str | None):
        """Remove the picked watch and its digests: (status, table, picker, digests)."""
        if not name:
            return error_html("Watch: pick the watch to remove first."), *self.listing(), gr.skip()
        try:
            self.chat.bot.remove_watch(name)
        except BriefbotError as exc:
            return error_html(str(exc)), *self.listing(name), gr.skip()
        said = f"Removed watch {name} and its digests."
        return status_html(said), *self.listing(), view.note(view.PICK_ONE)

    def show(self, name: str | None) -> str:
        """The last digests of the picked watch, newest first."""
        if not name:
            return view.note(view.PICK_ONE)
        try:
            digests = self.chat.bot.watch_digests(name, self.DIGESTS)
        except BriefbotError as exc:
            return error_html(str(exc))
        texts = article_texts(self.chat, view.doc_ids([d["body"] for d in digests]))
        return view.digests_html(name, digests, texts)

    def run(self, name: str | None):
        """Run the picked watch now: a status while it runs, then its digest and the older
        ones: (status, digests, table, picker)."""
        if not name:
            yield error_html("Watch: pick the watch to run first."), gr.skip(), gr.skip(), gr.skip()
            return
        yield running_html(name), gr.skip(), gr.skip(), gr.skip()
        try:
            digest = None
            for kind, value in in_background(lambda _notify: self.chat.bot.run_watch(name)):
                if kind == "done":
                    digest = value
        except BriefbotError as exc:
            yield error_html(f"{name} did not run: {exc}"), gr.skip(), gr.skip(), gr.skip()
            return
        except Exception:  # an unforeseen failure: logged, one line on the page
            log.exception("watch %s failed", name)
            said = f"{name} did not run: something went wrong (see the server log)."
            yield error_html(said), gr.skip(), gr.skip(), gr.skip()
            return
        if digest is None:
            yield error_html(f"{name} did not run."), gr.skip(), gr.skip(), gr.skip()
            return
        lines = [digest.headline() + "."]
        for line in digest.deliveries:  # "slack:C1: posted", "the next run reports again …"
            line = line.replace("slack:", "Slack channel ", 1)
            lines.append(line[:1].upper() + line[1:] + ".")
        yield (status_html(" ".join(lines)), self.show(name), *self.listing(name))
