"""Questions typed the quick way, over an article written for these tests
(tests/fixtures/typed/stadium-vote.md): shorthand ("ppl", "cnn") is read, not "mended" into
other words; a thing no stored article mentions ("cricket") is declined even when the rest of
the question matches; and a person the article names but never quotes is said not to be
quoted, not answered with a sentence about them.

Real parts: embedded Chroma, the MiniLM embedder, the local re-ranker, spaCy and the SQLite
quote index.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from bot.config import Settings
from bot.service import BriefBot

ARTICLE = ROOT / "tests" / "fixtures" / "typed" / "stadium-vote.md"


@pytest.fixture(scope="module")
def bot(tmp_path_factory, minilm):
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    folder = tmp_path_factory.mktemp("typed")
    store = Store(path=folder / "store", embedder_name=minilm.name)
    assert not ingest_paths(store, minilm, [ARTICLE]).failures
    bot = BriefBot(Settings(store=folder / "store", answerer="extractive"), store, minilm)
    bot.index_quotes()
    return bot


def test_someone_named_but_never_quoted_is_said_not_to_be_quoted(bot):
    answer = bot.ask("what did dana pryor say about the losing run")
    assert answer.abstained and "don't quote" in answer.answer
    quoted = bot.ask("what did okafor say about the loan")
    assert not quoted.abstained
    assert any("twelve thousand people" in c.quote for c in quoted.citations)


def test_a_thing_no_article_mentions_is_declined_without_naming_it(bot):
    answer = bot.ask("how's the cricket season going for dunmore")
    assert answer.abstained and not answer.citations
    assert "cricket" not in answer.answer.lower()
    football = bot.ask("how's the football club's season going")
    assert not football.abstained and football.citations


def test_shorthand_is_read_as_what_it_stands_for(bot):
    crowd = bot.ask("how many ppl watched dunmore lose to carrow")
    assert not crowd.abstained and "11,400 people" in crowd.citations[0].quote
    outlet = bot.ask("did cnn cover the stadium vote")
    assert "CNN" in outlet.answer.splitlines()[0]  # "No stored article is from CNN, ..."


def test_the_word_class_tables_are_read_by_spacys_own_keys():
    from spacy.strings import hash_string

    from bot.question.wordclass import HASHES, verb_only

    assert HASHES == {pos: hash_string(pos) for pos in HASHES}
    assert verb_only("conclude") and verb_only("upheld")
    assert not verb_only("cricket") and not verb_only("wage")


def test_a_refusal_on_a_subject_that_is_a_clause_reads_as_english():
    from bot.answering.quoted import not_quoted
    from bot.question import understand

    q = understand("what does the club chairman think is wrong with the team")
    assert not_quoted(q).answer == (
        "The stored articles don't quote the club chairman on what is wrong with the team."
    )
