"""Cleaning: repeated paragraphs stored once, scraping debris dropped, real sentences kept."""

from __future__ import annotations

import re

import pytest
from conftest import SEED
from typer.testing import CliRunner

from bot.cli import app
from ingest.chunking import chunk_article
from ingest.clean import clean_text

DEBRIS_ARTICLE = """Loading...
Table of Contents
Background
What the accord says
Reactions

The three basin states signed the Tessara accord on Tuesday after four years of talks.
Sign up for our daily newsletter to get the latest news delivered to your inbox.
Subscribe now for unlimited access to the Courier.
Share this article
Facebook Twitter Email
We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.
Accept all cookies
Advertisement
The accord fixes a dry-season minimum flow of 180 cubic metres per second.
Loading…
Read more:
Officials said the gauges would be installed by next year.
"""

KEPT_SENTENCES = [
    "The ministry's weekly newsletter, delivered to 5,000 farmers, warned of lower river levels.",
    "Cookies and other baked goods were sold under a new food-safety policy agreed by the council.",
    "Subscribers to the water utility will see a 4% rise in their bills.",
    "The report's table of contents lists seven chapters on groundwater.",
    "Readers who accept cookies from strangers, the police warned, risk more than indigestion.",
    "Share prices of the hydro company rose 3% after the announcement.",
    "Loading of the barges resumed on Friday once the river rose.",
]


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def test_debris_is_dropped_and_counted():
    text, removed = clean_text(DEBRIS_ARTICLE)
    assert paragraphs(text) == [
        "The three basin states signed the Tessara accord on Tuesday after four years of talks.",
        "The accord fixes a dry-season minimum flow of 180 cubic metres per second.",
        "Officials said the gauges would be installed by next year.",
    ]
    assert removed["loading"] == 2
    assert removed["table of contents"] == 4  # the heading and its three entries
    assert removed["sign-up prompt"] == 2
    assert removed["share/cookie line"] == 4
    assert removed["advertisement"] == 1


@pytest.mark.parametrize("sentence", KEPT_SENTENCES)
def test_real_sentences_mentioning_debris_words_are_kept(sentence):
    text, removed = clean_text(f"{sentence}\n\nThe river rose again overnight.")
    assert paragraphs(text)[0] == sentence
    assert sum(removed.values()) == 0


def test_whitespace_is_normalised():
    text, _ = clean_text("  The\u00a0river   rose\t\tagain.\r\n\r\n\r\nOfficials  said so.  \n")
    assert text == "The river rose again.\n\nOfficials said so."


def test_repeated_paragraphs_inside_one_article_are_stored_once():
    para = "The ministers agreed to meet again on Wednesday to discuss the ceasefire terms."
    text, removed = clean_text(
        f"{para}\n\nA different paragraph follows here today.\n\n{para}\n\n{para}"
    )
    assert paragraphs(text) == [para, "A different paragraph follows here today."]
    assert removed["repeated paragraph"] == 2


def test_seed_repeated_paragraphs_stored_once_and_reported(tmp_path):
    raw = SEED.read_text()
    original = [p.strip() for p in re.split(r"\n\s*\n|\n", raw) if p.strip()]
    repeated = len(original) - len(set(original))
    assert repeated >= 10  # the seed repeats about ten of its paragraphs, some more than once
    env = {"BRIEFBOT_EMBEDDINGS": "fake", "COLUMNS": "200"}
    result = CliRunner().invoke(
        app, ["ingest", "-q", str(SEED.parent), "--store", str(tmp_path / "s")], env=env
    )
    assert result.exit_code == 0, result.output
    assert re.search(rf"removed: repeated paragraph\s*│\s*{repeated}\s*│", result.stdout), (
        result.stdout
    )
    from ingest.store import Store

    store = Store(path=tmp_path / "s", embedder_name="fake")
    (article,) = store.list_articles()
    stored = store.get_article(article.doc_id).text
    kept = paragraphs(stored)
    assert len(kept) == len(set(kept)) == len(set(original))
    assert "this agreement was reached too hastily" in stored
    assert (article.meta["place"], article.meta["day"]) == ("Kuala Lumpur", "23rd")


def test_chunks_are_sentence_aligned_with_exact_spans_and_overlap():
    text, _ = clean_text(SEED.read_text())
    chunks = chunk_article("doc", text, size=400, overlap=250)
    assert len(chunks) > 5
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 400
        assert chunk.text[-1] in ".!?\"'\u201d)" or chunk.end == len(text)  # ends at a sentence
    shared = [a.end - b.start for a, b in zip(chunks, chunks[1:], strict=False)]
    assert all(s <= 250 for s in shared)  # overlap: whole sentences worth at most 250 chars
    assert sum(s > 0 for s in shared) >= len(shared) // 2
    assert all(b.start > a.start for a, b in zip(chunks, chunks[1:], strict=False))
    assert chunks[0].start == 0 and chunks[-1].end == len(text.rstrip())
