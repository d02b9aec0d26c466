"""Event dates on sentences written here, each with its publication date: a month and day or a
month without a year take the year nearest publication as the sentence's tense allows, one
article names one date for one month and day, and past/planned follows both the tense and the
side of the publication date the resolved date falls on."""

from __future__ import annotations

from datetime import date

from bot.attribution import dates
from bot.attribution.extract import analyse


def events(text: str, published: date) -> dict[str, list[tuple[str, str, str]]]:
    """expression -> [(date, precision, status), ...] in order, after checking every span."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for e in dates.extract(text, published):
        assert text[e.start : e.end] == e.text
        assert text[e.expr_start : e.expr_start + len(e.expression)] == e.expression
        out.setdefault(e.expression, []).append((e.date, e.precision, e.status))
    return out


def test_a_month_and_day_before_a_vote_is_the_coming_one_in_every_mention():
    text = (
        "Opposition parties want the budget settled before the vote on November 12. "
        "The prime minister met party leaders on Tuesday. "
        "Officials said November 12 leaves little time for a recount."
    )
    found = events(text, date(2025, 10, 2))
    assert found["November 12"] == [("2025-11-12", "day", "planned")] * 2


def test_mentions_of_one_month_and_day_agree_on_the_year_a_tense_cue_gives():
    text = (
        "The referendum is scheduled for January 15. "
        "Foreign observers are invited for January 15 as well."
    )
    # on its own the second mention (no tense) would read back to 15 January 2025
    assert events(text, date(2025, 6, 20))["January 15"] == [("2026-01-15", "day", "planned")] * 2
    written = (
        "The treaty signed on January 15, 2025 is in force. Critics still mark January 15 each "
        "month."
    )
    assert events(written, date(2025, 6, 20))["January 15"] == [("2025-01-15", "day", "past")]


def test_a_month_named_alone_is_the_next_one_when_it_is_much_nearer():
    found = events("The new fares apply starting in January.", date(2025, 11, 3))
    assert found["in January"] == [("2026-01", "month", "planned")]
    found = events("Fares rose sharply starting in January.", date(2025, 11, 3))
    assert found["in January"] == [("2025-01", "month", "past")]
    found = events("In February, the regulator fined the bank.", date(2023, 11, 21))
    assert found["In February"] == [("2023-02", "month", "past")]


def test_a_date_moved_to_is_the_one_ahead_and_its_status_follows_the_publication_day():
    text = "The hearing was moved to May 27 at the request of the defence."
    assert events(text, date(2025, 5, 12))["May 27"] == [("2025-05-27", "day", "planned")]
    assert events(text, date(2025, 5, 30))["May 27"] == [("2025-05-27", "day", "past")]


def test_status_follows_the_tense_and_the_side_of_the_publication_date():
    text = "The committee met on May 2 and will meet again on May 20."
    found = events(text, date(2025, 5, 12))
    assert found["May 2"] == [("2025-05-02", "day", "past")]
    assert found["May 20"] == [("2025-05-20", "day", "planned")]
    assert events("The results will be published today.", date(2025, 5, 12))["today"] == [
        ("2025-05-12", "day", "planned")
    ]
    assert events("The results were published today.", date(2025, 5, 12))["today"] == [
        ("2025-05-12", "day", "past")
    ]
    past_tense = events("On Nov. 8, in its final days, the exchange froze.", date(2023, 10, 4))
    assert past_tense["Nov. 8"] == [("2022-11-08", "day", "past")]


def test_weekdays_read_back_unless_the_sentence_looks_ahead():
    published = date(2025, 12, 23)  # a Tuesday
    found = events(
        "The minister resigned on Friday. Her successor will visit the border on Thursday.",
        published,
    )
    assert found["on Friday"] == [("2025-12-19", "day", "past")]
    assert found["on Thursday"] == [("2025-12-25", "day", "planned")]
    found = events("Both sides will hold a meeting on Wednesday (24th).", published)
    assert found["on Wednesday (24th)"] == [("2025-12-24", "day", "planned")]


def test_a_dateline_and_a_weekday_with_its_date_place_an_undated_article():
    text = (
        "(Lisbon, 14th) Negotiators met on Monday (April 13) and will meet again on "
        "Thursday (16th). The accord reached in October still holds."
    )
    found = analyse([("d", text, {"day": ""})], today=date(2026, 12, 2))[0]
    assert found.inferred and found.published == "2026-04-14"  # 13 April is a Monday in 2026
    got = {e.expression: (e.date, e.status) for e in found.events}
    assert got["on Monday (April 13)"] == ("2026-04-13", "past")
    assert got["on Thursday (16th)"] == ("2026-04-16", "planned")
    assert got["in October"] == ("2025-10", "past")  # the October before publication
    assert all(text[e.start : e.end] == e.text for e in found.events)


def test_relative_months_and_years_and_written_years():
    published = date(2026, 1, 15)
    text = (
        "Prices fell last month. The port reopens next year. "
        "The agreement reached in October still holds. "
        "The bridge opened on 3 March 2019 and will close in June 2027. "
        "A decade ago the town had no port; two years ago it had two."
    )
    found = events(text, published)
    assert found["last month"] == [("2025-12", "month", "past")]
    assert found["next year"] == [("2027", "year", "planned")]
    assert found["in October"] == [("2025-10", "month", "past")]
    assert found["3 March 2019"] == [("2019-03-03", "day", "past")]
    assert found["in June 2027"] == [("2027-06", "month", "planned")]
    assert found["A decade ago"] == [("2016", "year", "past")]
    assert found["two years ago"] == [("2024", "year", "past")]


def test_participles_after_a_modal_are_no_past_and_capitals_are_no_months():
    published = date(2023, 9, 28)
    found = events("The release might get bumped into November.", published)
    assert found["November"] == [("2023-11", "month", "planned")]
    found = events("The talks will be held on October 5 in the capital.", published)
    assert found["October 5"] == [("2023-10-05", "day", "planned")]
    assert events("The card carries a low APR for a year.", published) == {}
