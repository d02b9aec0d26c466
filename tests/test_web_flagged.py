"""An LLM answer with one sentence its sources don't support, as a person sees it in Chromium.

The loopback model writes two sentences its passages support and one with the vote swapped
(9 to 0 for 7 to 2). The web chat shows the two with their [n] and cards, and the third with
"(unverified)" in front, no [n] and no card. Screenshots at desktop and phone size go to
test-output/screenshots/flagged-<size>.png.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from test_web_api import PASSWORD, USER
from test_web_browser import ARGS, CHROMIUM, WAIT
from test_web_llm import _passage_number, web_with_model

SHOTS = ROOT / "test-output" / "screenshots"
QUESTION = "Why did Riverton raise the harbour bridge toll?"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


def _reply(body: dict) -> str:
    prompt = body["messages"][-1]["content"]
    vote = _passage_number(prompt, "voted 7 to 2")
    cables = _passage_number(prompt, "corroded steel cables")
    return (
        f"The council voted 7 to 2 to raise the toll on the harbour bridge [{vote}]. "
        f"The council voted 9 to 0 to scrap the toll altogether [{vote}]. "
        f"Mayor Alina Petrov said the increase was needed to pay for repairs to the "
        f"bridge's corroded steel cables [{cables}]."
    )


@pytest.fixture(scope="module")
def llm_web(tmp_path_factory, minilm):
    with web_with_model(tmp_path_factory.mktemp("web-flagged"), minilm, _reply) as server:
        yield server


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_flagged_sentence_reads_unverified_with_no_marker_or_card(llm_web, size):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        page.set_default_timeout(WAIT)
        page.goto(llm_web.url, wait_until="load")
        page.get_by_label("username").fill(USER)
        page.get_by_label("password").fill(PASSWORD)
        page.get_by_role("button", name="Login").click()
        page.fill("#bb-question textarea", QUESTION)
        page.click("#bb-ask")
        answer = page.locator("#bb-chat [data-testid=bot]").last
        answer.get_by_text("(unverified)").wait_for()
        text = " ".join(answer.inner_text().split())
        # Labelled in front, and no [n] after it: nothing to click, no card.
        flagged = r"\(unverified\) The council voted 9 to 0 to scrap the toll altogether\.(?! ?\[)"
        assert re.search(flagged, text), text
        assert answer.locator(".bb-cite").count() == 2  # the two supported sentences
        cards = page.locator(".bb-source").all_inner_texts()
        assert cards and not any("9 to 0" in c for c in cards)  # nothing cites it
        name = "desktop" if size[0] > 500 else "phone"
        page.screenshot(path=str(SHOTS / f"flagged-{name}.png"), full_page=True)
        browser.close()
