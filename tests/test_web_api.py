"""The web chat's API through gradio_client on loopback, with login, and 20 users at once."""

from __future__ import annotations

import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, SEED

USER, PASSWORD = "ann", "correct horse battery"
FIXTURES = ROOT / "tests" / "fixtures" / "web"
SIHASAK = "What did Sihasak say about the October agreement?"

pytestmark = [pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_web(base: Path, embedder, files: list[Path], **settings_overrides):
    """Serve the web chat on a free loopback port over a fresh store holding `files`."""
    from bot.auth import add_user
    from bot.config import Settings
    from bot.service import BriefBot
    from bot.web.server import serve
    from ingest.store import Store

    users = base / "users"
    add_user(users, USER, PASSWORD)
    settings = Settings(
        store=base / "store",
        web_users=users,
        embeddings="minilm",
        _env_file=None,
        **settings_overrides,
    )
    bot = BriefBot(
        settings, store=Store(path=settings.store, embedder_name=embedder.name), embedder=embedder
    )
    if files:
        report = bot.ingest(files)
        assert not report.failures, report.failures
    running = serve(settings, host="127.0.0.1", port=free_port(), bot=bot, block=False, quiet=True)
    return SimpleNamespace(url=running.url, bot=bot, settings=settings, running=running)


@pytest.fixture(scope="module")
def web(tmp_path_factory, minilm):
    base = tmp_path_factory.mktemp("web-api")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)
        server = start_web(base, minilm, [SEED, FIXTURES / "city-desk.json"])
        yield server
        server.running.close()


def client(web, auth=(USER, PASSWORD)):
    from gradio_client import Client

    # httpx's 5 s default would fail a busy machine's queue join, not the product
    return Client(
        web.url, auth=auth, verbose=False, download_files=False, httpx_kwargs={"timeout": 120}
    )


def _cites(result: dict, words: str) -> bool:
    return any(words in c["quote"] for c in result["citations"])


def test_api_needs_a_login(web):
    with pytest.raises(Exception, match="(?i)login|credential|401|auth"):
        client(web, auth=(USER, "wrong password"))


def test_ask_returns_cited_answer_whose_quotes_are_in_the_articles(web):
    result = client(web).predict(SIHASAK, [], "", "", "", api_name="/ask")
    assert not result["abstained"]
    assert _cites(result, "this agreement was reached too hastily")
    for c in result["citations"]:
        text = web.bot.store.get_article(c["doc_id"]).text
        assert text[c["start"] : c["end"]] == c["quote"]
        assert f"[{c['n']}]" in result["answer"]


def test_follow_up_is_resolved_against_the_conversation(web):
    api = client(web)
    first = api.predict(SIHASAK, [], "", "", "", api_name="/ask")
    follow = api.predict(
        "And what did he say about the Wednesday meeting?",
        [[first["question"], first["answer"]]],
        "",
        "",
        "",
        api_name="/ask",
    )
    assert not follow["abstained"]
    assert _cites(follow, "Wednesday")


def test_outlet_and_date_filters_limit_the_sources(web):
    api = client(web)
    toll = "Why did Riverton raise the harbour bridge toll?"
    assert {
        c["source"] for c in api.predict(toll, [], "", "", "", api_name="/ask")["citations"]
    } == {"Riverton Ledger"}
    other_outlet = api.predict(toll, [], "Valley Courier", "", "", api_name="/ask")
    assert all(c["source"] == "Valley Courier" for c in other_outlet["citations"])
    before = api.predict(toll, [], "", "2025-10-01", "2025-10-31", api_name="/ask")
    assert not any(c["source"] == "Riverton Ledger" for c in before["citations"])


def test_bad_date_filter_is_a_clear_error(web):
    with pytest.raises(Exception, match="not a date"):
        client(web).predict(SIHASAK, [], "", "last tuesday-ish", "", api_name="/ask")


def test_chat_endpoint_streams_into_the_chat_and_fills_the_sources_panel(web):
    job = client(web).submit(SIHASAK, "", "", "", api_name="/chat")
    chat, sources, copy, question, filter_note = job.result(timeout=120)
    assert filter_note == ""  # no filter set
    assert chat[-1]["role"] == "assistant" and "bb-cite" in str(chat[-1]["content"])
    assert "this agreement was reached too hastily" in sources and "<mark" in sources
    assert copy.splitlines()[0].startswith("What the articles") or "[1]" in copy
    assert "too hastily" in copy and question == ""


QUESTIONS = [
    (SIHASAK, "this agreement was reached too hastily"),
    ("Why did Riverton raise the harbour bridge toll?", "toll"),
    ("What did Grace Okafor say about saving water?", "litre"),
    ("Who voted against the bridge toll plan?", "Reyes"),
]


def test_twenty_users_asking_at_once_all_get_their_own_correct_answer(web):
    users = [client(web) for _ in range(20)]  # twenty logged-in sessions
    start = threading.Barrier(20, timeout=120)

    def one_user(i: int):
        question, expected = QUESTIONS[i % len(QUESTIONS)]
        start.wait()  # everyone asks at the same moment
        return question, expected, users[i].predict(question, [], "", "", "", api_name="/ask")

    with ThreadPoolExecutor(max_workers=20) as pool:
        futures = [pool.submit(one_user, i) for i in range(20)]
        results = [f.result(timeout=300) for f in futures]
    assert len(results) == 20
    for question, expected, result in results:
        assert result["question"] == question
        assert any(
            expected in c["quote"] or expected in c["passage"] for c in result["citations"]
        ), (question, result["answer"])


def test_thumbs_are_stored_with_question_and_answer(web, tmp_path):
    from bot.feedback import FeedbackLog
    from bot.web.handlers import WebChat

    log = FeedbackLog.for_settings(web.settings)
    chat = WebChat(web.bot, log)
    answer = web.bot.ask(SIHASAK)
    turns = [chat.turn_of(answer)]
    assert chat.rate(turns, 1, liked=False, user="ann") is turns[0]
    assert chat.rate(turns, 7, liked=True) is None  # no such answer: nothing stored
    bad = log.entries(rating=-1)
    assert bad[-1].question == SIHASAK and bad[-1].answer == answer.answer
    assert bad[-1].user == "ann" and bad[-1].citations[0]["quote"] == answer.citations[0].quote
    assert log.db.url.endswith(str(web.settings.store / "briefbot.sqlite3"))  # beside the store
