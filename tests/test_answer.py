"""Sentence selection, context, speakers, duplicates and abstention on hand-written passages."""

from __future__ import annotations

from bot.answering.extractive import answer_extractive
from bot.models import Passage
from bot.question import Outlets, understand
from bot.question.parse import find_outlets, find_speaker

# Hand-written articles (not taken from any data set).
HARBOUR = (
    "Port officials met on Tuesday to discuss the harbour expansion.\n\n"
    "The Lindqvist Accord was signed in March by the two port authorities.\n\n"
    "Mayor Ortega said that this accord was negotiated far too quickly.\n\n"
    "Dock workers held a rally outside city hall on Wednesday.\n\n"
    "Union leader Farah Nkemelu spoke to the crowd about wages.\n\n"
    'She said: "We will not accept another pay freeze this year."\n\n'
    "The weather stayed dry for most of the week."
)
DUPLICATE = HARBOUR.replace(
    "The weather stayed dry for most of the week.", "Rain is due on Friday."
)


class FakeStore:
    """Just enough of Store for the answerer: article text by id."""

    def __init__(self, articles: dict[str, str]) -> None:
        self.texts = articles

    def get_articles(self, doc_ids):
        from ingest.store import StoredArticle

        return {d: StoredArticle(d, {}, self.texts[d]) for d in doc_ids if d in self.texts}


def passage_of(
    doc_id: str,
    text: str,
    first: str,
    last: str,
    rank: int = 0,
    duplicates: list[str] | None = None,
) -> Passage:
    """A passage of `text` from the sentence starting `first` to the end of `last`."""
    start = text.index(first)
    end = text.index(last) + len(last)
    return Passage(
        doc_id=doc_id,
        start=start,
        end=end,
        text=text[start:end],
        score=1.0 / (1 + rank),
        title=f"Harbour story {doc_id}",
        source="Harbour Gazette",
        published_at="2024-03-05T00:00:00+00:00",
        duplicates=duplicates or [],
    )


def assert_exact(answer, texts: dict[str, str]) -> None:
    """Every citation's quote is exactly the article text at its span, and cited in the answer."""
    for c in answer.citations:
        assert texts[c.doc_id][c.start : c.end] == c.quote
        assert c.quote in c.passage
        assert f"[{c.n}]" in answer.answer
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))


def test_this_accord_brings_the_sentence_that_names_it():
    texts = {"h": HARBOUR}
    p = passage_of("h", HARBOUR, "Mayor Ortega said", 'pay freeze this year."')
    answer = answer_extractive(
        "What did Mayor Ortega say about the Lindqvist Accord?", [p], FakeStore(texts)
    )
    assert not answer.abstained
    first = answer.citations[0]
    # The passage starts at the Ortega sentence; the context comes from the stored article.
    assert first.quote.startswith("The Lindqvist Accord was signed in March")
    assert first.quote.endswith("negotiated far too quickly.")
    assert "Ortega" in answer.answer.splitlines()[0]
    assert_exact(answer, texts)


def test_without_a_store_context_stays_inside_the_passage():
    p = passage_of("h", HARBOUR, "The Lindqvist Accord", "far too quickly.")
    answer = answer_extractive("What did Mayor Ortega say about the Lindqvist Accord?", [p])
    assert "far too quickly" in answer.citations[0].quote
    assert_exact(answer, {"h": HARBOUR})


def test_pronoun_continuation_counts_as_the_named_speaker():
    texts = {"h": HARBOUR}
    p = passage_of("h", HARBOUR, "Port officials", "most of the week.")
    answer = answer_extractive("What did Farah Nkemelu say?", [p], FakeStore(texts))
    quotes = [c.quote for c in answer.citations]
    assert any("another pay freeze" in q and "Farah Nkemelu" in q for q in quotes)
    assert_exact(answer, texts)


def test_speaker_sentences_beat_sentences_merely_mentioning_the_topic():
    text = (
        "Analysts expect the tariff on steel to rise next year.\n\n"
        "Minister Adeyemi warned that the steel tariff would hurt small builders.\n\n"
        "Steel tariff revenue reached a record in the last quarter."
    )
    p = passage_of("s", text, "Analysts", "last quarter.")
    answer = answer_extractive("What did Adeyemi say about the steel tariff?", [p])
    assert "Adeyemi warned" in answer.citations[0].quote


def test_near_duplicate_articles_and_repeated_paragraphs_are_quoted_once():
    repeated = HARBOUR + "\n\nMayor Ortega said that this accord was negotiated far too quickly."
    texts = {"a": repeated, "b": DUPLICATE}
    pa = passage_of("a", repeated, "The Lindqvist Accord", "negotiated far too quickly.", 0, ["b"])
    pb = passage_of("b", DUPLICATE, "The Lindqvist Accord", "far too quickly.", 1, ["a"])
    tail = repeated.rindex("Mayor Ortega")
    pc = Passage("a", tail, len(repeated), repeated[tail:], 0.5, duplicates=["b"])
    answer = answer_extractive(
        "What did Mayor Ortega say about the Lindqvist Accord?", [pa, pb, pc], FakeStore(texts)
    )
    hits = [c for c in answer.citations if "far too quickly" in c.quote]
    assert len(hits) == 1
    assert_exact(answer, texts)


