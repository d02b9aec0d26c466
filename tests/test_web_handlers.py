"""The web chat's event logic with a fake bot: history, filters, progress, feedback mapping."""

from __future__ import annotations

import pytest

from bot.db import Database
from bot.errors import ConfigError
from bot.feedback import FeedbackLog
from bot.models import Answer, Citation
from bot.web.handlers import IngestProgress, Turn, WebChat, in_background


class FakeBot:
    """Streams two pieces, then an Answer; remembers what it was asked."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def stream(self, question, history=None, k=10, filters=None):
        self.calls.append({"question": question, "history": history, "k": k, "filters": filters})
        yield "Part one "
        yield "and two [1]"
        cite = Citation(1, "q.", "p q. r", "d", "T", "S", "", "", 2, 4, 0.5)
        yield Answer(question, "Part one and two [1]", False, "extractive", [cite])


def test_stream_yields_growing_text_then_the_answer_and_passes_history():
    bot = FakeBot()
    chat = WebChat(bot)
    events = list(chat.stream("Next?", [Turn("First?", "First answer [1]")]))
    assert events[:2] == ["Part one ", "Part one and two [1]"]
    assert isinstance(events[-1], Answer)
    assert bot.calls[0]["history"] == [("First?", "First answer [1]")]


def test_date_filters_cover_whole_days_and_bad_dates_name_the_field():
    chat = WebChat(FakeBot())
    flt = chat.filters("Riverton Ledger", "2025-10-01", "2025-10-31")
    assert flt.source == "Riverton Ledger"
    assert flt.until - flt.since == 31 * 86400 - 1
    assert chat.filters("", None, "").where() is None
    with pytest.raises(ConfigError, match="“From”: not a date: 'soon' .*YYYY-MM-DD.*last week"):
        chat.filters("", "soon", "")
    with pytest.raises(ConfigError, match="“Until”: not a date"):
        chat.filters("", "", "whenever")


def test_a_month_filter_covers_the_month_and_is_described_in_words():
    chat = WebChat(FakeBot())
    flt = chat.filters("", "2025-10", "2025-10")
    assert chat.describe(flt) == "Only articles dated 1 Oct 2025 to 31 Oct 2025."
    assert (
        chat.describe(chat.filters("Valley Courier", "", ""))
        == "Only articles from Valley Courier."
    )
    assert chat.describe(chat.filters("", "", "")) == ""


def test_from_after_until_is_refused_with_both_dates():
    with pytest.raises(
        ConfigError, match="“From” \\(3 Nov 2025\\) is after “Until” \\(1 Nov 2025\\)"
    ):
        WebChat(FakeBot()).filters("", "2025-11-03", "2025-11-01")


def test_messages_alternate_and_escape_the_users_question():
    msgs = WebChat.messages([Turn("<b>hi</b>", "ok [1]")], pending="next", partial="")
    assert [m["role"] for m in msgs] == ["user", "assistant", "user", "assistant"]
    assert "<b>" not in msgs[0]["content"] and "bb-cite-1" in msgs[1]["content"]
    assert msgs[-1]["content"] == "…"  # placeholder while the answer is on its way


def test_rating_maps_chat_message_index_to_the_answer(tmp_path):
    log = FeedbackLog(Database(f"sqlite:///{tmp_path / 'feedback.sqlite3'}"))
    log.db.upgrade()
    chat = WebChat(FakeBot(), log)
    turns = [Turn("Q1", "A1"), Turn("Q2", "A2")]
    assert chat.rate(turns, 3, liked=True).question == "Q2"  # messages: Q1 A1 Q2 A2
    assert chat.rate(turns, 1, liked=False).question == "Q1"
    assert [(e.question, e.rating) for e in log.entries()] == [("Q2", 1), ("Q1", -1)]
    assert [e.question for e in log.entries(rating=-1)] == ["Q1"]


def test_ingest_progress_reports_files_then_embedded_chunks():
    seen = []
    track = IngestProgress(lambda done, total, what: seen.append(((done, total), what)))
    for event, amount in [
        ("files", 2),
        ("file", 1),
        ("chunks", 10),
        ("embedded", 4),
        ("embedded", 6),
        ("file", 1),
    ]:
        track(event, amount)
    assert seen[0] == ((0, 2), "Reading files") and seen[1] == ((1, 2), "Reading files")
    assert ((4, 10), "Indexing passages") in seen and ((10, 10), "Indexing passages") in seen


def test_background_work_reports_progress_then_its_result_or_its_error():
    def work(notify):
        notify(1, 3, "Reading files")
        notify(3, 3, "Reading files")
        return "report"

    assert list(in_background(work)) == [
        ("progress", (1, 3, "Reading files")),
        ("progress", (3, 3, "Reading files")),
        ("done", "report"),
    ]

    def broken(notify):
        raise ConfigError("the store is busy")

    with pytest.raises(ConfigError, match="busy"):
        list(in_background(broken))


class FailingBriefChat:
    """A chat whose brief reports one step, then finds nothing on the topic."""

    max_bytes = 1000

    def can_brief(self):
        return True

    def brief(self, topic, since, until, progress=None):
        from bot.errors import NothingToBrief

        progress("select material")
        raise NothingToBrief(f"no articles match the topic {topic!r}: nothing to brief")


def test_a_failed_brief_clears_the_old_one_and_disables_its_downloads():
    from bot.web.brief_tab import BriefTab

    steps = list(BriefTab(FailingBriefChat(), "").brief("quantum knitting", "", ""))
    for _status, shown, md, docx in steps:
        assert shown == ""  # the old brief is gone from the first update on
        assert md["interactive"] is False and md["value"] is None
        assert docx["interactive"] is False and docx["value"] is None
    assert "Finding the articles on the topic" in steps[1][0]
    assert "No brief: no articles match the topic 'quantum knitting'" in steps[-1][0]


def test_asking_an_empty_store_says_to_add_articles(tmp_path, minilm):
    import gradio as gr

    from bot.config import Settings
    from bot.service import BriefBot
    from bot.web.app import WebApp
    from ingest.store import Store

    settings = Settings(store=tmp_path / "empty", _env_file=None)
    bot = BriefBot(
        settings, store=Store(path=settings.store, embedder_name=minilm.name), embedder=minilm
    )
    app = WebApp(WebChat(bot))
    with pytest.raises(gr.Error, match="No articles yet"):
        list(app.ask("Anything?", [], "", None, None))
    assert "No articles yet" in app.refresh()[1]
