"""`brief(...)`: the sections (bottom line, timeline, positions, what to watch), citations,
on-topic selection, duplicates, the 40% share and empty results.

Stores are real (Chroma + the MiniLM embedder) built from the seed article and a few
short articles written for these tests.
"""

from __future__ import annotations

import json

import pytest

from bot.briefing.build import brief
from bot.briefing.quotes import split_role
from bot.briefing.select import norm_key
from bot.errors import NothingToBrief
from bot.models import BriefRequest, Filters
from ingest.dates import parse_user_date
from tests.conftest import SEED

STRIKE = (
    "Dock workers in the port of Valmere walked out on Monday, halting container traffic at "
    "the country's busiest harbour. The strike began after talks on a new wage contract "
    "collapsed late on Sunday night, and the union website displayed the banner "
    "<script>alert('strike')</script> for several hours. "
    'Union leader Maria Jansen said: "We will not return '
    'until the contract is signed and the night-shift bonus is restored."\n'
    "Port director Tomas Reuel told reporters that forty ships were waiting offshore and that "
    "perishable cargo would be diverted to smaller ports.\n"
    "Shipping companies warned that delays could spread to rail freight within a week. "
    "Mediators will meet both sides again on Thursday, and it remains unclear whether the "
    "government will intervene in the dispute."
)
ORCHARD = (
    "The Brenna Valley apple festival opened on Saturday with a record number of growers. "
    "Visitors tasted forty varieties of cider while a brass band played in the square. "
    "Organiser Lena Hart said the dry summer had produced small but unusually sweet fruit. "
    "The festival continues until next weekend, with a pie contest on Sunday afternoon."
)


def articles() -> list[dict]:
    return [
        {
            "title": "Valmere dock workers strike over wages",
            "source": "Harbour Times",
            "published_at": "2024-03-04T09:00:00Z",
            "url": "https://harbour.example/strike",
            "body": STRIKE,
        },
        {
            "title": "Dockers strike in Valmere",
            "source": "Wire Copy",
            "published_at": "2024-03-04T11:00:00Z",
            "url": "https://wire.example/strike",
            "body": STRIKE,
        },  # a syndicated copy: must count once
        {
            "title": "Apple festival opens in Brenna Valley",
            "source": "Valley Post",
            "published_at": "2024-03-05T08:00:00Z",
            "url": "https://valley.example/apples",
            "body": ORCHARD,
        },
    ]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory, minilm):
    """A real store: the seed article plus the three articles above."""
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    folder = tmp_path_factory.mktemp("brief-store")
    path = folder / "articles.json"
    path.write_text(json.dumps(articles()))
    store = Store(path=folder / "store", embedder_name=minilm.name)
    report = ingest_paths(store, minilm, [SEED, path])
    assert not report.failures
    return store


def doc_id(store, title_start: str) -> str:
    return next(a.doc_id for a in store.list_articles() if a.title.startswith(title_start))


def check_citations(store, briefing) -> None:
    """Every bullet cites; every [n] exists, quotes its article exactly and is used; no
    sentence is quoted twice; citations are numbered in reading order."""
    numbers = set(range(1, len(briefing.citations) + 1))
    first_use: list[int] = []
    for item in briefing.items:
        assert item.refs, f"bullet without a citation: {item.text}"
        assert set(item.refs) <= numbers
        first_use += [n for n in item.refs if n not in first_use]
    assert first_use == sorted(numbers)
    for c in briefing.citations:
        assert store.get_article(c.doc_id).text[c.start : c.end] == c.quote
        assert briefing.source_of(c).doc_id == c.doc_id
    keys = [norm_key(c.quote) for c in briefing.citations]
    assert len(keys) == len(set(keys)), "a sentence appears twice"
    spans = sorted((c.doc_id, c.start, c.end) for c in briefing.citations)
    for (d1, _, e1), (d2, s2, _) in zip(spans, spans[1:], strict=False):
        assert d1 != d2 or s2 >= e1, "one passage quoted twice (a quote inside a quoted sentence)"


def sentences_used(store, briefing, doc: str) -> tuple[int, int]:
    """(distinct sentences of article `doc` the briefing quotes from, distinct sentences)."""
    from ingest.chunking import sentence_spans

    text = store.get_article(doc).text
    spans = sentence_spans(text)
    used = {
        norm_key(text[a:b])
        for a, b in spans
        for c in briefing.citations
        if c.doc_id == doc and c.start < b and a < c.end
    }
    return len(used), len({norm_key(text[a:b]) for a, b in spans})


def test_seed_brief_has_every_section_and_exact_citations(small_store, minilm):
    seed = doc_id(small_store, "Thailand and Cambodia")
    briefing = brief(small_store, minilm, BriefRequest(doc_id=seed, max_words=500))
    assert 1 <= len(briefing.bottom_line) <= 3
    assert briefing.timeline and briefing.positions and briefing.watch
    assert [s.doc_id for s in briefing.sources] == [seed]
    check_citations(small_store, briefing)
    assert {i.speaker for i in briefing.positions} >= {"Sihasak", "Cambodian Ministry of Interior"}
    dates = [i.date for i in briefing.timeline]
    assert dates == sorted(dates) and all(
        i.status in {"past", "planned"} for i in briefing.timeline
    )
    assert briefing.date_from == "2025-12-23"  # read from the dateline "(Kuala Lumpur, 23rd)"


def test_a_large_budget_still_selects_rather_than_reprints(small_store, minilm):
    seed = doc_id(small_store, "Thailand and Cambodia")
    briefing = brief(small_store, minilm, BriefRequest(doc_id=seed, max_words=3000))
    texts = [norm_key(c.quote) for c in briefing.citations]
    assert len(texts) == len(set(texts))
    used, total = sentences_used(small_store, briefing, seed)
    assert 8 <= used <= 0.4 * total


