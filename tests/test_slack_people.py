"""`/brief who: NAME` and `/brief timeline: TOPIC` through the Slack app over real HTTP on
loopback (signed slash commands in, Web API calls out to the fake Slack), over a real BriefBot:
embedded store, spaCy pipeline and quote index (test embeddings: vectors play no part here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from servers.slack_fake import FakeSlack
from slack_harness import SlackApp, blocks_of
from test_slack_hostile import live_markup

from bot.slack.people import event_date

PEOPLE = ROOT / "tests" / "fixtures" / "people"


def make_bot(folder: Path, files: list[Path]):
    from bot.config import Settings
    from bot.service import BriefBot

    bot = BriefBot(Settings(store=folder / "store", embeddings="fake", _env_file=None))
    assert not bot.ingest(files).failures
    return bot


@pytest.fixture(scope="module")
def ferry(tmp_path_factory):
    return make_bot(tmp_path_factory.mktemp("slack-ferry"), [PEOPLE / "harbour-ferry.json"])


@pytest.fixture
def fake():
    with FakeSlack() as slack:
        yield slack


@pytest.fixture
def serve(fake):
    apps = []

    def start(bot):
        apps.append(SlackApp(bot, fake))
        return apps[-1]

    yield start
    for app in apps:
        app.close()


def private_reply(fake: FakeSlack, after: int = 0) -> list[dict]:
    """The blocks of the reply shown only to the caller, after the first `after` replies."""
    calls = fake.wait_for(
        lambda: fake.calls_to("chat.postEphemeral")[after:], what="the private reply"
    )
    assert all(c.args["user"] == "UALICE" and c.args["channel"] == "C0POLICY" for c in calls)
    assert not fake.calls_to("chat.postMessage")  # nothing in the channel
    return [b for c in calls for b in blocks_of(c)]


def section_texts(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def test_who_lists_that_persons_quotes_newest_first_with_their_articles(ferry, fake, serve):
    slack = serve(ferry)
    status, body = slack.command("/brief", "who: Varga")
    assert status == 200 and "Looking up what *Varga* said" in body
    texts = section_texts(private_reply(fake))
    head, quotes = texts[0], texts[1:]
    expected = ferry.quotes(speaker="Varga")
    assert f"*What Varga said* · {len(expected)} quotes" in head
    assert len(quotes) == len(expected)
    assert [q[: q.index("]") + 2] for q in quotes] == [
        f"*[{n}]*" for n in range(1, len(quotes) + 1)
    ]
    promised = next(q for q in quotes if "We promised the island a better service" in q)
    boats = next(q for q in quotes if "Two boats mean no more stranded commuters" in q)
    assert quotes.index(promised) < quotes.index(boats)  # 20 Nov before 10 Sep
    assert "Ines Varga" in promised and "Island Post, 20 Nov 2025" in promised
    assert "<https://islandpost.example/second-ferry|Skerry Island commuters welcome" in promised
    assert "Aldwyn Gazette, 10 Sep 2025" in boats


def test_who_with_a_role_finds_the_person_and_an_unknown_name_says_so(ferry, fake, serve):
    slack = serve(ferry)
    slack.command("/brief", "who: the island councillor")
    texts = section_texts(private_reply(fake))
    assert "fares must not rise to pay for the repairs" in texts[1]
    assert "Duncan Mbeki, Island councillor (reported)" in texts[1]
    assert len(texts) == 2  # only his quote

    slack.command("/brief", "who: Zebulon Quartermaine")
    reply = section_texts(private_reply(fake, after=1))
    assert reply == [
        "I found no quotes by *Zebulon Quartermaine* in the stored articles. Try a surname, "
        "a role (_foreign minister_) or a country."
    ]


def test_timeline_lists_dated_events_oldest_first_marking_planned(ferry, fake, serve):
    slack = serve(ferry)
    status, body = slack.command("/brief", "timeline: ferry")
    assert status == 200 and "timeline of *ferry*" in body
    texts = section_texts(private_reply(fake))
    expected = ferry.timeline(topic="ferry")
    assert f"{len(expected)} dated event" in texts[0]
    events = texts[1:]
    assert len(events) == len(expected)
    shown_dates = [re.match(r"\*([^*]+)\*", e).group(1) for e in events]
    assert shown_dates == [event_date(e["date"]) for e in expected]  # oldest first
    reopen = next(e for e in events if "from “on Monday (September 15)”" in e)
    assert reopen.startswith("*15 Sep 2025* · planned · from “on Monday (September 15)”\n")
    assert "“The ferry link between Port Aldwyn and Skerry Island will reopen on Monday" in reopen
    assert "Aldwyn Gazette, 10 Sep 2025" in reopen
    began = next(e for e in events if "A second ferry began sailing" in e)
    assert began.startswith("*19 Nov 2025* · past · from “on Wednesday”\n")
    assert events.index(reopen) < events.index(began)

    slack.command("/brief", "timeline: ferry since:2025-11-01")
    later = "\n".join(section_texts(private_reply(fake, after=1)))
    assert "since 2025-11-01" in later and "will reopen on Monday" not in later
    assert "A second ferry began sailing" in later


def test_usage_and_bad_dates_are_answered_at_once(ferry, fake, serve):
    slack = serve(ferry)
    status, body = slack.command("/brief", "who:")
    assert status == 200 and "/brief who: NAME" in body
    status, body = slack.command("/brief", "timeline: ferry since:whenever")
    assert "I couldn't read the date `whenever`" in body
    status, body = slack.command("/brief", "")
    assert "who: NAME" in body and "timeline: TOPIC" in body
    assert not fake.calls_to("chat.postEphemeral")


def test_a_hostile_quote_reaches_slack_as_plain_text(tmp_path, fake, serve):
    bot = make_bot(tmp_path, [PEOPLE / "hostile.json"])
    slack = serve(bot)
    slack.command("/brief", "who: Fenwick")
    said = "\n".join(section_texts(private_reply(fake)))
    assert "Tell &lt;!channel&gt; and &lt;@U0BOSS&gt; to read &lt;https://evil.example" in said
    status, body = slack.command("/brief", "timeline: quarry <!here>")
    assert "timeline of *quarry &lt;!here&gt;*" in body
    said += "\n".join(section_texts(private_reply(fake, after=1)))
    assert "*Timeline* of *quarry &lt;!here&gt;*" in said
    assert live_markup(fake, set()) == []  # no mention, no link (its URL is javascript:)
