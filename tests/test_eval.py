"""`briefbot eval multihop-rag`: the scoring rule, and the command on the real corpus store."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS
from typer.testing import CliRunner

from bot.cli import app
from bot.eval import (
    KEYS,
    Query,
    Tally,
    first_hit,
    has_words,
    is_stored,
    outlet_names,
    pick,
    short_name,
    split,
    squash,
    swap_nulls,
    swap_outlets,
)


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
    null = Query("q", "Insufficient information.", "null_query")
    tally.add_answer(null, True, "", swapped=False)  # abstained only while the outlet was absent
    tally.add_answer(null, True, "", swapped=None)  # named no absent outlet: counts as written
    tally.add_answer(Query("q", "OpenAI", "inference_query"), False, "It was openai [1].")
    tally.add_answer(Query("q", "Google", "inference_query"), True, "")
    tally.add_answer(Query("q", "no", "comparison_query"), False, "Nobody would know [1].")
    tally.add_answer(Query("q", "Yes", "comparison_query"), False, "Yes: both say so [1][2].")
    r = tally.result("test")
    assert set(r) == set(KEYS) and r["split"] == "test"
    assert (r["hits@4"], r["hits@10"], r["n"]) == (round(1 / 3, 4), round(2 / 3, 4), 3)
    assert r["mrr@10"] == round((1 + 1 / 5) / 3, 4)
    assert (r["nulls"], r["null_abstained"], r["null_abstained_swapped"]) == (2, 1.0, 0.5)
    assert r["nulls_swapped"] == 1
    assert r["answerable_abstained"] == 0.25
    assert (r["answer_accuracy"], r["answer_accuracy_words"]) == (0.75, 0.5)
    assert r["by_type"]["comparison_query"] == {
        "asked": 2,
        "abstained": 0.0,
        "accuracy": 1.0,  # "no" inside "Nobody"/"know" passes the substring rule ...
        "accuracy_words": 0.5,  # ... but not the whole-word one
    }
    assert r["by_type"]["inference_query"]["accuracy_words"] == 0.5
    assert "null_query" not in r["by_type"]
    assert (r["passage_chars_max"], r["passage_chars_mean"]) == (1000, round(2200 / 3, 1))


def test_whole_words_only():
    assert not has_words("no", "I don't know, nobody said.")
    assert has_words("no", "No. The second report says otherwise.")
    assert has_words("No", "the answer is no")
    assert not has_words("no", "a no-one-else clause")  # a hyphen joins words
    assert has_words("Sam Bankman-Fried", "It was sam  bankman-fried, said [2].")
    assert not has_words("Sam Bankman-Fried", "Sam Bankman-Frieda")
    assert has_words("Quillmark", "Quillmark's filing [1]")
    assert not has_words("Quill", "Quillmark's filing [1]")
    assert not has_words("", "anything")


def test_split_halves_the_file_by_position():
    queries = [Query(f"q{i}", "", "x") for i in range(11)]
    dev, test = split(queries, "dev"), split(queries, "test")
    assert [q.query for q in dev] == [f"q{i}" for i in range(0, 11, 2)]
    assert [q.query for q in test] == [f"q{i}" for i in range(1, 11, 2)]
    assert not {id(q) for q in dev} & {id(q) for q in test}
    assert sorted(dev + test, key=queries.index) == queries == split(queries, "all")
    with pytest.raises(ValueError, match="split"):
        split(queries, "train")


# Outlets and questions written for these tests (not taken from the shared data).
SOURCES = ["Harbour Ledger", "The Quay Times", "Mosswood Wire | Daily Tech News", "Gazette - Sport"]
NULLS = [
    "Considering a Northwind Post article on tidal power and a report by The Quay Times, "
    "which letter starts the turbine maker's name?",
    "According to an article from The Ember Daily, what did the Mosswood Wire review say?",
    "Based on the Otterly Review article and a Harbour Ledger piece, which mayor resigned?",
    "What did the Gazette article say about rowing?",  # a stored outlet only: nothing to swap
]


def test_outlet_names_come_from_how_questions_cite_articles():
    names = outlet_names(NULLS)
    assert {"Northwind Post", "Ember Daily", "Otterly Review", "Quay Times"} <= set(names)
    assert not {"Considering", "According", "Based", "What"} & set(names)
    assert is_stored("Quay Times", SOURCES) and is_stored("Mosswood Wire", SOURCES)
    assert is_stored("Gazette", SOURCES) and not is_stored("Northwind Post", SOURCES)
    assert short_name("Mosswood Wire | Daily Tech News") == "Mosswood Wire"


def test_swapping_absent_outlets_is_deterministic_and_changes_only_them():
    names = outlet_names(NULLS)
    stored = {short_name(s) for s in SOURCES}
    first = [swap_outlets(q, names, SOURCES, seed=7) for q in NULLS]
    assert first == [swap_outlets(q, names, SOURCES, seed=7) for q in reversed(NULLS)][::-1]
    one, two, three, four = first
    assert set(one.replaced) == {"Northwind Post"} and one.replaced["Northwind Post"] in stored
    assert one.replaced["Northwind Post"] != "The Quay Times"  # not an outlet it already names
    stand_in = one.replaced["Northwind Post"].removeprefix("The ")
    article = "an" if stand_in[0] in "AEIOU" else "a"
    assert one.text == NULLS[0].replace("a Northwind Post", f"{article} {stand_in}")
    assert set(two.replaced) == {"Ember Daily"} and two.replaced["Ember Daily"] in stored
    assert two.text == NULLS[1].replace("The Ember Daily", two.replaced["Ember Daily"])
    assert set(three.replaced) == {"Otterly Review"}
    otterly = three.replaced["Otterly Review"].removeprefix("The ")
    assert three.text == NULLS[2].replace("the Otterly Review article", f"the {otterly} article")
    assert four.text == NULLS[3] and not four.replaced
    assert two.replaced["Ember Daily"] != "Mosswood Wire"  # the question names it already
    by_seed = {swap_outlets(NULLS[0], names, SOURCES, seed=s).text for s in range(12)}
    assert len(by_seed) > 1, "the seed chooses the stand-in"


def test_swap_nulls_fills_only_null_queries():
    queries = [Query(q, "Insufficient information.", "null_query") for q in NULLS]
    queries.append(Query("What did a Northwind Post article say?", "Yes", "inference_query"))
    assert swap_nulls(queries, SOURCES) == 3
    assert [bool(q.swapped) and q.swapped != q.query for q in queries] == [1, 1, 1, 0, 0]
    assert queries[-1].swapped == ""


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
    assert set(KEYS) <= set(got) and got["split"] == "all"
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


# A tiny corpus in MultiHop-RAG's format, written for this test.
ARTICLES = [
    {
        "title": "Harbour council approves tidal turbines",
        "source": "Harbour Ledger",
        "published_at": "2024-03-04T09:00:00+00:00",
        "url": "https://example.org/ledger/tidal",
        "category": "energy",
        "author": "R. Vale",
        "body": "The harbour council approved six tidal turbines on Monday. Brannock Marine, "
        "the turbine maker, said the first unit would turn by autumn. Councillor Ada Frost "
        "called it the largest public works vote in a decade. " * 3,
    },
    {
        "title": "Rowing club wins the estuary cup",
        "source": "Gazette - Sport",
        "published_at": "2024-03-05T18:00:00+00:00",
        "url": "https://example.org/gazette/rowing",
        "category": "sport",
        "author": "T. Moss",
        "body": "The Quayside Rowing Club won the estuary cup on Tuesday by two lengths. "
        "Coach Lin Amari said the crew had trained through the winter storms. " * 3,
    },
]


def test_eval_command_on_a_real_store_reports_the_split_and_both_null_figures(tmp_path):
    """Real ingest into a Chroma store with the local embedder, then one JSON object."""
    data = tmp_path / "mh"
    data.mkdir()
    (data / "corpus.json").write_text(json.dumps(ARTICLES))
    fact = "Brannock Marine, the turbine maker, said the first unit would turn by autumn."
    queries = [
        {  # position 0: dev
            "query": "Which company, according to a Harbour Ledger article, makes the turbines?",
            "answer": "Brannock Marine",
            "question_type": "inference_query",
            "evidence_list": [{"fact": fact}],
        },
        {  # position 1: test
            "query": "Which crew, according to a Northwind Post article and a Gazette - Sport "
            "report, won the estuary cup?",
            "answer": "Insufficient information.",
            "question_type": "null_query",
            "evidence_list": [],
        },
        {  # position 2: dev
            "query": "Did the Gazette - Sport report say the Quayside Rowing Club won the cup?",
            "answer": "Yes",
            "question_type": "comparison_query",
            "evidence_list": [{"fact": "The Quayside Rowing Club won the estuary cup"}],
        },
    ]
    (data / "queries.json").write_text(json.dumps(queries))
    store = str(tmp_path / "store")
    runs = {}
    for name in ("dev", "test"):
        result = CliRunner().invoke(
            app,
            [
                "eval",
                "multihop-rag",
                "--split",
                name,
                "--json",
                "--store",
                store,
                "--data",
                str(data),
            ],
        )
        assert result.exit_code == 0, result.output
        runs[name] = json.loads(result.stdout.strip().splitlines()[-1])
    dev, test = runs["dev"], runs["test"]
    assert dev["split"] == "dev" and test["split"] == "test"
    assert (dev["n"], dev["nulls"]) == (2, 0) and (test["n"], test["nulls"]) == (0, 1)
    assert dev["hits@10"] == 1.0, "both gold facts are in the store"
    assert set(dev["by_type"]) == {"inference_query", "comparison_query"}
    assert test["nulls_swapped"] == 1  # Northwind Post is not in the corpus
    for key in ("null_abstained", "null_abstained_swapped"):
        assert test[key] in (0.0, 1.0)


def test_eval_command_rejects_an_unknown_split(tmp_path):
    result = CliRunner().invoke(
        app, ["eval", "multihop-rag", "--split", "train", "--store", str(tmp_path / "s")]
    )
    assert result.exit_code != 0
    assert "--split" in result.output and "dev, test, all" in result.output
