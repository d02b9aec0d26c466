"""The People tab: everyone quoted in the stored articles, how often, and what each one said.

`PeopleTab`'s handlers return plain values (and `gr.update` dicts), so they are tested with a
fake bot; `build` only lays out the components and wires them to the handlers.
"""

from __future__ import annotations

import html
import logging

import gradio as gr

from bot.errors import BriefbotError
from bot.web import people_view as view
from bot.web.handlers import WebChat

log = logging.getLogger("bot.web")

NO_ARTICLES = "No articles yet: add some in the Sources tab."
NOT_AVAILABLE = "Who said what is not available in this version of briefbot."
# A click on a name asks the server for that speaker's quotes (the button's value is the key).
PICK_JS = """element.addEventListener('click', function (event) {
  var button = event.target.closest ? event.target.closest('button.bb-speaker') : null;
  if (!button) { return; }
  element.querySelectorAll('button.bb-picked').forEach(function (b) {
    b.classList.remove('bb-picked');
  });
  button.classList.add('bb-picked');
  trigger('click', {key: button.value});
  if (window.innerWidth < 700) {  // on a phone the quotes are below the list: go to them
    setTimeout(function () {
      var panel = document.getElementById('bb-person');
      if (panel) { panel.scrollIntoView({behavior: 'smooth', block: 'start'}); }
    }, 500);
  }
});"""


def error_html(text: str) -> str:
    return f'<p class="bb-error" role="alert">{html.escape(text)}</p>'


def note_html(text: str) -> str:
    return f'<p class="bb-count">{html.escape(text)}</p>'


def article_texts(chat: WebChat, doc_ids) -> dict[str, tuple[str, str]]:
    """doc_id -> (text, url) of the stored articles, for the passages around quotes and events."""
    store = getattr(chat.bot, "store", None)
    ids = list(dict.fromkeys(doc_ids))
    if store is None or not ids or not callable(getattr(store, "get_articles", None)):
        return {}
    try:
        found = store.get_articles(ids)
    except Exception:  # passages are a convenience: the quotes still show without them
        log.exception("could not read the articles of %d quotes", len(ids))
        return {}
    return {d: (a.text or "", str(a.meta.get("url", "") or "")) for d, a in found.items()}


class PeopleTab:
    """Builds the tab; `load`, `find` and `show` are its event handlers."""

    LIST_LIMIT = 300  # names in the list at once; the find box reaches the rest
    QUOTE_LIMIT = 100  # quotes shown for one person, newest first

    def __init__(self, chat: WebChat) -> None:
        self.chat = chat

    def available(self) -> bool:
        return callable(getattr(self.chat.bot, "speakers", None))

    def build(self, tab) -> None:
        gr.Markdown(
            "Everyone the articles quote, most quoted first. Click a name to read what they "
            "said, newest first, and open each quote where it is in the article."
        )
        speakers = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=2, min_width=280):
                find = gr.Textbox(
                    label="Find a person",
                    placeholder="e.g. Sihasak, foreign minister, Cambodia",
                    elem_id="bb-people-find",
                )
                listing = gr.HTML(
                    note_html(NO_ARTICLES),
                    elem_id="bb-people-list",
                    css_template=view.CSS,
                    js_on_load=PICK_JS,
                )
            with gr.Column(scale=3, min_width=320):
                shown = gr.HTML(
                    view.quotes_html(None),
                    elem_id="bb-person",
                    css_template=view.CSS,
                    js_on_load=None,
                )
        tab.select(
            self.load, [find], [speakers, listing, shown], api_visibility="private", queue=False
        )
        find.change(self.find, [find, speakers], [listing], api_visibility="private", queue=False)
        listing.click(self.show, [speakers], [shown], api_visibility="private")

    # -- handlers -------------------------------------------------------------------------
    def load(self, find: str = ""):
        """Read who is quoted again (the store may have changed): (speakers, list, quotes)."""
        empty = view.quotes_html(None)
        if not self.available():
            return [], note_html(NOT_AVAILABLE), empty
        try:
            speakers = self.chat.bot.speakers()
        except BriefbotError as exc:
            return [], error_html(str(exc)), empty
        if not speakers and not self.chat.articles():
            return [], note_html(NO_ARTICLES), empty
        return speakers, self.find(find, speakers), empty

    def find(self, find: str, speakers: list[dict]) -> str:
        """The list narrowed to the names and roles holding every word typed."""
        if not speakers:
            return note_html(view.speakers_note([], 0))
        return view.speakers_html(speakers, (find or "").strip(), self.LIST_LIMIT)

    def show(self, speakers: list[dict], evt: gr.EventData) -> str:
        """A clicked name's quotes, newest first."""
        return self.quotes_for(view.pick_speaker(speakers, str(getattr(evt, "key", "") or "")))

    def quotes_for(self, speaker: dict | None) -> str:
        if speaker is None:
            return view.quotes_html(None)
        try:
            quotes = self.chat.bot.quotes(key=speaker["key"])
        except BriefbotError as exc:
            return error_html(str(exc))
        ordered = view.newest_first(quotes)[: self.QUOTE_LIMIT]
        texts = article_texts(self.chat, (q["doc_id"] for q in ordered))
        return view.quotes_html(speaker, quotes, texts, self.QUOTE_LIMIT)
