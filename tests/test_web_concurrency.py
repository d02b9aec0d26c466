"""A web upload while 10 users ask: real Chromium uploads, ten gradio_client users ask over HTTP.

No error reaches anyone, every answer is right, and the upload is stored exactly once (the
same file uploaded again adds nothing).
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import ROOT, SEED
from test_web_api import PASSWORD, USER, client, start_web
from test_web_browser import ARGS, CHROMIUM, FIXTURES, WAIT

SHOTS = ROOT / "test-output" / "screenshots" / "polish"
USERS = 10
QUESTIONS = [
    ("What did Sihasak say about the October agreement?", "too hastily"),
    ("Why did Riverton raise the harbour bridge toll?", "toll"),
    ("What did Grace Okafor say about saving water?", "litre"),
    ("Who voted against the bridge toll plan?", "Reyes"),
]
GRAIN = [
    {
        "title": f"Grain terminal report {i}",
        "source": "Delta Farm News",
        "published_at": f"2025-11-1{i}T09:00:00Z",
        "body": f"The grain terminal at Delta Point loaded {i + 3} barges of barley on day {i}. "
        f"Terminal manager Olu Adeyemi said silo {i} would reopen after its annual cleaning.",
    }
    for i in range(3)
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (scripts/test.sh installs it)"
    ),
]


@pytest.fixture
def web(tmp_path, minilm, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server = start_web(tmp_path, minilm, [SEED, FIXTURES / "city-desk.json"])
    yield server
    server.running.close()


def test_upload_while_ten_users_ask_loses_and_doubles_nothing(web, tmp_path):
    from playwright.sync_api import sync_playwright

    store = web.bot.store
    articles_before, passages_before = store.count_articles(), store.count_chunks()
    grain = tmp_path / "grain-terminal.json"
    grain.write_text(json.dumps(GRAIN))
    users = [client(web) for _ in range(USERS)]  # ten logged-in API sessions
    start = threading.Barrier(USERS + 1, timeout=120)
    uploads_done = threading.Event()

    def one_user(i: int) -> list[tuple[str, str, dict]]:
        answers = []
        start.wait()
        while not uploads_done.is_set() or len(answers) < 2:  # asks all through the uploads
            question, expected = QUESTIONS[(i + len(answers)) % len(QUESTIONS)]
            result = users[i].predict(question, [], "", "", "", api_name="/ask")
            answers.append((question, expected, result))
        return answers

    with sync_playwright() as p, ThreadPoolExecutor(max_workers=USERS) as pool:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(WAIT)
        page.goto(web.url, wait_until="load")
        page.get_by_label("username").fill(USER)
        page.get_by_label("password").fill(PASSWORD)
        page.get_by_role("button", name="Login").click()
        page.get_by_role("tab", name="Sources").click()
        futures = [pool.submit(one_user, i) for i in range(USERS)]
        start.wait()  # everyone is asking: now upload
        try:
            page.set_input_files("#bb-upload input[type=file]", [str(grain)])
            status = page.locator("#bb-upload-status")
            status.locator("li", has_text="Added 3 articles").wait_for()
            first_report = status.inner_text()
            page.set_input_files("#bb-upload input[type=file]", [str(grain)])  # again
            status.locator("li", has_text="3 articles already stored").wait_for()
            second_report = status.inner_text()
            page.screenshot(path=str(SHOTS / "desktop-15-upload-while-ten-ask.png"))
            toasts = page.locator(".toast-body").all_inner_texts()
        finally:
            uploads_done.set()
            browser_answers = [f.result(timeout=600) for f in futures]
            browser.close()

    # No error reached the uploader ...
    assert "Added 3 articles (3 passages)." in first_report and "error" not in first_report.lower()
    assert "Added 0 articles" in second_report
    assert toasts == []
    # ... or any of the ten users, and every answer is the right one.
    asked = [a for answers in browser_answers for a in answers]
    assert len(asked) >= 2 * USERS
    for question, expected, result in asked:
        assert result["question"] == question and not result["abstained"]
        assert any(expected in c["quote"] or expected in c["passage"] for c in result["citations"])
    # The write is stored once: three new articles with their passages, no doubles.
    assert store.count_articles() == articles_before + 3
    titles = [a.title for a in store.list_articles()]
    assert sorted(t for t in titles if t.startswith("Grain")) == [g["title"] for g in GRAIN]
    assert len(titles) == len(set(titles))
    new = [a for a in store.list_articles() if a.title.startswith("Grain")]
    assert store.count_chunks() == passages_before + sum(int(a.meta["n_chunks"]) for a in new)
    # ... and readers see it.
    after = client(web).predict("How many barges did the grain terminal load?", api_name="/ask")
    assert any("barges of barley" in c["quote"] for c in after["citations"])
