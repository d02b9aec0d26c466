"""The Watches tab's handlers over a real BriefBot (embedded Chroma store with the test
embedder, real spaCy quote index, real SQLite): add, list, run now, the last digests, remove,
and a clear line for each bad field. The browser test is tests/test_web_watches_browser.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.watch_stories import KESTREL, write_step


def make_tab(store: Path):
    from bot.config import Settings
    from bot.service import BriefBot
    from bot.web.handlers import WebChat
    from bot.web.watch_tab import WatchTab

    bot = BriefBot(Settings(store=store, embeddings="fake", reranker="none", answerer="extractive"))
    return WatchTab(WebChat(bot)), bot


def last(gen):
    """The last value a generator handler yields, and every value before it."""
    seen = list(gen)
    return seen[-1], seen[:-1]


@pytest.fixture
def tab(tmp_path):
    tab, bot = make_tab(tmp_path / "store")
    tab.folder = tmp_path / "articles"
    return tab


def test_empty_states_say_what_to_do(tab):
    table, pick = tab.refresh(None)
    assert "No watches yet" in table and "Add one below" in table
    assert pick["choices"] == []
    assert "Pick a watch" in tab.show(None)
    status, *_ = next(tab.run(None))
    assert "pick the watch to run" in status and "bb-error" in status
    status, *_ = tab.remove(None)
    assert "pick the watch to remove" in status


@pytest.mark.parametrize(
    ("name", "topic", "every", "said"),
    [
        ("", "floods", "1d", "Name: give the watch a short name"),
        ("kestrel bay", "floods", "1d", "Name “kestrel bay”: use letters"),
        ("kestrel", "   ", "1d", "Topic: say what the watch follows"),
        ("kestrel", "floods", "", "How often: write an interval"),
        ("kestrel", "floods", "every tuesday", "How often 'every tuesday': write an interval"),
    ],
)
def test_bad_input_is_one_line_naming_the_field(tab, name, topic, every, said):
    status, table, pick, name_box, topic_box, _ = tab.add(name, topic, every)
    assert said in status and status.count("<p") == 1 and "bb-error" in status
    assert "--" not in status  # the form's words, not the command line's
    assert not tab.chat.bot.watch_list()


def test_add_run_update_nothing_new_and_remove(tab):
    status, table, pick, name_box, topic_box, shown = tab.add(
        "kestrel", f"  {KESTREL['topic']} ", "6h"
    )
    assert "Added watch kestrel: Kestrel Bay floods relief (every 6h)" in status
    assert (name_box, topic_box) == ("", "")  # the form is cleared for the next one
    assert pick["value"] == "kestrel" and pick["choices"] == ["kestrel"]
    assert "Kestrel Bay floods relief" in table and "6h" in table and "never" in table
    assert "Run now" in shown
    again = tab.add("kestrel", "anything", "1d")[0]
    assert "Name: a watch named 'kestrel' already exists" in again

    tab.chat.bot.ingest(write_step(tab.folder, KESTREL, 0))
    (final, before) = last(tab.run("kestrel"))
    assert "Running kestrel" in before[0][0]  # a status while it runs
    status, shown, table, pick = final
    assert "kestrel: first brief on Kestrel Bay floods relief." in status
    assert "never" not in table  # last run and last delivered are filled in
    assert "Last digests of kestrel" in shown and shown.count('class="bb-digest"') == 1
    assert "bb-tag" not in shown  # a first brief has no new/updated labels
    assert 'class="bb-wcite"' in shown and "bb-source bb-for-1" in shown
    assert "Coast Herald" in shown and "<mark" in shown

    tab.chat.bot.ingest(write_step(tab.folder, KESTREL, 1))
    status, shown, table, pick = last(tab.run("kestrel"))[0]
    assert "kestrel: " in status and "since" in status
    newest = shown.split('<details class="bb-digest"')[1]
    assert "bb-tag-updated" in newest and "52" in newest  # the revised toll
    assert "40" in newest  # from what to what, citing the old source too
    assert shown.count('class="bb-digest"') == 2

    status, shown, *_ = last(tab.run("kestrel"))[0]
    assert "nothing new since" in status
    assert "Nothing new since" in shown.split('<details class="bb-digest"')[1]
    assert tab.show("kestrel") == shown  # picking the watch shows the same digests

    status, table, pick, shown = tab.remove("kestrel")
    assert "Removed watch kestrel and its digests." in status
    assert "No watches yet" in table and pick["choices"] == [] and "Pick a watch" in shown


def test_a_watch_with_a_slack_channel_and_no_token_says_it_was_not_posted(tab, monkeypatch):
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    tab.chat.bot.settings.slack_bot_token = None
    tab.chat.bot.add_watch("floods", KESTREL["topic"], channel="C0FLOODS")
    table, _ = tab.refresh(None)
    assert "C0FLOODS" in table
    tab.chat.bot.ingest(write_step(tab.folder, KESTREL, 0))
    status = last(tab.run("floods"))[0][0]
    assert "Slack channel C0FLOODS: not posted" in status
    assert "The next run reports again from the start." in status


def test_digest_html_escapes_article_text():
    from bot.web.watch_view import digest_html

    body = {
        "headline": "w: 1 change since <b>then</b>",
        "first": False,
        "since": "2025-01-01 00:00 UTC",
        "items": [{"text": "<script>x</script> rose [1]", "status": "new", "cites": [1]}],
        "citations": [
            {
                "n": 1,
                "quote": "<img src=x onerror=alert(1)>",
                "doc_id": "d",
                "title": "<i>t</i>",
                "source": "S",
                "url": "javascript:alert(1)",
                "published_at": "2025-01-02",
                "start": 0,
                "end": 28,
            }
        ],
    }
    shown = digest_html(body)
    assert "<script>" not in shown and "<img" not in shown and "<i>t" not in shown
    assert "javascript:" not in shown
    assert "bb-tag-new" in shown and 'data-n="1"' in shown
