"""Answers from the quote index: "what did X say (about Y)" lists X's own quotes, found by
name, surname, role, abbreviation or a misspelling; "when" answers lead with the resolved date.

Real parts: embedded Chroma, the real MiniLM embedder, spaCy and the SQLite quote index, over
an article written for these tests (tests/fixtures/people/harbour-dredging.md).
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from bot.config import Settings
from bot.question import understand
from bot.question.parse import find_speaker, speaker_subject
from bot.service import BriefBot

PEOPLE = ROOT / "tests" / "fixtures" / "people"


@pytest.fixture(scope="module")
def harbour_bot(tmp_path_factory, minilm):
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    folder = tmp_path_factory.mktemp("harbour")
    store = Store(path=folder / "store", embedder_name=minilm.name)
    assert not ingest_paths(store, minilm, [PEOPLE / "harbour-dredging.md"]).failures
    bot = BriefBot(Settings(store=folder / "store", answerer="extractive"), store, minilm)
    bot.index_quotes()
    return bot


def text_of(bot: BriefBot, doc_id: str) -> str:
    article = bot.store.get_article(doc_id)
    assert article is not None
    return article.text


@pytest.mark.parametrize(
    ("question", "speaker", "subject"),
    [
        ("what did brek say about the dredging?", "brek", "dredging"),
        ("thai FM's view on the october deal?", "thai FM", "october deal"),
        ("what's the port authority's chief engineer's take on the timetable", None, "timetable"),
        ("waht did the harbour minister say", "harbour minister", ""),
        ("what are the fishers saying about it?", "fishers", ""),
        ("Tell me about the dredging plan", "", ""),
        ("what is the channel depth", "", ""),
    ],
)
def test_the_speaker_and_subject_are_read_as_people_type_them(question, speaker, subject):
    name = find_speaker(question)
    if speaker is not None:
        assert name == speaker
    else:
        assert "chief engineer" in name
    assert speaker_subject(question, name) == subject


def test_what_a_person_said_comes_from_their_own_quotes_on_topic_first(harbour_bot):
    answer = harbour_bot.ask("what did brek say about the mussel beds?")
    assert not answer.abstained
    assert answer.answer.startswith("What the articles quote Tomasz Brek as saying")
    assert "mussel beds" in answer.citations[0].quote
    assert all("Varga" not in c.quote and "Kellen" not in c.quote for c in answer.citations)
    for c in answer.citations:
        assert text_of(harbour_bot, c.doc_id)[c.start : c.end] == c.quote


@pytest.mark.parametrize(
    "question",
    [
        "what did the harbor ministr say about the channel",  # role, two misspellings
        "Ilse Varga's comments on the dredging plan?",  # full name, possessive
        "what did varga say",  # surname only
    ],
)
def test_a_speaker_is_found_by_role_surname_or_a_misspelling(harbour_bot, question):
    answer = harbour_bot.ask(question)
    assert not answer.abstained
    assert "Ilse Varga" in answer.answer.splitlines()[0]
    assert any("deeper channel" in c.quote for c in answer.citations)


def test_a_subject_the_speaker_never_spoke_on_is_said_and_not_passed_off(harbour_bot):
    answer = harbour_bot.ask("what did kellen say about the fishing quotas?")
    assert answer.abstained
    assert (
        "don't quote Amara Kellen (port authority's chief engineer) on the fishing quotas"
        in answer.answer
    )
    assert [c.quote for c in answer.citations] == [
        "The port authority's chief engineer, Amara Kellen, said dredging would take about "
        "18 months."
    ]


def test_an_unknown_speaker_falls_back_to_the_articles(harbour_bot):
    answer = harbour_bot.ask("what did the mayor of Port Anselm say?")
    assert answer.abstained
    assert answer.answer == "The stored articles don't quote the mayor of Port Anselm."


def test_a_when_question_leads_with_the_resolved_date(harbour_bot):
    answer = harbour_bot.ask("when will both sides meet again?")
    first = answer.answer.splitlines()[0]
    assert first.startswith("The articles date this to 12 March 2026 (planned")
    n = int(first.rsplit("[", 1)[1].split("]")[0])
    assert "next Thursday (March 12)" in answer.citations[n - 1].quote


def test_a_question_that_is_not_about_a_speaker_is_unchanged(harbour_bot):
    q = understand("how long will the dredging take")
    assert not q.asks_speaker
    answer = harbour_bot.ask("how long will the dredging take")
    assert "What the articles quote" not in answer.answer
    assert any("18 months" in c.quote for c in answer.citations)


def test_a_role_word_alone_does_not_stand_for_the_person():
    from bot.attribution.answers import _asks_for

    assert not _asks_for("streamz", "Dana Holt", "Streamz star")  # the platform, not its star
    assert _asks_for("thai foreign minister", "Sihasak", "Thai Foreign Minister")
    assert _asks_for("thai", "Sihasak", "Thai Foreign Minister")  # a country's officials
    assert _asks_for("chief hydrologist", "Lenart Vosk", "chief hydrologist of the authority")


@pytest.mark.parametrize(
    ("question", "speaker", "subject", "when"),
    [
        ("what did dana holt say when she testified", "dana holt", "she testified", False),
        ("what is the port going to ask for at the march meeting", "port", "march meeting", False),
        ("and when does the work start?", "", "", True),
        ("by when? what does the briefing note say )", "briefing note", "", True),
    ],
)
def test_when_and_the_subject_are_read_from_the_question_words(question, speaker, subject, when):
    q = understand(question)
    assert (q.speaker_name, q.speaker_topic, "when" in q.wants) == (speaker, subject, when)


def test_an_outlet_filter_applies_to_quote_answers_too(harbour_bot):
    from bot.models import Filters

    kept = harbour_bot.ask("what did brek say?", filters=Filters.parse(source="Coastline Wire"))
    assert kept.answer.startswith("What the articles quote Tomasz Brek")
    other = harbour_bot.ask("what did brek say?", filters=Filters.parse(source="Harbour Post"))
    assert not other.citations


def test_a_body_is_named_as_prose_names_it():
    from bot.answering.quoted import _named

    assert _named("Cambodian Ministry of Interior") == "the Cambodian Ministry of Interior"
    assert _named("Ilse Varga (Harbour Minister)") == "Ilse Varga (Harbour Minister)"
