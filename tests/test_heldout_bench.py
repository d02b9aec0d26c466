"""The held-back news query set and how bench/retrieval_heldout.py scores rankings."""

from __future__ import annotations

import json

import pytest

from bench.retrieval_heldout import QUERIES, first_hit, load_queries, score
from tests.conftest import CORPUS


def test_every_query_names_gold_articles_the_corpus_holds():
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} is missing")
    titles = {a["title"] for a in json.loads(CORPUS.read_text())}
    rows = load_queries(QUERIES)
    assert len(rows) == 60
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r["gold_titles"]) <= titles, r["id"]
        # written in our own words: never the title itself
        assert r["query"].lower() not in {t.lower() for t in r["gold_titles"]}


def test_a_bad_line_is_named_with_its_file_and_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('# note\n{"id": "x", "query": "fines for banks"}\n')
    with pytest.raises(SystemExit, match=r"q\.jsonl:2: needs a 'query' and 'gold_titles'"):
        load_queries(path)


def test_hits_count_passages_or_distinct_articles():
    ranked = ["Other", "Other", "Gold", "Gold"]
    assert first_hit(ranked, ["Gold"], distinct=False) == 3
    assert first_hit(ranked, ["Gold"], distinct=True) == 2
    assert first_hit(["Other"] * 12 + ["Gold"], ["Gold"], distinct=False) is None
    got = score([["Gold"], ["Other", "Gold"]], [{"gold_titles": ["Gold"]}] * 2)
    assert got["hits@1"] == 0.5 and got["hits@3"] == 1.0 and got["mrr@10"] == 0.75


def test_sign_test_calls_an_even_split_a_tie_and_a_sweep_significant():
    from bench.retrieval_heldout import sign_test

    assert sign_test(3, 3) == 1.0
    assert sign_test(0, 8) < 0.01


def test_the_dev_set_tunes_on_other_articles_than_the_held_back_set():
    from bench.retrieval_heldout import DEV_QUERIES

    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} is missing")
    titles = {a["title"] for a in json.loads(CORPUS.read_text())}
    dev, held = load_queries(DEV_QUERIES), load_queries(QUERIES)
    assert len(dev) == 60 and len({r["id"] for r in dev}) == 60
    dev_gold = {t for r in dev for t in r["gold_titles"]}
    assert dev_gold <= titles
    assert not dev_gold & {t for r in held for t in r["gold_titles"]}


def test_a_dev_run_says_it_is_the_tuning_set():
    from bench.retrieval_heldout import DEV_HEADING, SYSTEMS, render

    row = {k: 0.5 for k in ("hits@1", "hits@3", "mrr@10", "art_hits@3", "art_mrr@10")}
    report = {
        "rows": {name: {**row, "p50_ms": 1.0} for name in SYSTEMS},
        "n": 60,
        "articles": 610,
        "chunks": 1,
        "store": "s",
        "reranker": "r",
        "machine": "m",
        "load": ((0, 0, 0), (0, 0, 0)),
        "examples": {"rrf_wins": [], "ours_wins": [], "rrf_wins_n": 0, "ours_wins_n": 0},
        "date": "d",
        "queries": "bench/data/news_queries_dev.jsonl",
    }
    text = render(report, "cmd", held=False)
    assert text.startswith(DEV_HEADING) and "TUNING SET" in text
    assert "never used for tuning" not in text
    assert "never used for tuning" in render(report, "cmd")
