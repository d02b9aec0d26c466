"""A summary request ("explain the drought risk", "tell me about the dredging") answers with
the brief's points closest to what was asked, not just the article's lead."""

from __future__ import annotations

import numpy as np

from bot.briefing.summary import summary_answer
from bot.models import Briefing, BriefItem, Citation


class WordsEmbedder:
    """Bag-of-words vectors: enough to tell which point is about which topic."""

    vocab = ["drought", "reservoir", "dry", "ferry", "fares", "timetable", "minister"]

    def _vec(self, text: str) -> list[float]:
        low = text.lower()
        return list(np.array([low.count(w) for w in self.vocab], dtype=float) + 1e-3)

    def embed_documents(self, texts):
        return [self._vec(t) for t in texts]

    def embed_query(self, text):
        return self._vec(text)


def cite(n: int, quote: str) -> Citation:
    return Citation(n, quote, quote, "d1", "Basin note", "Wire", "", "2025-03-18", 0, len(quote), 0)


def brief() -> Briefing:
    texts = [
        "The ferry timetable changes in May.",
        "Ferry fares rise by a tenth.",
        "The reservoir fell below half in a dry year.",
        "The minister said the drought plan is ready.",
    ]
    items = [BriefItem(t, [n]) for n, t in enumerate(texts, start=1)]
    return Briefing(
        title="Basin",
        topic="basin",
        date_from="",
        date_to="",
        bottom_line=items[:2],
        timeline=[items[2]],
        positions=[items[3]],
        watch=[],
        citations=[cite(n, t) for n, t in enumerate(texts, start=1)],
        sources=[],
    )


def test_the_points_closest_to_the_topic_come_first():
    answer = summary_answer(
        "explain the drought risk", brief(), "drought risk reservoir", WordsEmbedder()
    )
    first_two = [c.quote for c in answer.citations[:2]]
    assert any("reservoir" in q for q in first_two) and any("drought" in q for q in first_two)
    assert answer.answer.splitlines()[1].endswith("[1]")  # renumbered from 1


def test_without_an_embedder_the_bottom_line_leads():
    answer = summary_answer("summarize the basin note", brief())
    assert answer.citations[0].quote == "The ferry timetable changes in May."


class Store:
    """The article behind the brief: it introduces the thing the brief's points only use."""

    TEXT = (
        "The ferry timetable changes in May. The council built a device called the TideGate. "
        "This steel barrier closes when the sea rises. Ferry fares rise by a tenth."
    )

    def get_articles(self, ids):
        from ingest.store import StoredArticle

        return {d: StoredArticle(d, {}, self.TEXT) for d in ids}


def test_an_explain_request_leads_with_what_the_thing_is():
    answer = summary_answer("explain the tidegate", brief(), "the tidegate", None, Store())
    first = answer.citations[0]
    assert first.quote.startswith("The council built a device called the TideGate.")
    assert "This steel barrier closes when the sea rises." in first.quote
    assert Store.TEXT[first.start : first.end] == first.quote
    assert answer.answer.splitlines()[1].endswith("[1]")


def test_an_overview_of_what_happened_keeps_the_brief_s_points():
    answer = summary_answer(
        "explain what happened", brief(), "what happened with the tidegate", None, Store()
    )
    assert answer.citations[0].quote == "The ferry timetable changes in May."


def test_a_summary_of_an_outlet_the_store_lacks_says_so_and_offers_what_is_there():
    from bot.briefing.summary import for_question
    from bot.question import understand

    q = understand("summarize the Bloomberg article on the basin")
    q.unknown_outlets = ["bloomberg"]
    answer = for_question(summary_answer(q.original, brief()), q)
    lead = answer.answer.splitlines()[0]
    assert lead.startswith("No stored article is from Bloomberg") and answer.abstained
    assert answer.citations and answer.answer.splitlines()[1].endswith("[1]")
    plain = understand("summarize the basin note")
    kept = for_question(summary_answer(plain.original, brief()), plain)
    assert kept.answer.startswith("In brief") and not kept.abstained


def test_a_quoted_point_says_whose_words_they_are():
    from dataclasses import replace

    b = brief()
    b.positions = [replace(b.positions[0], speaker="Ines Dahl", role="chief engineer")]
    answer = summary_answer("tell me about the drought", b, "drought minister", WordsEmbedder())
    line = next(x for x in answer.answer.splitlines() if "drought plan" in x)
    assert line.startswith("- Ines Dahl (chief engineer): The minister said")
