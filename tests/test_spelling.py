"""Misspelt question words are mended against the store's own words, then English
(bot/retrieval/spelling.py); names and abbreviations stay as typed."""

from __future__ import annotations

import pytest

from bot.retrieval.spelling import Speller

# Words a store about a (made-up) river accord would hold, with passage counts.
STORE_WORDS = {"accord": 12.0, "tessara": 9.0, "esk": 3.0, "flow": 7.0, "minimum": 4.0}


@pytest.mark.parametrize(
    ("typed", "mended"),
    [
        (
            "whats the minimun flow in the tessara acord",
            "whats the minimum flow in the tessara accord",
        ),
        ("what did teh analysts conclude", "what did the analysts conclude"),
        ("hwo many soldiers were killed?", "how many soldiers were killed?"),
        ("what should owners do abuot it", "what should owners do about it"),
        ("Waht did the foriegn minister say", "What did the foreign minister say"),
    ],
)
def test_common_misspellings_are_mended(typed, mended):
    assert Speller(STORE_WORDS).mend(typed) == mended


def test_a_word_the_articles_use_wins_over_a_commoner_english_one():
    # English alone reads "acord" as "cord"; this store is about an accord.
    assert Speller(STORE_WORDS).mend("acord") == "accord"
    assert Speller({}).mend("acord") != "accord"


@pytest.mark.parametrize(
    "typed",
    [
        "how salty did the water get at esk",  # a place the articles name ("ask" in English)
        "what did the thai FM say",  # an abbreviation in capitals
        "who's the BofA economist",  # a name typed with inner capitals
        "who leads Quorvath Industries",  # a name nothing is one edit away from
        "what happened in 2023",
    ],
)
def test_names_abbreviations_and_known_words_stay_as_typed(typed):
    assert Speller(STORE_WORDS).mend(typed) == typed


def test_a_real_store_mends_a_question_before_it_is_read(tmp_path, minilm):
    from bot.config import Settings
    from bot.service import BriefBot
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    article = tmp_path / "accord.md"
    article.write_text(
        "# Tessara accord sets a river flow\n\n"
        "Ministers from the three basin states signed the Tessara accord on Tuesday in the "
        "capital, after two years of talks over the river's water.\n\n"
        "The accord sets a minimum flow of 180 cubic metres per second for the river in the "
        "dry season, measured at the border gauge.\n\n"
        "Farmers in the delta welcomed the deal, but said the figure should be reviewed "
        "after the first dry season.\n",
        encoding="utf-8",
    )
    store = Store(path=tmp_path / "store", embedder_name=minilm.name)
    assert not ingest_paths(store, minilm, [article]).failures
    bot = BriefBot(Settings(answerer="extractive", store=tmp_path / "store"), store, minilm)
    q = bot.understand("whats the minimun flow in the tesara acord")
    assert "minimum" in q.text and "accord" in q.text and "tessara" in q.text.lower()
    assert q.original == "whats the minimun flow in the tesara acord"  # shown as typed
    answer = bot.ask("whats the minimun flow in the tesara acord")
    assert not answer.abstained, answer.answer
    assert "180 cubic metres" in answer.citations[0].quote


def test_a_word_with_two_readings_the_articles_both_use_stays_as_typed():
    # "ministr": minister or ministry? The articles use both about as often.
    both = {"minister": 5.0, "ministry": 6.0, "harbour": 4.0}
    assert Speller(both).mend("what did the harbour ministr say") == (
        "what did the harbour ministr say"
    )
    assert Speller({"minister": 30.0, "ministry": 2.0}).mend("ministr") == "minister"


def test_a_capitalised_name_inside_a_question_is_never_mended():
    # Only a capital at the start of the question may be a typo'd ordinary word.
    assert Speller(STORE_WORDS).mend("Did the Tesara Times report on it") == (
        "Did the Tesara Times report on it"
    )
    assert (
        Speller(STORE_WORDS).mend("did the tesara times report on it").startswith("did the tessara")
    )


@pytest.mark.parametrize("typed", ["summarise the talks", "the harbour defence plan", "centre"])
def test_british_spellings_are_words(typed):
    assert Speller({}).mend(typed) == typed


def test_a_british_spelling_takes_the_articles_american_one():
    speller = Speller({"armor": 3.0, "harbor": 2.0})
    assert speller.mend("explain the pumpkin armour") == "explain the pumpkin armor"
    assert speller.mend("Harbour fees") == "Harbor fees"
    assert speller.mend("the defence plan") == "the defence plan"  # not in the articles either way


def test_a_contraction_typed_without_its_apostrophe_is_left_as_typed():
    assert Speller({"accord": 3.0}).mend("what if theres a dispute under the acord") == (
        "what if theres a dispute under the accord"
    )
