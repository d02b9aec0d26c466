"""The held-out question set (tests/fixtures/questions/heldout.jsonl): written after the
tuning on users.jsonl, over MultiHop-RAG articles that set does not use, and never tuned on.
Also the tuning set for abstention (dev.jsonl), written by hand over 18 further articles.

Only fast checks live here: the sets load, have the size and spread asked for, stay apart
from the other sets, and every gold string was copied from its article. Their figures come
from `python -m bench.run questions -- --fixture tests/fixtures/questions/<set>.jsonl`; no
test asserts targets on them (a held-out set that tests pin down stops being held out).
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, SEED
from user_questions import (
    EXAMPLES,
    FIXTURE,
    HELDOUT,
    REPORT,
    article_texts,
    fold,
    load_questions,
    multihop_titles,
    outputs_for,
)

from bench.people_data import article

ROWS = load_questions(HELDOUT)
DEV = HELDOUT.with_name("dev.jsonl")
DEV_ROWS = load_questions(DEV)
needs_data = pytest.mark.skipif(
    not (CORPUS.exists() and SEED.exists()), reason=f"shared data not found at {CORPUS.parent}"
)


def test_the_held_out_set_has_the_size_and_spread_asked_for():
    answerable = [r for r in ROWS if r["answerable"]]
    absent = [r for r in ROWS if not r["answerable"]]
    assert len(answerable) >= 70 and len(absent) >= 25
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    kinds = {r["kind"] for r in ROWS}
    for kind in ("summary", "yes_no", "who", "when", "how_many", "what_said", "tell_me"):
        assert kind in kinds, kind
    assert sum(bool(r.get("history")) for r in answerable) >= 5
    assert sum(bool(r.get("history")) for r in absent) >= 1
    assert sum(bool(r.get("outlet")) for r in absent) >= 3
    for tag in ("typo", "abbrev", "possessive"):
        assert sum(tag in r.get("tags", ()) for r in ROWS) >= 5, tag
    docs = {r["doc"] for r in answerable}
    assert "seed" in docs and {"tessara-water-accord.txt", "delta-farmers-react.html"} <= docs


def test_the_held_out_set_shares_no_article_or_question_with_the_users_set():
    users = load_questions(FIXTURE)
    mine = multihop_titles(ROWS)
    assert len(mine) >= 15
    assert not set(mine) & set(multihop_titles(users))
    asked = {fold(r["question"]) for r in users}
    assert not [r["id"] for r in ROWS if fold(r["question"]) in asked]


def test_the_held_out_set_reports_apart_from_the_users_set():
    assert outputs_for(FIXTURE)[0] == REPORT
    report, dump = outputs_for(HELDOUT)
    assert report != REPORT and report.name.startswith("heldout") and dump.suffix == ".jsonl"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.user_questions import section_for

    users_heading, _ = section_for(FIXTURE, load_questions(FIXTURE), 13)
    heading, intro = section_for(HELDOUT, ROWS, len(multihop_titles(ROWS)))
    assert users_heading == "## Our question set" and heading == "## Held-out question set"
    assert "--fixture tests/fixtures/questions/heldout.jsonl" in intro


def test_a_malformed_row_names_the_file_line_and_field(tmp_path):
    bad = tmp_path / "mine.jsonl"
    bad.write_text(
        '{"id": "x1", "question": "who?", "kind": "who", "answerable": true, "doc": "seed", '
        '"gold": ["Anutin"]}\n{"id": "x2", "question": "when?", "kind": "when", '
        '"answerable": true, "doc": "seed"}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"mine\.jsonl:2: field 'gold'"):
        load_questions(bad)


@needs_data
@pytest.mark.parametrize("fixture", [HELDOUT, DEV], ids=lambda p: p.name)
def test_every_held_out_gold_string_is_short_and_comes_from_its_article(fixture):
    """Each gold string is a few words found verbatim (case and curly quotes aside) in one of
    the articles, and at least one per question is in the article the question is about."""
    rows = load_questions(fixture)
    texts = {k: fold(v) for k, v in article_texts(SEED, CORPUS, multihop_titles(rows)).items()}
    for r in (r for r in rows if r["answerable"]):
        assert r["doc"] in texts, f"{r['id']}: unknown doc {r['doc']!r}"
        for g in r["gold"]:
            assert len(g) <= 70, f"{r['id']}: gold {g!r} is long"
            assert any(fold(g) in t for t in texts.values()), f"{r['id']}: {g!r} in no article"
        assert any(fold(g) in texts[r["doc"]] for g in r["gold"]), r["id"]


# dev.jsonl: the tuning set for abstention (README "dev.jsonl"), written before briefbot ran on it.


def dev_pick(corpus: list[dict]) -> list[str]:
    """The 18 articles dev.jsonl is about, picked as its README says: titles that occur once in
    corpus.json, not used by users.jsonl, heldout.jsonl or heldout2.jsonl, with a body of at
    most 6,000 characters, sorted, then a seeded sample."""
    others = (FIXTURE, HELDOUT, HELDOUT.with_name("heldout2.jsonl"))
    used = {r.get("doc") for f in others for r in load_questions(f)}
    counts = Counter(a["title"] for a in corpus)
    titles = sorted(
        a["title"]
        for a in corpus
        if counts[a["title"]] == 1 and a["title"] not in used and len(a["body"]) <= 6000
    )
    return random.Random(20261204).sample(titles, 18)


def test_the_dev_set_has_the_size_and_spread_asked_for():
    answerable = [r for r in DEV_ROWS if r["answerable"]]
    absent = [r for r in DEV_ROWS if not r["answerable"]]
    assert len(answerable) >= 50 and len(absent) >= 40
    assert [r["id"] for r in DEV_ROWS] == [f"d{i:03d}" for i in range(1, len(DEV_ROWS) + 1)]
    kinds = {r["kind"] for r in answerable}
    for kind in "what what_said who when how_many yes_no tell_me explain summary follow_up".split():
        assert kind in kinds, kind
    assert sum(bool(r.get("history")) for r in answerable) >= 8
    assert sum(bool(r.get("history")) for r in absent) >= 5
    assert sum(bool(r.get("outlet")) for r in absent) >= 5
    assert all(r.get("about") for r in absent)
    for tag in ("typo", "abbrev", "possessive"):
        assert sum(tag in r.get("tags", ()) for r in DEV_ROWS) >= 5, tag


def test_the_dev_set_shares_no_article_or_question_with_the_other_sets():
    mine = set(multihop_titles(DEV_ROWS))
    assert len(mine) == 18
    asked = set()
    for other in (FIXTURE, HELDOUT, HELDOUT.with_name("heldout2.jsonl")):
        rows = load_questions(other)
        assert not mine & {r.get("doc") for r in rows}, other.name
        asked |= {fold(r["question"]) for r in rows}
    assert not [r["id"] for r in DEV_ROWS if fold(r["question"]) in asked]
    assert len({fold(r["question"]) for r in DEV_ROWS}) == len(DEV_ROWS)


@needs_data
def test_the_dev_articles_are_the_seeded_sample_and_its_outlets_are_absent():
    """The docs are exactly the picked 18; no article of the store the run builds (the 18, the
    seed and examples/articles) names an outlet a dev question says the store lacks."""
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    assert sorted(dev_pick(corpus)) == multihop_titles(DEV_ROWS)
    refs = [f"multihop:{t}" for t in multihop_titles(DEV_ROWS)]
    refs += [f"examples:{p.name}" for p in EXAMPLES.iterdir()] + [f"seed:{SEED.name}"]
    stored = [fold(article(ref)[0]) for ref in refs]
    for r in (r for r in DEV_ROWS if r.get("outlet")):
        named = re.compile(rf"\b{re.escape(fold(r['outlet']))}\b")
        assert not any(named.search(t) for t in stored), f"{r['id']}: {r['outlet']} is stored"


@needs_data
def test_every_dev_gold_string_is_in_its_article_as_the_store_keeps_it():
    """Gold strings match the text after loading and cleaning (what citations quote), not only
    the raw corpus body, and are 3-8 words."""
    for r in (r for r in DEV_ROWS if r["answerable"]):
        text = fold(article(f"multihop:{r['doc']}")[0])
        for g in r["gold"]:
            assert 3 <= len(g.split()) <= 8, f"{r['id']}: gold {g!r} is not 3-8 words"
            assert fold(g) in text, f"{r['id']}: {g!r} not in the stored text of its article"
