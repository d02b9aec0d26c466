"""The empty chat's first screen: what the store holds, and questions from its articles."""

from __future__ import annotations

import pytest
from conftest import ROOT

from bot.web import overview
from ingest.store import StoredArticle

FIXTURES = ROOT / "tests" / "fixtures" / "web"


def article(doc_id, title, source="", published_at="", path="") -> StoredArticle:
    meta = {"title": title, "source": source, "published_at": published_at, "path": path}
    return StoredArticle(doc_id, meta)


def test_summary_counts_articles_outlets_and_dates():
    articles = [
        article("a", "Tolls rise", "Riverton Ledger", "2025-11-03T09:00:00+00:00"),
        article("b", "Water warning", "Valley Courier", "2025-10-15T07:30:00+00:00"),
        article("c", "Talks resume", path="/x/notes.txt"),
    ]
    text = overview.summary_text(overview.overview(articles))
    assert text == (
        "The store holds 3 articles from 2 outlets (Riverton Ledger, Valley Courier), "
        "dated 15 Oct 2025 to 3 Nov 2025 (1 without a date)."
    )
    assert "no articles" in overview.summary_text(overview.overview([]))
    many = [article(str(i), f"T{i}", f"Outlet {i}", f"2025-01-0{i + 1}") for i in range(6)]
    assert "(Outlet 0, Outlet 1, Outlet 2, Outlet 3 and 2 more)" in overview.summary_text(
        overview.overview(many)
    )


def test_examples_come_from_the_newest_articles_of_different_outlets():
    articles = [
        article("a", "Riverton raises bridge tolls.", "Ledger", "2025-11-03"),
        article("b", "Riverton toll vote delayed", "Ledger", "2025-11-02"),
        article("c", "Northfield water warning", "Courier", "2025-10-15"),
        article("d", "Ceasefire talks resume in Kuala Lumpur", path="/x/notes.txt"),
    ]
    questions = overview.example_questions(articles)
    assert questions == [
        "What do the articles say about “Riverton raises bridge tolls”?",
        "What happened in “Northfield water warning”?",
        "Who is quoted on “Ceasefire talks resume in Kuala Lumpur”?",
    ]
    assert overview.example_questions([]) == []


@pytest.mark.slow
def test_welcome_follows_the_real_store(tmp_path, minilm):
    from bot.config import Settings
    from bot.service import BriefBot
    from bot.web.handlers import WebChat
    from ingest.store import Store

    settings = Settings(store=tmp_path / "store", _env_file=None)
    bot = BriefBot(
        settings, store=Store(path=settings.store, embedder_name=minilm.name), embedder=minilm
    )
    chat = WebChat(bot)
    empty, none = chat.welcome()
    assert "holds no articles yet" in empty and none == []
    bot.ingest([FIXTURES / "city-desk.json"])
    text, questions = chat.welcome()
    titles = {a.title for a in bot.store.list_articles()}
    assert f"holds {len(titles)} articles" in text
    assert len(questions) == min(3, len(titles))
    assert all(any(t in q for t in titles) for q in questions)
    newest = chat.articles()[0]
    bot.store.remove([newest.doc_id])
    _, after = chat.welcome()
    assert not any(newest.title in q for q in after)  # the removed article no longer suggested
