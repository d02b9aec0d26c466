"""Page furniture never reaches a briefing, and positions belong to actors a reader can place."""

from __future__ import annotations

import pytest

from bot.briefing.actors import bare_first_name
from bot.briefing.boilerplate import is_boilerplate, leading_prompt
from bot.briefing.material import sentence_candidates
from bot.briefing.salience import headline

FURNITURE = [
    "Nobody expected the vote to pass tonight pic.twitter.com/Ab12Cd34Ef",
    "— Maria Lopez (@marialopez_news) November 3, 2023",
    "READ MORE: Why the harbour talks collapsed last winter",
    "Credit: Getty",
    "The mayor at the opening of the bridge (Photo by Sam Reed/Getty Images)",
    "Sign up for our morning newsletter to get the headlines first.",
    "Advertisement",
    "Share this article on Facebook and tell your friends what you think.",
    "Click here to watch the full interview with the coach.",
    "Stormy arrival: The ferry docks in heavy rain at the northern pier on Tuesday",
    "Follow us on Instagram for more pictures from the festival.",
    "A witness answers questions at the harbour inquiry, May 4, 2024, in this courtroom sketch.",
    "The new ferry leaves Port Anselm in this file photo taken in 2019.",
]
NEWS = [
    "The council voted 7-2 on Tuesday to close the harbour road for repairs.",
    "He told the court: 'I did not see the car until it was too late.'",
    "Talks between the two unions will resume next week, a spokesman said.",
    "The company said profits rose 12 per cent to £4.2 million in the quarter.",
    "Ms Okafor wrote: 'We have asked the ministry for the data three times.'",
    "The council released a photo of the damaged pier on Monday.",
]


@pytest.mark.parametrize("sentence", FURNITURE)
def test_page_furniture_is_recognised(sentence):
    assert is_boilerplate(sentence)


@pytest.mark.parametrize("sentence", NEWS)
def test_news_sentences_are_kept(sentence):
    assert not is_boilerplate(sentence)


def test_candidates_leave_furniture_out_and_cut_a_glued_prompt():
    text = (
        "Scroll down for video The harbour road will close for six weeks from Monday.\n"
        "READ MORE: Ferry fares rise again this spring\n"
        "Council leader Ana Ruiz said the repairs could not wait any longer.\n"
        "Wet start: Workers set up barriers along the quay in the rain"
    )
    cands = sentence_candidates("d1", text, {}, 0)
    shown = [c.text for c in cands]
    assert shown == [
        "The harbour road will close for six weeks from Monday.",
        "Council leader Ana Ruiz said the repairs could not wait any longer.",
    ]
    assert all(text[c.start : c.end] == c.text for c in cands)  # still exact, citable spans
    assert leading_prompt("Scroll down for video The road closes.") == len("Scroll down for video ")


def test_a_bare_first_name_is_not_an_actor_but_a_full_name_or_organisation_is():
    # Real spaCy pipeline (the quote index's own) tells the group from the person.
    jason = "Jason said the season had been long. 'We are tired,' Jason said on Sunday."
    kelce = "Travis Kelce spoke after the game. Kelce said the crowd had been loud all night."
    hamas = "Hamas said the talks had stalled. The group said it would answer by Friday."
    assert bare_first_name("Jason", "named", jason)
    assert not bare_first_name("Kelce", "named", kelce)
    assert not bare_first_name("Hamas", "named", hamas)
    assert not bare_first_name("NATO", "named", "NATO said the drills would go ahead.")
    assert not bare_first_name("Ana Ruiz", "named", "Ana Ruiz said it would.")


def test_headline_comes_from_the_title_else_the_link():
    assert headline({"title": "Bridge to close", "url": "https://x.example/a-b-c"}) == (
        "Bridge to close"
    )
    url = "https://news.example/2024/05/01/harbour-road-to-close-for-repairs/index.html"
    assert headline({"url": url}) == "harbour road to close for repairs"
    assert headline({"url": "https://news.example/article-123.html"}) == ""


def test_a_title_that_only_opens_the_text_is_no_headline():
    # Ingest titles an untitled article with its first words; that repeats the lead
    # sentence, so the link's words are the headline instead (or none at all).
    text = "The harbour road will shut for six weeks from Monday while the seawall is rebuilt."
    made_up = "The harbour road will shut for six weeks from Monday while…"
    url = "https://news.example/2024/05/01/seawall-repairs-close-harbour-road/index.html"
    assert headline({"title": made_up, "url": url}, text) == "seawall repairs close harbour road"
    assert headline({"title": made_up}, text) == ""
    assert headline({"title": "Seawall works", "url": url}, text) == "Seawall works"
