"""The web chat in a real browser: headless Debian Chromium driven by Playwright on loopback.

The steps share one logged-in page and run in file order, as a user would:
log in, upload, ask, follow the [n], rate, brief, and try to run an article's script.
Screenshots of each step go to test-output/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SEED
from test_web_api import PASSWORD, SIHASAK, USER, start_web

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "test-output" / "screenshots"
FIXTURES = ROOT / "tests" / "fixtures" / "web"
WAIT = 90_000  # ms; generous for a loaded 2-core CI machine, never a performance assert

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (scripts/test.sh installs it)"
    ),
]


@pytest.fixture(scope="module")
def web(tmp_path_factory, minilm):
    """The app over a store holding only our two city-desk articles (the seed comes by upload)."""
    base = tmp_path_factory.mktemp("web-browser")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)
        server = start_web(base, minilm, [FIXTURES / "city-desk.json"])
        yield server
        server.running.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser, web):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000},
        accept_downloads=True,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.set_default_timeout(WAIT)
    yield page
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, password: str) -> None:
    page.get_by_label("username").fill(USER)
    page.get_by_label("password").fill(password)
    page.get_by_role("button", name="Login").click()


def test_01_login_refuses_a_wrong_password_then_lets_the_user_in(page, web):
    page.goto(web.url, wait_until="load")
    log_in(page, "not the password")
    page.get_by_text("Incorrect Credentials").wait_for()
    shot(page, "01-login-wrong-password")
    assert page.locator("#bb-question").count() == 0
    log_in(page, PASSWORD)
    page.locator("#bb-question textarea").wait_for()
    shot(page, "02-logged-in")


def test_02_upload_adds_articles_links_duplicates_and_reports_a_bad_file(page, web):
    page.get_by_role("tab", name="Sources").click()
    files = [SEED, FIXTURES / "broken.json", FIXTURES / "riverton-wire-copy.json"]
    page.set_input_files("#bb-upload input[type=file]", [str(f) for f in files])
    status = page.locator("#bb-upload-status")
    status.locator("li", has_text="Added 2 article").wait_for()
    assert "broken.json: invalid JSON" in status.inner_text()
    table = page.locator("#bb-articles")
    table.locator("td", has_text="Thailand and Cambodia").first.wait_for()
    assert table.locator("tbody tr").count() == 4
    # The wire copy of the Riverton story links to the original, and back.
    title = page.locator("td.bb-art-title", has_text="Riverton raises harbour bridge toll")
    copy_row = table.locator("tbody tr", has=title)
    link = copy_row.locator("a.bb-dup")
    assert link.inner_text() == "Riverton council votes to raise harbour bridge tolls"
    target = link.get_attribute("href")
    assert table.locator(f"tr{target}", has_text="Riverton Ledger").count() == 1
    shot(page, "03-uploaded-seed")


def ask(page, question: str) -> None:
    page.get_by_role("tab", name="Chat").click()
    before = page.locator("#bb-chat [data-testid=bot]").count()
    page.fill("#bb-question textarea", question)
    page.click("#bb-ask")
    page.locator("#bb-chat [data-testid=bot]").nth(before).wait_for()
    page.wait_for_function(
        "n => { const bots = document.querySelectorAll('#bb-chat [data-testid=bot]');"
        " return bots.length === n + 1 && bots[n].querySelector('.bb-cite') !== null; }",
        arg=before,
    )


def test_03_asking_shows_the_cited_passage_with_the_quote_highlighted(page, web):
    ask(page, SIHASAK)
    quote = page.locator("mark.bb-quote", has_text="this agreement was reached too hastily")
    card = page.locator("#bb-sources .bb-source", has=quote).first
    card.wait_for()
    assert "Thailand and Cambodia" in card.locator(".bb-title").inner_text()
    number = card.get_attribute("data-n")
    marker = page.locator(f"#bb-chat [data-testid=bot] .bb-cite-{number}").first
    assert marker.inner_text() == f"[{number}]"
    marker.click()  # the [n] in the answer points at its card
    page.locator(f"#bb-src-{number}.bb-flash").wait_for()
    page.click("#bb-copy-btn")  # the answer with its numbered quotes goes to the clipboard
    page.wait_for_function(
        "async () => (await navigator.clipboard.readText()).includes('Sources:')"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "<span" not in copied and "&#91;" not in copied and "\\-" not in copied  # plain text
    assert "too hastily" in copied and f"\n[{number}] " in copied
    page.get_by_text("Answer with citations (text)").click()
    assert page.locator("#bb-copy textarea").input_value() == copied
    shot(page, "04-answer-with-sources")


def test_04_thumbs_down_is_stored_with_question_and_answer(page, web):
    page.locator("#bb-chat button[aria-label='Dislike']").last.click()
    page.get_by_text("feedback is saved").first.wait_for()
    from bot.feedback import FeedbackLog

    rows = FeedbackLog.for_settings(web.settings).entries()
    assert rows and (rows[-1].rating, rows[-1].user, rows[-1].question) == (-1, USER, SIHASAK)
    assert "too hastily" in rows[-1].answer and rows[-1].channel == "web"


def test_05_follow_up_question_uses_the_conversation(page, web):
    ask(page, "And what did he say about the Wednesday meeting?")
    page.locator("#bb-sources mark.bb-quote", has_text="Wednesday").first.wait_for()
    assert page.locator("#bb-chat [data-testid=bot]").count() == 2
    shot(page, "05-follow-up")


def test_06_brief_downloads_as_word(page, web, tmp_path):
    if not callable(getattr(web.bot, "brief", None)):
        pytest.skip("this build has no briefing API")
    import docx

    page.get_by_role("tab", name="Brief").click()
    page.fill("#bb-topic textarea", "Thailand Cambodia ceasefire talks")
    page.click("#bb-write")
    download_button = page.locator("#bb-dl-docx")
    download_button.wait_for()
    page.locator("#bb-brief h2", has_text="Bottom line").wait_for()
    with page.expect_download() as got:
        download_button.click()
    path = tmp_path / "brief.docx"
    got.value.save_as(path)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Bottom line" in text and "Timeline" in text and "Sihasak" in text
    shot(page, "06-brief")


def test_07_article_with_script_payload_is_shown_as_text_and_never_runs(page, web):
    page.get_by_role("tab", name="Sources").click()
    page.set_input_files("#bb-upload input[type=file]", [str(FIXTURES / "lighthouse-xss.json")])
    page.locator("#bb-articles td", has_text="Lighthouse volunteers").wait_for()
    assert '<img src=x onerror="window.__pwned=1">' in page.inner_text("#bb-articles")
    ask(page, "What did the Gull Point lighthouse volunteers find in the attic?")
    page.locator("#bb-sources .bb-title", has_text="Lighthouse volunteers").first.wait_for()
    shown = page.inner_text("#bb-sources") + page.inner_text("#bb-chat")
    assert "<script>window.__pwned=1</script>" in shown  # visible as text
    page.wait_for_timeout(1000)  # give any injected handler time to fire
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#bb-sources script, #bb-sources img, #bb-chat img[src=x]").count() == 0
    shot(page, "07-xss-shown-as-text")


def test_08_removing_an_article_takes_it_out_of_list_and_answers(page, web):
    page.get_by_role("tab", name="Sources").click()
    page.click("#bb-remove-pick input")
    page.locator("ul[role=listbox] li", has_text="Lighthouse volunteers").click()
    page.click("#bb-remove")
    page.locator("#bb-upload-status", has_text="Removed").wait_for()
    page.wait_for_function(
        "() => !document.querySelector('#bb-articles').innerText.includes('Lighthouse')"
    )
    assert page.locator("#bb-articles tbody tr").count() == 4
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "08-removed")
