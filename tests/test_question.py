"""A question is understood once per request, and that understanding is what every layer uses."""

from __future__ import annotations

import pytest
from conftest import ROOT

import bot.question.understanding as understanding
from bot.config import Settings
from bot.question import Outlets, understand
from bot.service import BriefBot

EXAMPLES = ROOT / "examples" / "articles"


@pytest.fixture(scope="module")
def sample_bot(tmp_path_factory, minilm):
    """The real service over the sample articles in an embedded Chroma store."""
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    store = Store(path=tmp_path_factory.mktemp("sample-store"), embedder_name=minilm.name)
    report = ingest_paths(store, minilm, [EXAMPLES])
    assert not report.failures
    return BriefBot(Settings(answerer="extractive"), store=store, embedder=minilm)


@pytest.fixture
def parses(monkeypatch):
    """Counts how often any layer reads a question's raw text."""
    calls: list[str] = []
    original = understanding.parse_question

    def counting(text: str, *rest):
        calls.append(text)
        return original(text, *rest)

    monkeypatch.setattr(understanding, "parse_question", counting)
    return calls


def test_one_request_reads_the_question_once(sample_bot, parses):
    answer = sample_bot.ask("What did Petra Ilvane say about the accord?")
    assert not answer.abstained and answer.citations
    assert len(parses) == 1


def test_a_follow_up_is_rewritten_then_read_once(sample_bot, parses):
    history = [("What did Petra Ilvane say about the accord?", "...")]
    answer = sample_bot.ask("and when does it take effect?", history=history)
    assert len(parses) == 1
    assert "accord" in parses[0].lower()  # the standalone rewrite is what was read
    assert answer.question == "and when does it take effect?"
    assert "Read as:" in answer.note


def test_the_question_carries_what_retrieval_and_answering_need():
    stored = Outlets(("Harbour Gazette", "The Independent - Sports"))
    q = understand(
        "Who did the Harbour Gazette quote on 2025-10-14 about the Lindqvist Accord?", stored
    )
    assert q.named_sources == ("Harbour Gazette",)
    assert q.days and "name" in q.wants
    assert "harbour gazette" in q.outlets and not q.unknown_outlets
    other = understand("What did a Bloomberg article say about the accord?", stored)
    assert other.unknown_outlets == ["bloomberg"]
    assert understand("how many people were moved?").wants == frozenset({"number"})


STORED = Outlets(("Harbour Gazette", "TechCrunch"))
# What the stored articles talk about (their words): a ministry, a country, a newswire
# they quote.
ARTICLE_WORDS = {"ministry", "thailand", "cambodia", "bloomberg", "accord", "ceasefire"}


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("did reuters report on the ceasefire", ["reuters"]),
        ("cnn's coverage of the accord", ["cnn"]),
        ("summarize reuters' coverage of the ceasefire", ["reuters"]),
        ("according to politico, what did thailand ask for?", ["politico"]),
        ("what was in the financial times about the accord", ["financial times"]),
        ("what did the bangkok post write about the ceasefire", ["bangkok post"]),
    ],
)
def test_an_outlet_typed_in_lower_case_is_one_the_store_lacks(question, missing):
    q = understand(question, STORED, vocabulary=ARTICLE_WORDS)
    assert q.unknown_outlets == missing


@pytest.mark.parametrize(
    "question",
    [
        "did thailand report casualties",
        "what did the ministry report about the ceasefire",
        "did the ministry report on the shelling",
        "how many died according to cambodia?",
        "did bloomberg report on the accord",  # a source the articles quote
        "did the farmers write about the accord",
    ],
)
def test_people_and_places_the_articles_name_are_not_outlets(question):
    q = understand(question, STORED, vocabulary=ARTICLE_WORDS)
    assert not q.unknown_outlets and not q.outlets


@pytest.mark.parametrize(
    ("question", "named"),
    [
        # Someone the articles write about, after "according to", is not a publication.
        ("According to Imogen Achterberg, which fund took the deposits?", []),
        # "X and the article": the article has no name before it.
        (
            "Did the article from TechCrunch on Halvard Shipping Inc. and the article "
            "from the Harbour Gazette both report losses?",
            ["techcrunch", "harbour gazette"],
        ),
        # One possessive before one article belongs to the last name.
        (
            "Between TechCrunch's report on the ferry strike in Norway and The Verge's article "
            "on the pay deal, which came first?",
            ["techcrunch", "verge"],
        ),
        # "report" as a verb, its subject an article about someone.
        ("Did the TechCrunch article about Halvard report a loss?", ["techcrunch"]),
        # An outlet as the subject of "report" still counts.
        (
            "Did Fortune report a larger fall than the Harbour Gazette article?",
            ["fortune", "harbour gazette"],
        ),
        # Outlet names in quotes.
        (
            "Does the 'Harbour Gazette' article agree with the report by 'The Clarion'?",
            ["harbour gazette", "clarion"],
        ),
    ],
)
def test_names_in_a_question_are_read_as_outlets_only_where_they_name_one(question, named):
    q = understand(question, STORED, vocabulary={"imogen", "achterberg", "halvard", "norway"})
    assert q.outlets == named
    assert q.unknown_outlets == [n for n in named if n in {"fortune", "clarion", "verge"}]


def test_a_stored_outlet_typed_in_lower_case_is_looked_in():
    q = understand("what did techcrunch write about the accord", STORED, vocabulary=set())
    assert q.named_sources == ("TechCrunch",) and not q.unknown_outlets
    assert not q.asks_speaker or q.outlets  # an outlet, not someone quoted


def test_explain_asks_about_the_thing_not_the_manner():
    q = understand("explain quantum dots in plain english")
    assert q.topic == "quantum dots" and "summary" in q.wants
    why = understand("explain why the ceasefire might not hold")
    assert "summary" not in why.wants and why.topic.startswith("why")


def test_asking_what_comes_next_is_told_from_asking_about_next_week():
    for asked in (
        "what are the next steps on the accord?",
        "what's next for the talks",
        "what should we watch for on the ceasefire",
        "anything upcoming on the border talks?",
        "what happens next with thailand and cambodia",
        "what is planned for the joint commission",
    ):
        assert "next" in understand(asked).wants, asked
    for asked in ("will they meet next week?", "who spoke next at the meeting?", "what did he say"):
        assert "next" not in understand(asked).wants, asked


def test_the_reranker_reads_a_stored_outlet_as_the_publisher_not_as_a_word_of_the_text():
    q = understand("what did techcrunch write about the accord", STORED, vocabulary=set())
    assert q.reading == "what did they write about the accord"
    q = understand("What did the Harbour Gazette article say about the levy?", STORED)
    assert q.reading == "What did the article say about the levy?"
    missing = understand("did reuters report on the accord", STORED, vocabulary=ARTICLE_WORDS)
    assert missing.reading == missing.text  # an outlet the store lacks is left as asked
