"""Who said what, and when: `briefbot quotes` and `briefbot timeline` over the seed, through the
real command, a real embedded Chroma store, the real spaCy pipeline and the real SQLite file.

The embedder is the test one (`fake`): vectors play no part in quotes or dates.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED

BRIEFBOT = str(Path(sys.executable).parent / "briefbot")
EXAMPLES = ROOT / "examples" / "articles"


def cli(*args: str, store: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BRIEFBOT_EMBEDDINGS": "fake", "BRIEFBOT_STORE": str(store)}
    return subprocess.run([BRIEFBOT, *args], env=env, capture_output=True, text=True, timeout=300)


def lines(result: subprocess.CompletedProcess) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("seed") / "store"
    folder = store.parent / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    done = cli("ingest", str(folder), store=store)
    assert done.returncode == 0, done.stderr
    return store


def stored_text(store: Path, doc_id: str) -> str:
    from ingest.store import Store

    article = Store(path=store, embedder_name="fake").get_article(doc_id)
    assert article is not None
    return article.text


def test_quotes_by_surname_give_every_sihasak_quote_with_exact_spans(seed_store):
    quotes = lines(cli("quotes", "--speaker", "Sihasak", "--json", store=seed_store))
    keys = {"speaker", "role", "quote", "kind", "cue", "doc_id", "title", "source"}
    keys |= {"published_at", "start", "end"}
    assert quotes and all(keys <= set(q) for q in quotes)
    text = stored_text(seed_store, quotes[0]["doc_id"])
    for q in quotes:
        assert text[q["start"] : q["end"]] == q["quote"]
        assert q["speaker"] == "Sihasak" and q["role"] == "Thai Foreign Minister"
    said = {q["quote"]: q for q in quotes}
    # reported speech, and the quote paragraph that continues him without naming him
    assert said["this agreement was reached too hastily"]["kind"] == "indirect"
    continued = next(q for q in quotes if q["quote"].startswith("The U.S. hoped to sign"))
    assert continued["kind"] == "direct" and continued["cue"] == "say"
    assert any(q["cue"] == "warn" for q in quotes) and any(q["cue"] == "tell" for q in quotes)
    # the article has no date: the dateline's 23rd, fixed by "Monday (December 22)"
    assert quotes[0]["published_at"] == "2025-12-23" and quotes[0]["published_inferred"]


def test_the_ministry_statement_and_he_said_keep_their_speakers(seed_store):
    everyone = lines(cli("quotes", "--json", store=seed_store))
    by_start = sorted(everyone, key=lambda q: q["start"])
    optimistic = next(q for q in by_start if q["quote"].startswith("We remain optimistic"))
    assert optimistic["speaker"] == "Cambodian Ministry of Interior"  # "The statement said:"
    shells = next(q for q in by_start if "fired shells" in q["quote"])
    assert shells["speaker"] == "Cambodian Ministry of Interior"  # "The ministry also said"
    urge = next(q for q in by_start if q["quote"].startswith("I urge both sides"))
    assert urge["speaker"] == "Vivian Balakrishnan"  # "He said:"
    cambodia = lines(cli("quotes", "--speaker", "Cambodia", "--json", store=seed_store))
    assert cambodia and {q["speaker"] for q in cambodia} == {"Cambodian Ministry of Interior"}
    minister = lines(
        cli("quotes", "--speaker", "the Thai foreign minister", "--json", store=seed_store)
    )
    assert {q["speaker"] for q in minister} == {"Sihasak"}


def test_timeline_resolves_the_weekdays_to_december_2025(seed_store):
    events = lines(cli("timeline", "--json", store=seed_store))
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)
    text = stored_text(seed_store, events[0]["doc_id"])
    for e in events:
        assert text[e["start"] : e["end"]] == e["text"] and e["expression"] in e["text"]
    talks = next(e for e in events if e["expression"] == "on Monday (December 22)")
    assert (talks["date"], talks["precision"], talks["status"]) == ("2025-12-22", "day", "past")
    meeting = next(e for e in events if e["expression"] == "on Wednesday (24th)")
    assert (meeting["date"], meeting["precision"], meeting["status"]) == (
        "2025-12-24",
        "day",
        "planned",
    )
    october = next(e for e in events if e["expression"] == "in October")
    assert (october["date"], october["precision"]) == ("2025-10", "month")
    later = lines(cli("timeline", "--since", "2025-12-23", "--json", store=seed_store))
    assert later and all(e["status"] == "planned" for e in later)
    bad = cli("timeline", "--since", "22/12/2025", store=seed_store)
    assert bad.returncode != 0 and "--since" in bad.stderr and "2025-12-22" in bad.stderr


def test_near_duplicates_give_one_quote_with_both_outlets_and_removal_drops_rows(tmp_path):
    store = tmp_path / "store"
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("tessara-water-accord.txt", "tessara-accord-wire-copy.txt"):
        shutil.copy(EXAMPLES / name, folder / name)
    assert cli("ingest", str(folder), store=store).returncode == 0
    petra = lines(cli("quotes", "--speaker", "Petra Ilvane", "--json", store=store))
    line = [q for q in petra if q["quote"].startswith("This agreement was negotiated")]
    assert len(line) == 1 and len(line[0]["outlets"]) == 2
    # an article removed by `sources remove` leaves the index on the next read
    gone = line[0]["outlets"][1]["doc_id"]
    assert cli("sources", "remove", gone, store=store).returncode == 0
    again = lines(cli("quotes", "--speaker", "Ilvane", "--json", store=store))
    assert {o["doc_id"] for q in again for o in q["outlets"]} == {line[0]["outlets"][0]["doc_id"]}
    db = sqlite3.connect(store / "briefbot.sqlite3")
    assert db.execute("SELECT count(*) FROM quotes WHERE doc_id = ?", (gone,)).fetchone() == (0,)
    rebuilt = cli("quotes", "--reindex", "--json", store=store)
    assert rebuilt.returncode == 0 and "read 1 articles again" in rebuilt.stderr


def test_what_did_x_say_answers_from_the_index_ranked_by_topic(seed_store, monkeypatch):
    from bot.attribution import quotes_for_question
    from bot.config import Settings
    from bot.db import database_for
    from bot.question import understand

    monkeypatch.setenv("BRIEFBOT_STORE", str(seed_store))
    db = database_for(Settings())
    hits = quotes_for_question(
        db, understand("What did the Thai foreign minister say about the agreement?")
    )
    assert hits and {h.speaker for h in hits} == {"Sihasak"}
    assert "agreement" in hits[0].quote and hits[0].score > hits[-1].score
    text = stored_text(seed_store, hits[0].doc_id)
    assert all(text[h.start : h.end] == h.quote for h in hits)
    assert quotes_for_question(db, understand("How many civilians were displaced?")) == []
