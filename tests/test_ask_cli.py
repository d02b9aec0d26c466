"""`briefbot ask`, run as the real command in a subprocess against the corpus store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BRIEFBOT = Path(sys.executable).parent / "briefbot"
CITATION_KEYS = {
    "n",
    "quote",
    "passage",
    "doc_id",
    "title",
    "source",
    "url",
    "published_at",
    "start",
    "end",
    "score",
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BRIEFBOT), *args], capture_output=True, text=True, timeout=300)


@pytest.mark.corpus
def test_ask_json_prints_one_object_with_exact_quotes(corpus_store):
    done = run(
        "ask",
        "What did Sihasak say about the October agreement?",
        "--json",
        "--store",
        str(corpus_store.path),
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # the whole of stdout is one JSON object
    assert {"question", "answer", "abstained", "mode", "citations"} <= set(data)
    assert data["abstained"] is False and data["mode"] == "extractive"
    assert data["citations"]
    for c in data["citations"]:
        assert set(c) >= CITATION_KEYS
        article = corpus_store.get_article(c["doc_id"])
        assert article.text[c["start"] : c["end"]] == c["quote"]
        assert c["quote"] in c["passage"]
        assert f"[{c['n']}]" in data["answer"]
    assert any("this agreement was reached too hastily" in c["quote"] for c in data["citations"])


@pytest.mark.corpus
def test_ask_human_output_lists_numbered_sources(corpus_store):
    done = run(
        "ask", "Which company did Sam Bankman-Fried found?", "--store", str(corpus_store.path)
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "[1]" in out and "Sources" in out
    data = json.loads(
        run(
            "ask",
            "Which company did Sam Bankman-Fried found?",
            "--json",
            "--store",
            str(corpus_store.path),
        ).stdout
    )
    first = data["citations"][0]
    flat = " ".join(out.split())
    assert first["source"] in flat and first["published_at"][:10] in flat
    assert " ".join(first["quote"].split())[:40] in flat


@pytest.mark.corpus
def test_ask_source_filter_only_cites_that_outlet(corpus_store):
    done = run(
        "ask",
        "What did the FTC say?",
        "--json",
        "--source",
        "TechCrunch",
        "--store",
        str(corpus_store.path),
    )
    data = json.loads(done.stdout)
    assert data["citations"]
    assert {c["source"] for c in data["citations"]} == {"TechCrunch"}


@pytest.mark.corpus
def test_ask_abstains_in_json(corpus_store):
    done = run(
        "ask",
        "What did the Zanzibar Accord of 2019 say about fishing quotas?",
        "--json",
        "--store",
        str(corpus_store.path),
    )
    data = json.loads(done.stdout)
    assert data["abstained"] is True and data["citations"] == []


def test_ask_bad_date_is_one_clear_error(tmp_path):
    done = run("ask", "anything", "--since", "the 45th of Smarch", "--store", str(tmp_path / "s"))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Smarch" in lines[0] and "YYYY-MM-DD" in lines[0]
    assert done.stdout == ""


def test_ask_on_an_empty_store_says_so(tmp_path):
    done = run("ask", "What did Sihasak say?", "--store", str(tmp_path / "empty"))
    assert done.returncode == 1
    assert "no articles" in done.stderr and "briefbot ingest" in done.stderr
