"""The People and Timeline tabs in a real browser: headless Debian Chromium driven by Playwright,
the web app on loopback with a login, over a store of our own two ferry articles.

Screenshots of each step go to test-output/screenshots/ (docs/screenshots/people.png and
timeline.png come from scripts/people_screenshots.py over the seed).
"""

from __future__ import annotations

import pytest
from conftest import ROOT
from test_web_api import PASSWORD, start_web
from test_web_browser import ARGS, CHROMIUM, SHOTS, WAIT, log_in, shot

PEOPLE = ROOT / "tests" / "fixtures" / "people"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (scripts/test.sh installs it)"
    ),
]


@pytest.fixture(scope="module")
def web(tmp_path_factory, minilm):
    base = tmp_path_factory.mktemp("web-people")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)
        server = start_web(base, minilm, [PEOPLE / "harbour-ferry.json"])
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


def test_people_shows_who_is_quoted_and_opens_a_quote_in_its_article(page, web):
    page.get_by_role("tab", name="People").click()
    varga = page.locator("#bb-people-list button.bb-speaker[value='ines varga']")
    varga.wait_for()
    count = next(s["quotes"] for s in web.bot.speakers() if s["key"] == "ines varga")
    assert f"{count} quotes" in varga.inner_text()
    assert "Pick a name" in page.locator("#bb-person").inner_text()
    varga.click()
    cards = page.locator("#bb-person .bb-said")
    cards.first.wait_for()
    assert cards.count() == count
    said = [cards.nth(i).locator("blockquote").inner_text() for i in range(count)]
    newer = next(i for i, s in enumerate(said) if "We promised the island" in s)
    older = next(i for i, s in enumerate(said) if "Two boats mean no more" in s)
    assert newer < older  # newest first
    card = cards.nth(newer)
    assert "Island Post" in card.inner_text() and "20 Nov 2025" in card.inner_text()
    passage = card.locator("details.bb-in-article")
    assert not passage.locator("mark.bb-quote").is_visible()  # closed until asked for
    passage.locator("summary").click()
    marked = passage.locator("mark.bb-quote")
    marked.wait_for()
    assert marked.inner_text() == "We promised the island a better service and this is it"
    assert "Harbour master Ines Varga said the extra boat" in passage.inner_text()
    shot(page, "people-1-quotes")
    # The find box narrows the list.
    page.fill("#bb-people-find textarea", "councillor")
    varga.wait_for(state="detached")
    names = page.locator("#bb-people-list button.bb-speaker .bb-who").all_inner_texts()
    assert names == ["Duncan Mbeki"]


def test_timeline_shows_dated_events_oldest_first_past_and_planned(page, web):
    page.get_by_role("tab", name="Timeline").click()
    events = page.locator("#bb-timeline li.bb-event")
    events.first.wait_for()
    expected = web.bot.timeline()
    assert events.count() == len(expected)
    reopen = page.locator(
        "#bb-timeline li.bb-event", has=page.locator("mark.bb-when", has_text="September 15")
    )
    assert reopen.locator(".bb-date").inner_text() == "15 Sep 2025"
    assert reopen.locator(".bb-status-tag").inner_text() == "Planned"
    assert "will reopen on Monday (September 15) after three weeks" in reopen.inner_text()
    assert "Aldwyn Gazette" in reopen.locator(".bb-meta").first.inner_text()
    began = page.locator("#bb-timeline li.bb-event", has_text="A second ferry began sailing")
    assert began.locator(".bb-status-tag").inner_text() == "Past"
    dates = events.locator(".bb-date").all_inner_texts()
    assert dates.index("15 Sep 2025") < dates.index("19 Nov 2025")  # oldest first
    shot(page, "timeline-1-all")
    # A topic and a date narrow it.
    page.fill("#bb-timeline-topic textarea", "timetable")
    page.fill("#bb-timeline-since textarea", "2025-11-01")
    page.click("#bb-timeline-show")
    reopen.wait_for(state="detached")
    texts = page.locator("#bb-timeline li.bb-event .bb-event-text").all_inner_texts()
    assert texts == ["The authority plans to review the timetable in April 2026."]
    shot(page, "timeline-2-topic")


def test_on_a_phone_people_is_in_the_more_tabs_menu_and_a_name_leads_to_its_quotes(web, page):
    from playwright.sync_api import expect

    context = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.set_default_timeout(WAIT)
    try:
        phone.goto(web.url, wait_until="load")
        log_in(phone, PASSWORD)
        phone.locator("#bb-question textarea").wait_for()
        phone.get_by_role("button", name="More tabs").click()
        phone.locator(".overflow-dropdown button", has_text="People").click()
        phone.locator("#bb-people-list button.bb-speaker[value='duncan mbeki']").click()
        said = phone.locator("#bb-person .bb-said", has_text="fares must not rise")
        said.wait_for()
        # The quotes, below the list on a phone, are scrolled into view.
        expect(said).to_be_in_viewport(ratio=1, timeout=WAIT)
        assert phone.evaluate("() => window.scrollY") > 0
        wide = phone.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 391  # nothing runs off the side of the screen
        shot(phone, "people-2-phone")
    finally:
        context.close()
