"""The attribution and date rules on texts written here, and on the hand-labelled set (read
from the shared data by reference: bench/data/people_labels.json)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.attribution.extract import analyse


def facts(text: str, published_at: str = "", day: str = ""):
    return analyse([("t", text, {"published_at": published_at, "day": day})], date(2026, 12, 2))[0]


def test_surname_pronoun_and_continued_paragraph_resolve_to_the_full_name():
    text = (
        "Harbour Minister Ilse Varga said on Friday that the new pier will open in May.\n"
        '"We have waited a long time," she said.\n'
        '"The fishermen deserve a harbour that works in every season of the year."\n'
        "The opposition leader, Tomas Brenn, told reporters the budget was too small.\n"
        'Varga added: "The budget is what the council approved."'
    )
    found = facts(text, "2024-03-04T09:00:00+00:00")
    who = {q.quote: (q.speaker, q.how, q.kind) for q in found.quotes}
    assert all(text[q.start : q.end] == q.quote for q in found.quotes)
    assert who["the new pier will open in May"] == ("Ilse Varga", "named", "indirect")
    assert who["We have waited a long time"][:2] == ("Ilse Varga", "pronoun")
    continued = "The fishermen deserve a harbour that works in every season of the year."
    assert who[continued][:2] == ("Ilse Varga", "continued")
    assert who["the budget was too small"][0] == "Tomas Brenn"
    assert who["The budget is what the council approved."][:2] == ("Ilse Varga", "surname")
    friday = next(e for e in found.events if e.expression == "on Friday")
    assert (friday.date, friday.status) == ("2024-03-01", "past")  # published Monday 4 March
    may = next(e for e in found.events if e.expression == "in May")
    assert (may.date, may.precision, may.status) == ("2024-05", "month", "planned")


def test_scare_quotes_are_not_quotes():
    found = facts('The so-called "peace dividend" was discussed at length in the "old hall".')
    assert found.quotes == []


def test_a_weekday_with_its_date_fixes_the_year_and_the_dateline_the_publication_day():
    text = "Talks were held on Thursday (March 6) in the capital. More talks are due."
    found = facts(text, day="7th")
    assert found.inferred and found.published == "2025-03-07"  # 6 March is a Thursday in 2025
    assert [(e.date, e.precision) for e in found.events] == [("2025-03-06", "day")]
    assert facts("Talks were held on Thursday.", day="").events == []  # nothing to read against


@pytest.mark.slow
def test_the_labelled_set_holds_its_measured_level():
    """Regression floor on 278 hand-labelled quotes in 20 articles and 76 dated expressions.
    The issue's targets (P >= 0.90, R >= 0.85) are not reached yet: see docs/benchmarks.md."""
    from bench.people import score

    s = score()
    assert s["labelled"] >= 150 and s["articles"] >= 20 and s["events"] >= 60
    assert s["inexact_spans"] == 0
    assert s["precision"] >= 0.75 and s["recall"] >= 0.70
    assert s["event_accuracy"] >= 0.90


def test_a_database_made_before_the_index_columns_is_migrated(tmp_path):
    """0002 adds its columns to tables 0001 made (and empties them: they are rebuilt)."""
    import sqlite3

    from alembic import command
    from alembic.config import Config

    from bot.db.engine import MIGRATIONS, Database

    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    raw = sqlite3.connect(tmp_path / "old.sqlite3")
    raw.execute(  # the quotes table as an 0001 database of that time had it
        "CREATE TABLE quotes (id INTEGER PRIMARY KEY, doc_id VARCHAR(100) NOT NULL, "
        "speaker VARCHAR(300) NOT NULL, role VARCHAR(300) NOT NULL, quote TEXT NOT NULL, "
        "kind VARCHAR(20) NOT NULL, cue VARCHAR(50) NOT NULL, start INTEGER NOT NULL, "
        '"end" INTEGER NOT NULL)'
    )
    raw.execute("INSERT INTO quotes VALUES (1, 'd', 'X', '', 'q', 'direct', 'say', 0, 1)")
    raw.commit()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    assert db.upgrade() == "0003"  # the newest revision (0003: watches and feeds)
    columns = {row[1] for row in raw.execute("PRAGMA table_info(quotes)")}
    assert {"speaker_key", "how", "mention", "quote_key"} <= columns
    assert raw.execute("SELECT count(*) FROM quotes").fetchone() == (0,)
    assert raw.execute("SELECT count(*) FROM attributed_articles").fetchone() == (0,)
