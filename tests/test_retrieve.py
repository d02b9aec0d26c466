"""Hybrid retrieval on the real corpus store (seed article + MultiHop-RAG, real MiniLM, real Chroma)."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.models import Filters
from bot.retrieval import Retriever
from ingest.dates import parse_user_date

pytestmark = pytest.mark.corpus

QUESTIONS = [
    "What did Sihasak say about the October agreement?",
    "Which company developed GPT-4 Turbo according to TechCrunch?",
    "What happened at the Sam Bankman-Fried trial according to The Verge?",
    "How did the Kansas City Chiefs play against the Packers?",
    "What did Fortune report about OpenAI's board firing Sam Altman?",
]


@pytest.fixture(scope="module")
def retriever(corpus_store, minilm):
    return Retriever(corpus_store, minilm)


def test_sihasak_question_finds_the_hasty_agreement_passage(retriever):
    passages = retriever.search("What did Sihasak say about the October agreement?", k=10)
    top = [p.text for p in passages[:3]]
    assert any("this agreement was reached too hastily" in t for t in top), top


def test_every_passage_is_an_exact_span_of_its_article_within_budget(retriever, corpus_store):
    for question in QUESTIONS:
        passages = retriever.search(question, k=10)
        assert len(passages) == 10
        for p in passages:
            article = corpus_store.get_article(p.doc_id)
            assert article is not None
            assert article.text[p.start : p.end] == p.text
            assert 0 < len(p.text) <= 1000
            assert p.chunk_id and p.title and p.score > 0
        scores = [p.score for p in passages]
        assert scores == sorted(scores, reverse=True)


def test_passages_carry_sentence_context_around_the_hit(retriever):
    # The chunk holding the quote is grown to whole neighbouring sentences.
    passage = retriever.search("What did Sihasak say about the October agreement?", k=3)[0]
    assert len(passage.text) > 600
    assert passage.text[0].isupper() or passage.text[0] in "\"'\u201c("


def test_no_article_takes_more_than_its_cap(retriever):
    cap = retriever.config.per_article
    for question in QUESTIONS:
        counts = Counter(p.doc_id for p in retriever.search(question, k=10))
        assert max(counts.values()) <= cap, counts


def test_source_filter_keeps_only_that_outlet(retriever):
    question = "What happened at the Sam Bankman-Fried trial?"
    unfiltered = {p.source for p in retriever.search(question, k=10)}
    assert unfiltered - {"TechCrunch"}, "the question should reach other outlets unfiltered"
    passages = retriever.search(question, k=10, filters=Filters(source="TechCrunch"))
    assert passages and {p.source for p in passages} == {"TechCrunch"}


def test_date_filters_exclude_articles_outside_the_window(retriever):
    question = "What happened at the Sam Bankman-Fried trial?"
    since, until = parse_user_date("2023-10-01"), parse_user_date("2023-10-10", end_of_day=True)
    passages = retriever.search(question, k=10, filters=Filters(since=since, until=until))
    assert passages
    for p in passages:
        assert "2023-10-01" <= p.published_at[:10] <= "2023-10-10", p.published_at
    later = retriever.search(question, k=10, filters=Filters(since=parse_user_date("2023-12-01")))
    assert all(p.published_at[:10] >= "2023-12-01" for p in later)


def test_filters_that_match_nothing_return_nothing(retriever):
    assert retriever.search("Bankman-Fried", k=10, filters=Filters(source="No Such Outlet")) == []


def test_named_outlet_in_the_question_pulls_its_articles_up(retriever):
    passages = retriever.search(
        "According to a TechCrunch article, what is the prevailing theory about the OpenAI board?",
        k=4,
    )
    assert "TechCrunch" in {p.source for p in passages}


def test_source_filter_ignores_case(retriever):
    passages = retriever.search("Bankman-Fried trial", k=5, filters=Filters(source="techcrunch"))
    assert passages and {p.source for p in passages} == {"TechCrunch"}


def test_source_filter_by_outlet_prefix_keeps_all_its_sections(retriever):
    passages = retriever.search("Taylor Swift", k=10, filters=Filters(source="The Independent"))
    assert passages and all(p.source.startswith("The Independent") for p in passages)
