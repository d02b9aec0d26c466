"""The seed brief as staff read it: a bottom line, a timeline with the December 22 talks and
the planned December 24 meeting, each actor's words under the right actor, the meeting under
what to watch, and a selection (at most 40% of the article's sentences), not a re-print.

Through the service (`BriefBot.brief`): a real Chroma store, the quote index in a real SQLite
database beside it, and the JSON export `briefbot brief --format json` prints.
"""

from __future__ import annotations

import json

import pytest

from bot.models import BriefRequest
from tests.conftest import SEED
from tests.test_briefing import check_citations, sentences_used

TOPIC = "Thailand-Cambodia ceasefire talks"


@pytest.fixture(scope="module")
def seed_service(tmp_path_factory, minilm):
    from bot.config import Settings
    from bot.service import BriefBot
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    path = tmp_path_factory.mktemp("seed-brief")
    store = Store(path=path, embedder_name=minilm.name)
    assert not ingest_paths(store, minilm, [SEED]).failures
    bot = BriefBot(Settings(store=path, answerer="extractive"), store=store, embedder=minilm)
    report = bot.index_quotes()
    assert report.quotes > 10 and report.events > 3  # the brief reads the ingest-time index
    return bot


@pytest.fixture(scope="module")
def seed_brief(seed_service):
    return seed_service.brief(BriefRequest(topic=TOPIC))


def test_seed_brief_has_a_cited_bottom_line_of_at_most_three_sentences(seed_brief, seed_service):
    assert 1 <= len(seed_brief.bottom_line) <= 3
    check_citations(seed_service.store, seed_brief)
    assert seed_brief.date_from == "2025-12-23"  # from the dateline, not "undated"


def test_seed_timeline_has_the_talks_and_the_planned_meeting_oldest_first(seed_brief):
    entries = [(i.date, i.status, i.text) for i in seed_brief.timeline]
    assert [d for d, _, _ in entries] == sorted(d for d, _, _ in entries)
    assert any(d == "2025-12-22" and s == "past" and "talks" in t for d, s, t in entries)
    assert any(d == "2025-12-24" and s == "planned" and "meeting" in t for d, s, t in entries)


def test_seed_meeting_on_the_24th_is_under_what_to_watch(seed_brief):
    assert any(i.date == "2025-12-24" and i.status == "planned" for i in seed_brief.watch)


def test_seed_positions_are_attributed_to_the_actor_who_spoke(seed_brief, seed_service):
    """The Cambodian ministry's "We remain optimistic that the Thai side ..." is Cambodia's."""
    speakers = [i.speaker for i in seed_brief.positions]
    assert len(speakers) == len(set(speakers)) >= 3  # one entry per actor
    index = {
        (q["doc_id"], q["start"], q["end"]): q["speaker"] for q in seed_service.quotes(limit=None)
    }
    by_n = {c.n: c for c in seed_brief.citations}
    for item in seed_brief.positions:
        cited = by_n[item.refs[0]]
        assert index[(cited.doc_id, cited.start, cited.end)] == item.speaker
    optimistic = [i for i in seed_brief.items if "We remain optimistic" in i.text]
    assert optimistic and all("Cambodia" in i.speaker for i in optimistic)
    assert all(i.speaker != "Sihasak" or "Thai" in i.role for i in seed_brief.positions)


def test_seed_brief_selects_at_most_40_percent_of_the_sentences(seed_brief, seed_service):
    (source,) = seed_brief.sources
    used, total = sentences_used(seed_service.store, seed_brief, source.doc_id)
    assert used <= 0.4 * total
    shown = sum(len(i.text.split()) for i in seed_brief.items)
    assert shown <= BriefRequest().max_words


def test_json_export_has_the_documented_keys_and_exact_spans(seed_brief, seed_service):
    data = json.loads(seed_service.export(seed_brief, "json"))
    for key in ("bottom_line", "timeline", "positions", "watch", "differences", "sources"):
        assert isinstance(data[key], list)
    assert all(set(i) >= {"text", "cites"} for i in data["bottom_line"])
    assert all(set(i) >= {"date", "status"} for i in data["timeline"])
    assert all(i["speaker"] for i in data["positions"])
    for c in data["citations"]:
        text = seed_service.store.get_article(c["doc_id"]).text
        assert text[c["start"] : c["end"]] == c["quote"]
        assert {"n", "title", "source", "published_at"} <= set(c)


def test_asking_what_comes_next_answers_with_the_planned_meeting(seed_service):
    answer = seed_service.ask("what happens next with thailand and cambodia?")
    assert not answer.abstained
    assert answer.answer.startswith("What comes next")
    assert "Wednesday (24th)" in answer.citations[0].quote
    text = seed_service.store.get_article(answer.citations[0].doc_id).text
    first = answer.citations[0]
    assert text[first.start : first.end] == first.quote
