"""The web app's People and Timeline tabs, through their handlers, over a real BriefBot: a real
embedded store, the real spaCy pipeline and quote index (test embeddings: vectors play no part
in who said what, or when). The browser test is test_web_people_browser.py."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT

PEOPLE = ROOT / "tests" / "fixtures" / "people"
WEB = ROOT / "tests" / "fixtures" / "web"


def make_bot(folder: Path, files: list[Path]):
    from bot.config import Settings
    from bot.service import BriefBot

    bot = BriefBot(Settings(store=folder / "store", embeddings="fake", _env_file=None))
    if files:
        assert not bot.ingest(files).failures
    return bot


def tabs(bot):
    from bot.web.handlers import WebChat
    from bot.web.people_tab import PeopleTab
    from bot.web.timeline_tab import TimelineTab

    chat = WebChat(bot)
    return PeopleTab(chat), TimelineTab(chat, "")


@pytest.fixture(scope="module")
def ferry(tmp_path_factory):
    return make_bot(tmp_path_factory.mktemp("ferry"), [PEOPLE / "harbour-ferry.json"])


def text_of(markup: str) -> str:
    """What the page shows: tags dropped, entities undone, spaces joined."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def listed(markup: str) -> dict[str, str]:
    """speaker key -> the words of its button in the People list."""
    import html

    found = re.findall(
        r'<button type="button" class="bb-speaker" value="([^"]*)">(.*?)</button>', markup
    )
    return {html.unescape(key): text_of(inner) for key, inner in found}


def test_people_lists_everyone_quoted_with_how_often(ferry):
    people, _ = tabs(ferry)
    speakers, listing, panel = people.load("")
    shown = listed(listing)
    assert shown and set(shown) == {s["key"] for s in speakers}
    counts = [int(re.search(r"(\d+) quotes?", words).group(1)) for words in shown.values()]
    assert counts == sorted(counts, reverse=True)  # most quoted first
    for s in speakers:  # each count is the number of quotes the person's page shows
        assert len(ferry.quotes(key=s["key"])) == s["quotes"]
    varga = next(s for s in speakers if s["key"] == "ines varga")
    assert f"{varga['quotes']} quotes" in shown["ines varga"]
    assert "latest 20 Nov 2025" in shown["ines varga"]
    assert "Commuter group chair" in shown["rosa lindqvist"]
    assert "Pick a name" in text_of(panel)
    # The find box narrows the list by name or role.
    narrowed = listed(people.find("councillor", speakers))
    assert list(narrowed) == ["duncan mbeki"]
    assert "No one quoted matches “nobody here”" in text_of(people.find("nobody here", speakers))


def test_a_persons_quotes_are_newest_first_with_source_and_passage(ferry):
    people, _ = tabs(ferry)
    speakers, _, _ = people.load("")
    varga = next(s for s in speakers if s["key"] == "ines varga")
    page = people.quotes_for(varga)
    words = text_of(page)
    newer = words.index("We promised the island a better service")
    older = words.index("Two boats mean no more stranded commuters")
    assert newer < older  # the 20 Nov article's quote before the 10 Sep article's
    cards = re.findall(r'<div class="bb-source bb-said">(.*?)</details></div>', page, re.S)
    assert len(cards) == varga["quotes"]
    promised = next(c for c in cards if "We promised" in c)
    assert "Island Post" in promised and "20 Nov 2025" in promised
    assert 'href="https://islandpost.example/second-ferry"' in promised
    # The passage: the article's paragraph, the quote marked exactly as the article has it.
    marked = re.search(r'<mark class="bb-quote">(.*?)</mark>', promised).group(1)
    assert marked == "We promised the island a better service and this is it"
    assert "Harbour master Ines Varga said the extra boat" in text_of(promised)
    assert "Pick a name" in text_of(people.quotes_for(None))
    assert "worked out" not in page  # these articles carry their dates


def test_a_date_worked_out_from_the_article_says_so(tmp_path):
    undated = tmp_path / "undated.txt"
    undated.write_text(
        "Ferry talks resume\n\n(Port Aldwyn, 14th) Harbour master Ines Varga said on Monday "
        "(September 15) that the new ramp had passed its tests.\n"
    )
    bot = make_bot(tmp_path, [undated])
    people, _ = tabs(bot)
    speakers, _, _ = people.load("")
    quotes = bot.quotes(key=speakers[0]["key"])
    assert quotes and all(q["published_inferred"] for q in quotes)
    page = text_of(people.quotes_for(speakers[0]))
    day = quotes[0]["published_at"][:10]
    from bot.web.people_view import nice_date

    assert f"{nice_date(day)} (date worked out from the article)" in page