def test_positions_name_speaker_and_role(small_store, minilm):
    strike = doc_id(small_store, "Valmere dock")
    briefing = brief(small_store, minilm, BriefRequest(doc_id=strike, max_words=1000))
    who = {i.speaker: i for i in briefing.positions}
    assert who["Tomas Reuel"].role == "Port director"
    assert len(who) == len(briefing.positions)  # one entry per actor
    # The union leader's demand is quoted once: as her position in her own words, or, when
    # it is among the most salient sentences, in the bottom line with her name in it.
    hers = [i for i in briefing.items if "We will not return" in i.text]
    assert len(hers) == 1
    if hers[0] in briefing.positions:
        assert who["Maria Jansen"].role == "Union leader"
        assert who["Maria Jansen"].text.startswith("\u201cWe will not return")
    else:
        assert hers[0] in briefing.bottom_line and "Maria Jansen" in hers[0].text


def test_topic_brief_cites_only_on_topic_articles_and_copies_once(small_store, minilm):
    briefing = brief(small_store, minilm, BriefRequest(topic="Valmere dock workers strike"))
    titles = {s.title for s in briefing.sources}
    assert len(briefing.sources) == 1
    assert titles <= {"Valmere dock workers strike over wages", "Dockers strike in Valmere"}
    (source,) = briefing.sources
    assert [c["source"] for c in source.also] == [
        ({"Harbour Times", "Wire Copy"} - {source.source}).pop()
    ]  # the syndicated copy is grouped under the source it copies
    check_citations(small_store, briefing)
    assert briefing.title == "Briefing: Valmere dock workers strike"
    assert briefing.date_from == "2024-03-04"
    assert any("Thursday" in i.text for i in briefing.watch)  # "Mediators will meet ... Thursday"


def test_source_filter_limits_the_material(small_store, minilm):
    briefing = brief(
        small_store, minilm, BriefRequest(filters=Filters(source="Valley Post"), max_words=200)
    )
    assert {s.source for s in briefing.sources} == {"Valley Post"}
    check_citations(small_store, briefing)


def test_no_matching_articles_is_an_error_not_an_empty_brief(tmp_path, minilm):
    from ingest.store import Store

    empty = Store(path=tmp_path / "empty", embedder_name=minilm.name)
    with pytest.raises(NothingToBrief, match="no articles match"):
        brief(empty, minilm, BriefRequest(topic="Valmere dock workers strike"))
    with pytest.raises(NothingToBrief, match="no articles match"):
        brief(empty, minilm, BriefRequest())


def test_date_window_that_excludes_everything(small_store, minilm):
    window = Filters(since=parse_user_date("2031-01-01"), until=parse_user_date("2031-12-31"))
    for request in (
        BriefRequest(topic="dock workers strike", filters=window),
        BriefRequest(filters=window),
        BriefRequest(doc_id=doc_id(small_store, "Valmere dock"), filters=window),
    ):
        with pytest.raises(NothingToBrief, match="no articles match .*since 2031-01-01"):
            brief(small_store, minilm, request)


def test_unknown_article_id(small_store, minilm):
    with pytest.raises(NothingToBrief, match="no articles match id 'zzzz'"):
        brief(small_store, minilm, BriefRequest(doc_id="zzzz"))


def test_unreachable_llm_falls_back_to_extractive_with_a_visible_note(small_store, minilm):
    from bot.config import Settings

    settings = Settings(answerer="llm", openai_base_url="http://127.0.0.1:9/v1", llm_max_retries=0)
    briefing = brief(
        small_store, minilm, BriefRequest(doc_id=doc_id(small_store, "Apple")), settings=settings
    )
    assert briefing.mode == "extractive"
    assert "could not be reached" in briefing.note
    assert "quotes the articles directly" in briefing.note


def test_progress_reports_each_step(small_store, minilm):
    from bot.models import BRIEF_STEPS as STEPS

    seen: list[str] = []
    brief(small_store, minilm, BriefRequest(topic="apple festival"), progress=seen.append)
    assert seen == list(STEPS)


@pytest.mark.parametrize(
    ("phrase", "name", "role"),
    [
        ("Thai Foreign Minister Sihasak", "Sihasak", "Thai Foreign Minister"),
        ("Union leader Maria Jansen", "Maria Jansen", "Union leader"),
        ("The Cambodian Ministry of Interior", "The Cambodian Ministry of Interior", ""),
        ("Anutin", "Anutin", ""),
    ],
)
def test_split_role(phrase, name, role):
    assert split_role(phrase) == (name, role)


@pytest.mark.corpus
def test_topic_over_the_whole_corpus_stays_on_topic(corpus_store, minilm):
    seed = next(
        a.doc_id
        for a in corpus_store.list_articles()
        if a.title.startswith("Thailand and Cambodia")
    )
    steps: list[str] = []
    briefing = brief(
        corpus_store,
        minilm,
        BriefRequest(topic="Thailand-Cambodia ceasefire talks"),
        progress=steps.append,
    )
    assert {c.doc_id for c in briefing.citations} == {seed}
    check_citations(corpus_store, briefing)
    assert steps[0] == "select material" and len(steps) == 5


def test_max_words_bounds_the_length(small_store, minilm):
    seed = doc_id(small_store, "Thailand and Cambodia")

    def length(max_words: int) -> int:
        briefing = brief(small_store, minilm, BriefRequest(doc_id=seed, max_words=max_words))
        return sum(len(c.quote.split()) for c in briefing.citations)

    short, longer = length(150), length(450)
    assert short <= 150 < longer <= 450
    assert BriefRequest().max_words == 400  # the default: about one page
