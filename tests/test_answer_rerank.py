"""The cross-encoder helps pick which sentences an answer quotes (bot/retrieval/rerank.py
sentence_bonus): a fake one for the rules, the real local model on a passage written here."""

from __future__ import annotations

from bot.answering.extractive import answer_extractive
from bot.models import Passage
from bot.retrieval.rerank import SENTENCE_MAX_WORDS, CrossEncoder
from tests.test_answer import FakeStore

# Written for this test.
FERRY = (
    "Ferry delays at Port Selby were discussed at Monday's harbour board meeting, where ferry "
    "delays at the port topped the agenda.\n\n"
    "The delays were caused by a broken loading ramp that engineers could not repair until "
    "Friday.\n\n"
    "Passengers were offered seats on a replacement bus service."
)
CAUSE = "The delays were caused by a broken loading ramp"


def _passage() -> Passage:
    return Passage("f", 0, len(FERRY), FERRY, 1.0, title="Ferries", source="Selby Post")


class FakeReranker:
    """Reads a sentence as answering when it holds `needle`; records what it was asked."""

    def __init__(self, needle: str) -> None:
        self.needle, self.calls = needle, []

    def score(self, question, passages):
        import numpy as np

        self.calls.append((question, list(passages)))
        return np.asarray([6.0 if self.needle in p else -6.0 for p in passages], dtype=np.float32)


def test_the_sentence_the_reranker_reads_as_the_answer_is_quoted_first():
    question = "what caused the ferry delays at port selby?"
    plain = answer_extractive(question, [_passage()], FakeStore({"f": FERRY}))
    ranked = answer_extractive(
        question, [_passage()], FakeStore({"f": FERRY}), reranker=FakeReranker("ramp")
    )
    assert not plain.citations[0].quote.startswith(CAUSE)  # word overlap alone prefers the other
    assert ranked.citations[0].quote.startswith(CAUSE)
    assert FERRY[ranked.citations[0].start : ranked.citations[0].end] == ranked.citations[0].quote


def test_a_long_question_is_answered_from_word_overlap_alone():
    question = (
        "What caused the ferry delays at Port Selby, and what did the harbour board decide "
        "about the loading ramp and the replacement bus service for the passengers?"
    )
    assert len(question.split()) > SENTENCE_MAX_WORDS
    fake = FakeReranker("ramp")
    answer = answer_extractive(question, [_passage()], FakeStore({"f": FERRY}), reranker=fake)
    assert fake.calls == [] and answer.citations


def test_the_local_cross_encoder_brings_the_cause_into_the_answer():
    question = "what caused the ferry delays at port selby?"
    plain = answer_extractive(question, [_passage()], FakeStore({"f": FERRY}))
    ranked = answer_extractive(
        question, [_passage()], FakeStore({"f": FERRY}), reranker=CrossEncoder()
    )
    assert not any(c.quote.startswith(CAUSE) for c in plain.citations)
    assert any(c.quote.startswith(CAUSE) for c in ranked.citations)
