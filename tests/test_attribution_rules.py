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
    """Regression floor on 1397 hand-labelled quotes in 81 articles and 76 dated expressions.
    The issue's targets (P >= 0.90, R >= 0.85) are not reached yet: see docs/benchmarks.md."""
    from bench.people import score

    s = score()
    assert s["labelled"] >= 150 and s["articles"] >= 20 and s["events"] >= 60
    assert s["inexact_spans"] == 0
    assert s["precision"] >= 0.80 and s["recall"] >= 0.78
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


def _who(text: str) -> dict[str, tuple[str, str]]:
    found = facts(text, "2024-03-04T09:00:00+00:00")
    assert all(text[q.start : q.end] == q.quote for q in found.quotes)
    return {q.quote: (q.speaker, q.how) for q in found.quotes}


def test_an_unnamed_person_noun_speaks_and_is_not_merged_with_the_last_speaker():
    text = (
        "Mayor Ines Carrow said the bridge would reopen in June.\n"
        '"The repairs are already two months late and nobody tells us why," a resident said.\n'
        "The caller told the station that the water had reached the second step."
    )
    who = _who(text)
    assert who["The repairs are already two months late and nobody tells us why"][0] == "resident"
    assert who["the water had reached the second step"][0] == "caller"


def test_the_ministry_goes_to_the_organisation_the_text_named_with_that_word():
    text = (
        "Talks resumed after the Ministry of Water Resources published new figures on Tuesday.\n"
        "Farm leader Oskar Lind said the figures were too late for this season.\n"
        "The ministry said the reservoirs held less than a third of their capacity."
    )
    who = _who(text)
    assert who["the reservoirs held less than a third of their capacity"] == (
        "Ministry of Water Resources",
        "organisation",
    )


def test_the_statement_goes_to_whoever_issued_the_last_statement():
    text = (
        "Harlow Legal said in a statement on Friday that its client would appeal.\n"
        "The judge, Mira Kest, said the hearing would resume next week.\n"
        '"Our client has cooperated fully at every stage of this process," the statement said.'
    )
    who = _who(text)
    assert who["Our client has cooperated fully at every stage of this process"][0] == (
        "Harlow Legal"
    )


def test_what_was_not_said_is_not_a_quote():
    text = (
        "The driver would not say why the bus had left early, the inspector reported.\n"
        "The passengers believed what the conductor said was true.\n"
        "The inspector said, his voice rising, that the timetable had been ignored."
    )
    found = facts(text).quotes
    quotes = [q.quote for q in found]
    # the driver said nothing; the inspector reported the whole sentence, not "why ..."
    assert not any("driver" in q.speaker.lower() for q in found)
    assert not any(q.startswith("why the bus") or "was true" in q for q in quotes)
    assert not any(q.startswith("his voice") for q in quotes)


def test_a_weak_cue_counts_right_after_a_quotation_and_its_subject():
    text = (
        "Critic Dana Holt praised the opera.\n"
        '"This is the best staging the city has seen in a decade," another viewer joked.\n'
        "The composer joked about the weather during the interval."
    )
    who = _who(text)
    assert who["This is the best staging the city has seen in a decade"][0] == "another viewer"
    assert len(who) == 1  # the second "joked" has no quotation: nothing was quoted


def test_a_surname_that_is_also_a_title_word_still_finds_the_full_name():
    text = (
        "Rosa Dean Bishop chaired the Bishop Trophy committee for ten years.\n"
        '"We kept the trophy because the players asked us to keep it," Bishop said.'
    )
    who = _who(text)
    assert who["We kept the trophy because the players asked us to keep it"] == (
        "Rosa Dean Bishop",
        "surname",
    )


def test_first_and_second_person_outside_quotes_are_not_speakers():
    text = (
        "Interviewer: You said the season was a turning point for the club.\n"
        "I told the board the budget would not cover a second coach."
    )
    assert facts(text).quotes == []


def test_she_skips_a_man_named_more_recently_and_relatives_named_in_passing():
    text = (
        "Engineer Lena Moravec, who lives with husband Piotr Adamski, inspected the dam on Monday.\n"
        '"The spillway gates are older than anyone working here today," she said.\n'
        "Her colleague Tomasz Rell reviewed the logs. He found no faults in the sensors.\n"
        '"I would still replace all four gates before the next flood season," she said.'
    )
    who = _who(text)
    assert who["The spillway gates are older than anyone working here today"] == (
        "Lena Moravec",
        "pronoun",
    )
    assert who["I would still replace all four gates before the next flood season"][0] == (
        "Lena Moravec"
    )


def test_he_goes_to_a_newcomer_named_after_the_last_speaker():
    text = (
        '"We lost the whole harvest," farmer Ivo Marsh told the court.\n'
        "The court then called Bram Okafor to the stand.\n"
        "A former surveyor, he and Marsh had worked together for years, he said."
    )
    who = _who(text)
    assert who["We lost the whole harvest"][0].endswith("Ivo Marsh")
    said = next(q for q in who if q.startswith("A former surveyor"))
    assert who[said] == ("Bram Okafor", "pronoun")


def test_an_epithet_goes_to_the_last_person_quoted_and_they_to_a_group():
    text = (
        "Singer Alma Voss said her tour would start in Lisbon.\n"
        'The Grammy-winning singer added: "Lisbon was the first city that ever booked me."\n'
        'Local fans queued overnight. "We have waited three years for this," they said.'
    )
    who = _who(text)
    assert who["Lisbon was the first city that ever booked me."] == ("Alma Voss", "organisation")
    assert who.get("We have waited three years for this", ("",))[0] != "Alma Voss"


def test_the_company_before_any_body_spoke_is_the_business_the_story_is_about():
    text = (
        "Quillfeather, the note-taking app, will close its doors in March.\n"
        "Quillfeather Inc had about 40,000 users at its peak, said one of its investors.\n"
        "The company said it had run out of money to keep Quillfeather going.\n"
        "Quillfeather staff were told on Monday, the investor added."
    )
    who = {q.quote: (q.speaker, q.how) for q in facts(text).quotes}
    assert who["it had run out of money to keep Quillfeather going"] == (
        "Quillfeather Inc",
        "organisation",
    )


def test_a_clause_before_the_company_said_is_reported_speech():
    text = (
        "Marrow Freight named a new chief executive on Tuesday.\n"
        "Ines Kallas, the finance chief, will take over as interim CEO from next week, "
        "the company said, while it searches for a permanent replacement."
    )
    found = facts(text).quotes
    said = [q for q in found if q.cue == "say"]
    assert [q.quote for q in said] == [
        "Ines Kallas, the finance chief, will take over as interim CEO from next week"
    ]


def test_she_is_the_person_the_story_moved_on_to_and_he_is_never_a_body():
    story = (
        'Tomas Reed, a former coach, said the league had lost its way. "It is sad," he said.\n'
        "Mira Castell was the main speaker at the summit on Tuesday.\n"
    )
    moved_on = story + "Days later, she announced the team would stop selling tickets.\n"
    who = {q.quote: q.speaker for q in facts(moved_on).quotes}
    assert who["the team would stop selling tickets"] == "Mira Castell"
    body = (
        story.splitlines()[0]
        + "\n"
        + (
            "The Associated Press asked the league about the plan on Friday.\n"
            "Asked about the plan, he said it was a mistake the team would regret.\n"
            "Associated Press writers in Paris contributed to this report."
        )
    )
    who = {q.quote: q.speaker for q in facts(body).quotes}
    assert who["it was a mistake the team would regret"] == "Tomas Reed"