def test_a_quote_two_outlets_carry_counts_once_and_names_both(tmp_path):
    bot = make_bot(tmp_path, [WEB / "city-desk.json", WEB / "riverton-wire-copy.json"])
    people, _ = tabs(bot)
    speakers, _, _ = people.load("")
    reyes = next(s for s in speakers if s["key"] == "tomas reyes")
    assert reyes["quotes"] == 1 and reyes["articles"] == 2
    page = text_of(people.quotes_for(reyes))
    assert page.count("commuters from the eastern suburbs would carry most of the cost") == 2
    assert "Riverton Ledger" in page and "Also reported by Harbour Wire 2025-11-04" in page


def test_article_text_is_shown_as_text_never_as_markup(tmp_path):
    bot = make_bot(tmp_path, [PEOPLE / "hostile.json"])
    people, timeline = tabs(bot)
    speakers, listing, _ = people.load("")
    page = people.quotes_for(speakers[0]) + timeline.show("", "", "")
    assert "<img" not in page and "<!channel>" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)" in page
    assert "javascript:" not in page  # a link that is not http(s) is not offered
    assert "Tell <!channel> and <@U0BOSS>" in text_of(page)


def test_timeline_is_oldest_first_marks_planned_and_filters_by_date(ferry):
    _, timeline = tabs(ferry)
    page = timeline.show("", "", "")
    events = re.findall(r'<li class="bb-event bb-(past|planned)">(.*?)</li>', page, re.S)
    assert len(events) == len(ferry.timeline())
    reopen = next(body for _, body in events if "on Monday (September 15)</mark>" in body)
    assert '<span class="bb-date">15 Sep 2025</span>' in reopen
    assert ">Planned</span>" in reopen and "Aldwyn Gazette" in reopen
    assert "reopen on Monday (September 15) after three weeks of storm repairs" in text_of(reopen)
    dates = [e["date"] for e in ferry.timeline()]
    assert dates == sorted(dates)
    statuses = [status for status, _ in events]
    assert statuses == [e["status"] for e in ferry.timeline()]
    # Only what falls in the dates asked for, and only what is about the topic.
    later = timeline.show("", "2025-11-01", "")
    assert "15 Sep 2025" not in later and "Apr 2026" in later
    about = text_of(timeline.show("timetable", "", ""))
    assert "publish its winter timetable" in about and "will reopen on Monday" not in about
    assert "No dated events about “volcano”" in text_of(timeline.show("volcano", "", ""))


def test_a_bad_date_names_its_field(ferry):
    _, timeline = tabs(ferry)
    said = text_of(timeline.show("", "the day after never", ""))
    assert said.startswith("Date filter “From”") and "Traceback" not in said
    said = text_of(timeline.show("", "2025-12-01", "2025-11-01"))
    assert "“From” (1 Dec 2025) is after “Until” (1 Nov 2025)" in said


def test_empty_store_and_no_quotes_say_so_in_a_friendly_line(tmp_path):
    people, timeline = tabs(make_bot(tmp_path / "empty", []))
    speakers, listing, _ = people.load("")
    assert speakers == [] and "No articles yet: add some in the Sources tab." in listing
    assert "No articles yet" in timeline.show("", "", "")
    quiet = tmp_path / "quiet.json"
    quiet.write_text(
        '[{"title": "Tide tables", "published_at": "2025-05-01", "body": "High water is at '
        'noon. Low water is at six in the evening. The tables repeat every fortnight."}]'
    )
    people, _ = tabs(make_bot(tmp_path / "quiet", [quiet]))
    speakers, listing, _ = people.load("")
    assert speakers == [] and "No one is quoted in the stored articles yet." in listing


def test_a_bot_without_the_quote_index_says_it_is_not_available():
    bot = SimpleNamespace(store=None, settings=None)
    people, timeline = tabs(bot)
    assert "not available" in people.load("")[1]
    assert "not available" in timeline.show("", "", "")


def test_a_long_paragraph_is_cut_around_the_quote_at_sentence_ends():
    from bot.web.people_view import passage_around

    filler = " ".join(f"Sentence number {i} says little." for i in range(60))
    text = f"{filler} The mayor said the bridge will close. {filler}"
    start = text.index("the bridge will close")
    before, words, after = passage_around(text, start, start + len("the bridge will close"))
    assert words == "the bridge will close"
    assert before.startswith("…Sentence number") and after.endswith("little.…")
    assert len(before) + len(after) < 800
    assert passage_around(text, 10, 5) is None and passage_around("short", 0, 99) is None
