"""Summary and what-comes-next requests in chat, over articles written for these tests:
a request naming one document ("the marrow bay levy note") summarises that document, its
own summary first; "what should we watch for" quotes what the documents flag as ahead, even
from a note whose text never names the topic; "tell me about the ... row" leads with the
sentence saying what happened, not the background."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.briefing.flagged import AHEAD_HEADS, SUMMARY_HEADS, flagged_spans, sections
from bot.briefing.named import named_document
from bot.config import Settings
from bot.service import BriefBot

DOCS = Path(__file__).parent / "fixtures" / "summary_docs"
NOTE = (DOCS / "marrow-levy-note.md").read_text()


@pytest.fixture(scope="module")
def bot(tmp_path_factory, minilm):
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    store = Store(path=tmp_path_factory.mktemp("summary-docs"), embedder_name=minilm.name)
    report = ingest_paths(store, minilm, [DOCS])
    assert not report.failures
    return BriefBot(Settings(answerer="extractive"), store=store, embedder=minilm)


def test_headed_sections_are_found_and_their_sentences_quoted():
    text = (
        "Summary\n\nIt rose by a tenth. It fell back later in the year.\n\nRisks\n\nA dry year would hurt.\n\n"
        "Next steps:\n\nA vote is due in May.\n"
    )
    assert [h for h, _, _ in sections(text)] == ["Summary", "Risks", "Next steps"]
    assert [text[s:e] for s, e in flagged_spans(text, SUMMARY_HEADS)] == [
        "It rose by a tenth.",
        "It fell back later in the year.",
    ]
    assert [text[s:e] for s, e in flagged_spans(text, AHEAD_HEADS)] == ["A vote is due in May."]


class Titles:
    """A store's article list: two notes on the levy, one on the loaf."""

    def __init__(self, titles):
        from ingest.store import StoredArticle

        self.rows = [StoredArticle(f"d{k}", {"title": t}) for k, t in enumerate(titles)]

    def list_articles(self):
        return self.rows


def test_a_request_names_a_document_only_by_all_its_title_words():
    store = Titles(["Policy note: the Marrow Bay levy", "Seld loaf row", "Marrow Bay harbour"])
    assert named_document("the marrow bay levy note", store) == "d0"
    assert named_document("the piece on the seld loaf", store) == "d1"
    assert named_document("the marrow bay levy", store) is None  # calls no document
    assert named_document("the marrow bay article", store) is None  # two fit as well
    assert named_document("the marrow bay note", store) == "d0"  # one of them is a note
    assert named_document("the ferry strike article", store) is None  # no title has them


def test_an_overview_of_a_named_note_summarises_that_note(bot):
    answer = bot.ask("give me an overview of the marrow bay levy note")
    assert not answer.abstained
    assert {c.title for c in answer.citations} == {
        "Policy note: what the Marrow Bay levy means for the island ferries"
    }
    top = " ".join(c.quote for c in answer.citations[:3])
    assert "close to 7.2 million crowns" in top


def test_what_to_watch_quotes_what_the_documents_flag_as_ahead(bot):
    answer = bot.ask("what should we watch for next on the marrow bay levy?")
    assert answer.answer.startswith("What comes next")
    quotes = [c.quote for c in answer.citations]
    flagged = [q for q in quotes[:3] if q in NOTE.split("## Next steps")[1]]
    assert len(flagged) == 3, quotes
    for c in answer.citations:
        text = bot.store.get_article(c.doc_id).text
        assert text[c.start : c.end] == c.quote


def test_tell_me_about_a_row_leads_with_what_happened(bot):
    answer = bot.ask("tell me about the seld loaf controversy")
    assert answer.citations[0].quote.startswith("Lindqvist Bakeries has been criticised")
    assert answer.answer.splitlines()[1].endswith("[1]")


def test_an_explain_request_still_leads_with_what_the_thing_is(bot):
    answer = bot.ask("explain the seld loaf")
    assert not answer.citations[0].quote.startswith("Lindqvist Bakeries")


def test_next_steps_with_no_topic_lists_what_the_articles_plan(bot):
    """Nothing but asking words: what the stored articles plan, each point cited exactly,
    instead of a refusal."""
    answer = bot.ask("what are the next steps?")
    assert not answer.abstained and answer.answer.startswith("What comes next")
    assert answer.citations
    for c in answer.citations:
        text = bot.store.get_article(c.doc_id).text
        assert text[c.start : c.end] == c.quote