def test_quotes_are_limited_and_numbered_in_order():
    texts = {"h": HARBOUR}
    p = passage_of("h", HARBOUR, "Port officials", "most of the week.")
    answer = answer_extractive(
        "What happened at the harbour, the rally and the accord?", [p], FakeStore(texts)
    )
    assert 1 <= len(answer.citations) <= 4
    assert_exact(answer, texts)


def test_abstains_when_nothing_matches():
    p = passage_of("h", HARBOUR, "Port officials", "most of the week.")
    answer = answer_extractive(
        "Which volcano erupted in Iceland last winter?", [p], FakeStore({"h": HARBOUR})
    )
    assert answer.abstained and not answer.citations
    assert answer.answer.startswith("The articles in the store don't cover")
    nothing = answer_extractive("What did Mayor Ortega say?", [])
    assert nothing.abstained and not nothing.citations


def test_abstains_when_the_question_names_an_outlet_the_store_lacks():
    p = passage_of("h", HARBOUR, "Port officials", "most of the week.")
    question = "What did a Bloomberg article say about the Lindqvist Accord?"
    stored = Outlets(("Harbour Gazette",))
    answer = answer_extractive(understand(question, stored), [p])
    assert answer.abstained and "Bloomberg" in answer.answer
    kept = answer_extractive(
        understand("What did a Harbour Gazette article say about the Lindqvist Accord?", stored),
        [p],
    )
    assert not kept.abstained


def test_a_question_needing_one_stored_and_one_absent_outlet_is_declined_with_what_is_there():
    p = passage_of("h", HARBOUR, "Port officials", "most of the week.")
    question = (
        "Did the Harbour Gazette article and the Bloomberg report agree on the Lindqvist Accord?"
    )
    answer = answer_extractive(understand(question, Outlets(("Harbour Gazette",))), [p])
    assert answer.abstained  # the question needs Bloomberg's report: not answerable as asked
    assert answer.answer.startswith("No stored article is from Bloomberg")
    assert answer.citations and "Lindqvist Accord" in answer.answer  # what the store has


def test_abstains_when_the_named_subject_is_absent():
    p = passage_of("h", HARBOUR, "Port officials", "most of the week.")
    answer = answer_extractive("What did Mayor Kowalczyk say about the Lindqvist Accord?", [p])
    assert answer.abstained
    assert "Kowalczyk" not in answer.answer and "Mayor" not in answer.answer  # says why, in general


def test_question_parsing():
    assert (
        find_speaker("What did Thai Foreign Minister Sihasak say about it?")
        == "Thai Foreign Minister Sihasak"
    )
    assert find_speaker("Who met the envoy?") == ""
    assert find_outlets(
        "According to a TechCrunch article, and a report by The Verge, who ...?"
    ) == ["techcrunch", "verge"]
    q = understand("What did Sihasak say about the October agreement?")
    assert q.speaker == ["sihasak"] and "october" in q.terms and "say" not in q.terms


def test_who_question_leads_with_the_name_the_quotes_agree_on():
    text = (
        "Harbour Gazette reporters followed the trial for weeks.\n\n"
        "Prosecutors said Imogen Achterberg moved customer deposits into a private fund.\n\n"
        "Achterberg denied that she moved customer deposits, her lawyer told the court.\n\n"
        "The court adjourned until Friday."
    )
    p = passage_of("t", text, "Harbour Gazette", "until Friday.")
    answer = answer_extractive(
        "Who is accused of moving customer deposits into a private fund?",
        [p],
        FakeStore({"t": text}),
    )
    lead = answer.answer.splitlines()[0]
    assert "Imogen Achterberg" in lead
    assert any("Imogen Achterberg" in c.quote for c in answer.citations)
    assert_exact(answer, {"t": text})


def test_a_word_describing_the_thing_asked_about_is_not_the_answer_to_who():
    text = (
        "Baltic harbour seals can learn to open feeding boxes, a new study finds.\n\n"
        "Baltic harbour seals were filmed at three haul-out sites over two winters.\n\n"
        "The study was led by Mirja Haavisto of the University of Turku.\n\n"
        "The seals learned faster when younger animals watched older ones."
    )
    p = passage_of("t", text, "Baltic", "older ones.")
    answer = answer_extractive("who led the harbour seals study?", [p], FakeStore({"t": text}))
    lead = answer.answer.splitlines()[0]
    assert "Baltic" not in lead
    assert any("Mirja Haavisto" in c.quote for c in answer.citations)


def test_a_heading_is_never_quoted_as_an_answer():
    text = (
        "Harbour levy note\n\n"
        "The council will vote on the harbour levy in May.\n\n"
        "What to watch\n\n"
        "Whether the port operators sue over the levy before the vote."
    )
    p = passage_of("t", text, "Harbour levy", "the vote.")
    answer = answer_extractive("what to watch on the harbour levy", [p], FakeStore({"t": text}))
    assert answer.citations and not any(c.quote == "What to watch" for c in answer.citations)
    assert not any(c.quote == "Harbour levy note" for c in answer.citations)
    assert_exact(answer, {"t": text})
