"""The seed plus the MultiHop-RAG corpus: 610 articles with their metadata; a second run adds nothing.

Uses the session-scoped `corpus_store` (built once per test run by tests/conftest.py).
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from conftest import CORPUS, SEED

from ingest.dates import normalise_date
from ingest.pipeline import ingest_paths

pytestmark = pytest.mark.corpus


def test_seed_and_corpus_make_610_articles_and_a_second_run_adds_nothing(corpus_store, minilm):
    assert corpus_store.count_articles() == 610
    chunks = corpus_store.count_chunks()
    report = ingest_paths(corpus_store, minilm, [SEED, CORPUS])
    assert report.failures == []
    assert report.added == [] and report.replaced == [] and report.chunks == 0
    assert report.unchanged == 610
    assert corpus_store.count_articles() == 610
    assert corpus_store.count_chunks() == chunks
    assert corpus_store.list_articles(status="pending") == []


def test_corpus_articles_keep_their_metadata(corpus_store):
    items = json.loads(CORPUS.read_text())
    assert len(items) == 609
    stored = {a.meta["url"]: a.meta for a in corpus_store.list_articles() if a.meta["url"]}
    assert len(stored) == len({i["url"] for i in items})
    for item in items:
        meta = stored[item["url"]]
        assert meta["title"] == item["title"].strip()
        assert meta["source"] == item["source"]
        assert meta["author"] == (
            "" if item["author"] in (None, "None") else item["author"].strip()
        )
        assert meta["category"] == item["category"]
        assert meta["published_at"] == normalise_date(item["published_at"])
        parsed = datetime.fromisoformat(meta["published_at"])
        assert parsed.utcoffset().total_seconds() == 0  # one normal form: ISO 8601 in UTC
        assert meta["published_at"][:10] == item["published_at"][:10]
        assert meta["n_chunks"] >= 1


def test_seed_article_is_stored_once_with_its_dateline(corpus_store):
    (seed,) = [a for a in corpus_store.list_articles() if a.meta["path"] == str(SEED.resolve())]
    assert (seed.meta["place"], seed.meta["day"]) == ("Kuala Lumpur", "23rd")
    text = corpus_store.get_article(seed.doc_id).text
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    assert len(paragraphs) == len(set(paragraphs))
    assert json.loads(seed.meta["removed"])["repeated paragraph"] >= 10
