"""The held-out question set (tests/fixtures/questions/heldout.jsonl): written after the
tuning on users.jsonl, over MultiHop-RAG articles that set does not use, and never tuned on.

Only fast checks live here: the set loads, has the size and spread asked for, stays apart
from users.jsonl, and every gold string was copied from its article. Its figures come from
`python -m bench.run questions -- --fixture tests/fixtures/questions/heldout.jsonl`; no test
asserts targets on it (a held-out set that tests pin down stops being held out).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import CORPUS, SEED
from user_questions import (
    FIXTURE,
    HELDOUT,
    REPORT,
    article_texts,
    fold,
    load_questions,
    multihop_titles,
    outputs_for,
)

ROWS = load_questions(HELDOUT)
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
def test_every_held_out_gold_string_is_short_and_comes_from_its_article():
    """Each gold string is a few words found verbatim (case and curly quotes aside) in one of
    the articles, and at least one per question is in the article the question is about."""
    texts = {k: fold(v) for k, v in article_texts(SEED, CORPUS, multihop_titles(ROWS)).items()}
    for r in (r for r in ROWS if r["answerable"]):
        assert r["doc"] in texts, f"{r['id']}: unknown doc {r['doc']!r}"
        for g in r["gold"]:
            assert len(g) <= 70, f"{r['id']}: gold {g!r} is long"
            assert any(fold(g) in t for t in texts.values()), f"{r['id']}: {g!r} in no article"
        assert any(fold(g) in texts[r["doc"]] for g in r["gold"]), r["id"]
