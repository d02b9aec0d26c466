"""The cross-encoder helps pick which sentences an answer quotes (bot/retrieval/rerank.py
sentence_logits, bonus_of): a fake one for the rules, the real local model on a passage written here."""

from __future__ import annotations

from bot.answering.extractive import answer_extractive
from bot.models import Passage
from bot.retrieval.rerank import LONG_QUESTION_WORDS, CrossEncoder
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
    assert len(question.split()) > LONG_QUESTION_WORDS
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


def test_a_long_question_is_split_into_the_parts_that_ask_something():
    from bot.retrieval.rerank import question_parts

    question = (
        "Considering the harbour board's statement on the ferry delays, and a report in the "
        "Selby Post on the broken loading ramp, who is paying for the repairs?"
    )
    parts = question_parts(question)
    assert len(parts) == 3
    assert parts[0].startswith("Considering the harbour board")
    assert "broken loading ramp" in parts[1] and parts[2].startswith("who is paying")
    assert question_parts("what caused the ferry delays at port selby?") == [
        "what caused the ferry delays at port selby"
    ]


def test_a_long_question_is_ranked_by_the_part_a_passage_answers():
    from bot.retrieval.rerank import cross_order
    from bot.retrieval.retriever import RetrievalConfig

    question = (
        "Considering the harbour board's statement on the ferry delays at Port Selby, and a "
        "report in the Selby Post on the replacement buses, what caused the delays there?"
    )
    windows = ["Buses ran every hour.", "The board met on Monday.", "A ramp broke."]

    class PartReader:
        def score(self, q, passages):
            import numpy as np

            # Only the last part ("what caused the delays there") finds its answer.
            hit = q.startswith("what caused")
            return np.asarray([8.0 if hit and "ramp" in p else -4.0 for p in passages])

    order, _ = cross_order(PartReader(), question, windows, [1.0, 0.9, 0.8], RetrievalConfig())
    assert order[0] == 2  # the ramp passage, though retrieval put it last


class HeadlineReader:
    """Reads a text as answering when it holds `needle`; records what it read."""

    def __init__(self, needle: str) -> None:
        self.needle, self.read = needle, []

    def score(self, q, passages):
        import numpy as np

        self.read.extend(passages)
        return np.asarray([5.0 if self.needle in p else -5.0 for p in passages], np.float32)


def test_a_passage_whose_headline_answers_is_ranked_first_and_keeps_its_own_score():
    from bot.retrieval.config import RetrievalConfig
    from bot.retrieval.rerank import cross_order

    # Written for this test: two articles' windows read alike; only one headline is on topic.
    question = "port selby ferry ramp repairs"
    windows = ["Engineers said the work would take a week.", "Engineers said it took days."]
    titles = ["Road closures in Hanley", "Port Selby ferry ramp repairs begin"]
    reader = HeadlineReader("ferry ramp")
    order, logits = cross_order(reader, question, windows, [1.0, 0.95], RetrievalConfig(), titles)
    assert order[0] == 1 and titles[1] in reader.read
    assert list(logits) == [-5.0, -5.0]  # what abstention reads: the passages alone
    off = RetrievalConfig(cross_title="off")
    order, _ = cross_order(
        HeadlineReader("ferry ramp"), question, windows, [1.0, 0.95], off, titles
    )
    assert order[0] == 0  # without headlines, retrieval's order stands


def test_a_passage_without_a_headline_is_not_held_back_for_it():
    from bot.retrieval.config import RetrievalConfig
    from bot.retrieval.rerank import cross_order

    # Both windows answer; retrieval put the second first; only its headline is off topic.
    windows = ["The ferry ramp broke on Monday.", "The ferry ramp was repaired."]
    order, _ = cross_order(
        HeadlineReader("ferry ramp"),
        "ferry ramp",
        windows,
        [0.9, 1.0],
        RetrievalConfig(),
        ["", "Harbour news"],
    )
    assert order[0] == 0


def test_a_long_question_is_not_read_against_headlines():
    from bot.retrieval.config import RetrievalConfig
    from bot.retrieval.rerank import cross_order

    question = (
        "Considering the harbour board's statement on the ferry delays at Port Selby, and a "
        "report in the Selby Post on the replacement buses, what caused the delays there?"
    )
    reader = HeadlineReader("ramp")
    titles = ["Ramp repairs at Port Selby", "Buses"]
    cross_order(
        reader, question, ["A ramp broke.", "Buses ran."], [1.0, 0.9], RetrievalConfig(), titles
    )
    assert reader.read and not set(titles) & set(reader.read)
