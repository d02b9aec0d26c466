"""`briefbot eval multihop-rag`: the scoring rule, and the command on the real corpus store."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS
from typer.testing import CliRunner

from bot.cli import app
from bot.eval import KEYS, Query, Tally, first_hit, pick, squash


def test_a_fact_matches_whatever_the_spacing():
    fact = "The board said Altman was not\nconsistently candid."
    passages = [
        "Nothing here.",
        "Earlier text. The board said Altman was  not consistently candid. More.",
    ]
    assert squash(fact) == "TheboardsaidAltmanwasnotconsistentlycandid."
    assert first_hit([fact], passages) == 2
    assert first_hit([fact], passages[:1]) is None
    assert first_hit([fact], ["x"] * 10 + passages) is None, "only the top 10 count"


def test_tally_scores_hits_mrr_and_answers():
    tally = Tally()
    tally.add_retrieval(1, [900, 1000])
    tally.add_retrieval(5, [300])
    tally.add_retrieval(None, [])
    tally.add_answer(Query("q", "Insufficient information.", "null_query"), True, "")
    tally.add_answer(Query("q", "OpenAI", "inference_query"), False, "It was openai [1].")
    tally.add_answer(Query("q", "Google", "inference_query"), True, "")
    r = tally.result()
    assert set(r) == set(KEYS)
    assert (r["hits@4"], r["hits@10"], r["n"]) == (round(1 / 3, 4), round(2 / 3, 4), 3)
    assert r["mrr@10"] == round((1 + 1 / 5) / 3, 4)
    assert (r["null_abstained"], r["answerable_abstained"], r["answer_accuracy"]) == (1.0, 0.5, 0.5)
    assert (r["passage_chars_max"], r["passage_chars_mean"]) == (1000, round(2200 / 3, 1))


def test_pick_is_a_fixed_sample():
    queries = [Query(str(i), "", "x") for i in range(100)]
    assert pick(queries, 10) == pick(queries, 10)
    assert len(pick(queries, 10)) == 10 and pick(queries, None) == queries


@pytest.mark.corpus
def test_eval_command_prints_one_json_object(corpus_store):
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "multihop-rag",
            "--limit",
            "40",
            "--json",
            "--store",
            str(corpus_store.path),
            "--data",
            str(CORPUS.parent),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, result.stdout
    got = json.loads(lines[0])
    assert set(KEYS) <= set(got)
    assert 25 <= got["n"] <= 40  # the null queries in the sample are not scored for retrieval
    assert 0.5 <= got["hits@10"] <= 1 and got["hits@4"] <= got["hits@10"]
    assert 0 < got["mrr@10"] <= got["hits@10"]
    assert 0 < got["passage_chars_mean"] <= got["passage_chars_max"] <= 1000
    for key in ("null_abstained", "answerable_abstained", "answer_accuracy"):
        assert 0 <= got[key] <= 1


def test_eval_command_names_a_missing_data_file(tmp_path):
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "multihop-rag",
            "--data",
            str(tmp_path / "nope"),
            "--store",
            str(tmp_path / "store"),
        ],
    )
    assert result.exit_code != 0
    assert "corpus.json" in str(result.exception) + result.output
