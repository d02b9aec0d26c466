"""The persisted BM25 index and near-duplicate handling, on small real Chroma stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.retrieval.keyword_index import index_folder
from bot.retrieval.retriever import Retriever
from ingest.embeddings import FakeEmbeddings
from ingest.pipeline import ingest_paths
from ingest.store import Store

HARBOUR = (
    "Harbour pilots in Valparaiso went on strike on Monday over new shift rules. "
    "The port authority said container ships were waiting outside the breakwater. "
    "Union leader Marta Rios told reporters the rules put crews at risk after midnight. "
    "Shipping lines warned that fruit exports could spoil if the strike lasted a week. "
    "The transport ministry called both sides to talks on Wednesday morning. "
    "Dock workers in San Antonio said they would not handle diverted cargo. "
)
COPPER = (
    "Copper prices rose for a third day as smelters in Zambia cut output. "
    "Traders in London said stocks in exchange warehouses were at a two-year low. "
    "A mining company in Kitwe blamed power cuts for the lower production. "
    "Analysts expect prices to stay high until new mines open next year. "
)
LIBRARY = (
    "The city library in Tampere reopened after a two-year renovation. "
    "Visitors can now borrow sewing machines and 3D printers as well as books. "
    "The architect said the new reading room uses daylight from a glass roof. "
)


def _write(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    paragraphs = body.replace(". ", ".\n\n", 3)
    path.write_text(f"{title}\n\n{paragraphs}\n", encoding="utf-8")
    return path


@pytest.fixture
def small_store(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs, "harbour.txt", "Harbour pilots strike in Valparaiso", HARBOUR)
    _write(docs, "copper.txt", "Copper climbs as Zambian smelters cut output", COPPER)
    store = Store(path=tmp_path / "store", embedder_name="fake")
    report = ingest_paths(store, FakeEmbeddings(), [docs])
    assert not report.failures
    return store, tmp_path


def test_keyword_index_is_saved_in_the_store_and_reused(small_store):
    store, _ = small_store
    first = Retriever(store, FakeEmbeddings())
    assert first.search("Valparaiso pilots strike", k=3)[0].title.startswith("Harbour")
    assert first.index.rebuilds == 1
    assert (index_folder(store) / "meta.json").is_file()
    assert index_folder(store).is_relative_to(store.path)
    first.search("copper smelters", k=3)
    assert first.index.rebuilds == 1, "a second query must not rebuild the index"
    again = Retriever(Store(path=store.path, embedder_name="fake"), FakeEmbeddings())
    hits = again.search("Valparaiso pilots strike", k=3)
    assert again.index.rebuilds == 0, "an unchanged store must load the saved index"
    assert hits[0].title.startswith("Harbour")


def test_keyword_index_follows_an_ingest(small_store):
    store, tmp_path = small_store
    retriever = Retriever(store, FakeEmbeddings())
    retriever.recheck_seconds = 0  # look at the store's generation on every search
    assert all("Tampere" not in p.text for p in retriever.search("Tampere library", k=5))
    more = tmp_path / "more"
    more.mkdir()
    ingest_paths(
        store, FakeEmbeddings(), [_write(more, "library.txt", "Tampere library reopens", LIBRARY)]
    )
    passages = retriever.search("Tampere library sewing machines", k=5)
    assert retriever.index.rebuilds == 2
    assert "Tampere" in passages[0].text
    fresh = Retriever(Store(path=store.path, embedder_name="fake"), FakeEmbeddings())
    assert "Tampere" in fresh.search("Tampere library sewing machines", k=5)[0].text
    assert fresh.index.rebuilds == 0, "the index saved after the ingest is current"


def test_near_duplicate_articles_fill_one_slot_not_two(small_store):
    store, tmp_path = small_store
    copy = tmp_path / "copy"
    copy.mkdir()
    # The same wire story again under another headline: the ingest links the two.
    ingest_paths(
        store, FakeEmbeddings(), [_write(copy, "harbour-wire.txt", "Chile port strike", HARBOUR)]
    )
    linked = [a for a in store.list_articles() if a.duplicates]
    assert len(linked) == 2, "the copy should be recorded as a near-duplicate"
    group = {a.doc_id for a in linked}
    passages = Retriever(store, FakeEmbeddings()).search("Valparaiso harbour pilots strike", k=10)
    used = {p.doc_id for p in passages} & group
    assert len(used) == 1, [(p.title, p.text[:40]) for p in passages]
    texts = [p.text for p in passages]
    assert len(texts) == len(set(texts))
    for p in passages:
        assert store.get_article(p.doc_id).text[p.start : p.end] == p.text
