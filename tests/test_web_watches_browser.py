"""The Watches tab in a real browser: headless Debian Chromium driven by Playwright, the web
app on loopback with a login, over a real store (MiniLM) holding the first step of our own
Kestrel Bay story. A user adds a watch, runs it (first brief, with its sources), the story
moves (a revised toll), and the next run shows what changed, citing old and new sources.

The last screen is also saved as docs/screenshots/watches.png (desktop).
"""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from test_web_api import PASSWORD, start_web
from test_web_browser import ARGS, CHROMIUM, SHOTS, WAIT, log_in, shot

from bench.watch_stories import KESTREL, write_step

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (scripts/test.sh installs it)"
    ),
]


@pytest.fixture(scope="module")
def web(tmp_path_factory, minilm):
    base = tmp_path_factory.mktemp("web-watches")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)
        mp.delenv("SLACK_BOT_TOKEN", raising=False)
        server = start_web(base, minilm, write_step(base / "articles", KESTREL, 0))
        server.base = base
        yield server
        server.running.close()


@pytest.fixture(scope="module")
def page(web):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(WAIT)
        page.goto(web.url, wait_until="load")
        log_in(page, PASSWORD)
        page.locator("#bb-question textarea").wait_for()
        yield page
        browser.close()


def test_add_a_watch_run_it_and_see_what_changed(page, web):
    page.get_by_role("tab", name="Watches").click()
    page.locator("#bb-watches", has_text="No watches yet").wait_for()
    # A name with a space: one line naming the field, nothing added.
    page.fill("#bb-watch-name textarea", "kestrel bay")
    page.fill("#bb-watch-topic textarea", KESTREL["topic"])
    page.click("#bb-watch-add")
    error = page.locator("#bb-watch-status .bb-error")
    error.wait_for()
    assert error.inner_text().startswith("Name “kestrel bay”: use letters")
    page.fill("#bb-watch-name textarea", "kestrel")
    page.click("#bb-watch-add")
    page.locator("#bb-watch-status", has_text="Added watch kestrel").wait_for()
    row = page.locator("#bb-watches table.bb-watches tbody tr")
    assert row.count() == 1 and "Kestrel Bay floods relief" in row.inner_text()
    assert "never" in row.inner_text()

    # Run now: a status while it runs, then the first brief with its sources.
    page.click("#bb-watch-run")
    page.locator("#bb-watch-status", has_text="kestrel: first brief").wait_for()
    digest = page.locator("#bb-digests details.bb-digest").first
    assert "first brief on Kestrel Bay floods relief" in digest.locator("summary").inner_text()
    assert digest.locator("li").count() >= 1
    assert "never" not in row.inner_text()
    shot(page, "watches-1-first-brief")

    # The story moves: a revised toll arrives; the next run reports only what changed.
    web.bot.ingest(write_step(web.base / "articles", KESTREL, 1))
    page.click("#bb-watch-run")
    page.locator("#bb-watch-status", has_text="since").wait_for()
    newest = page.locator("#bb-digests details.bb-digest").first
    assert page.locator("#bb-digests details.bb-digest").count() == 2
    toll = newest.locator("li", has=page.locator(".bb-tag-updated"), has_text="52")
    assert toll.count() == 1, newest.inner_text()
    assert "40" in toll.inner_text()  # from what to what
    # Its [n]s open the old and the new source: the 40 and the 52 are both quoted.
    quoted = []
    for k in range(toll.locator("button.bb-wcite").count()):
        toll.locator("button.bb-wcite").nth(k).click()
        card = newest.locator(".bb-source.bb-target")
        card.wait_for()
        quoted.append(card.locator("mark.bb-quote").inner_text())
    assert any("40" in q for q in quoted) and any("52" in q for q in quoted), quoted
    page.evaluate("() => window.scrollTo(0, 0)")
    shot(page, "watches-2-update")
    docs = ROOT / "docs" / "screenshots" / "watches.png"
    shutil.copyfile(SHOTS / "watches-2-update.png", docs)

    # Remove it: the list is empty again.
    page.click("#bb-watch-remove")
    page.locator("#bb-watch-status", has_text="Removed watch kestrel").wait_for()
    page.locator("#bb-watches", has_text="No watches yet").wait_for()
