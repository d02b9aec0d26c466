"""Feeds polled from a real HTTP server on loopback: new items stored once, and every way a
site fails (too slow, broken XML, a page too big, a redirect loop) gives one line while the
other feeds go on. Real embedded Chroma store (test embedder), real SQLite, real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from servers.news_site import NewsSite

from bench.watch_stories import KESTREL, ORIN

BRIEFBOT = str(Path(sys.executable).parent / "briefbot")
TIMEOUT = 1.5  # seconds a feed gets before it is given up


def make_bot(store: Path):
    from bot.config import Settings
    from bot.service import BriefBot

    settings = Settings(
        store=store,
        embeddings="fake",
        reranker="none",
        answerer="extractive",
        feed_timeout=TIMEOUT,
        feed_max_kb=100,
        feed_host_delay=0.0,
    )
    return BriefBot(settings)


@pytest.fixture
def site():
    with NewsSite() as s:
        yield s


def publish_site(site: NewsSite) -> None:
    """Two good feeds (RSS and Atom) and three bad ones."""
    step0 = KESTREL["steps"][0]["articles"]
    orin = ORIN["steps"][0]["articles"][0]
    for k, article in enumerate(step0):
        site.article(f"/kestrel/{k}", article)
    site.article("/orin/0", orin)
    site.article("/copy-of-orin", orin)  # the same story at a second address
    site.serve("/huge", "<html><body><p>" + "word " * 40_000 + "</p></body></html>")
    site.redirect_loop("/loop")
    site.rss(
        "/rss.xml",
        [("/kestrel/0", step0[0]), ("/kestrel/1", step0[1]), ("/huge", step0[0]), ("/loop", orin)],
    )
    site.atom("/atom.xml", [("/orin/0", orin), ("/copy-of-orin", orin)])
    site.rss("/slow.xml", [("/orin/0", orin)])
    site.serve("/slow.xml", site.routes["/slow.xml"][2], delay=TIMEOUT * 3)
    site.serve("/broken.xml", "<rss><channel><item><title>Half a feed", kind="application/rss+xml")
    site.serve("/not-found.xml", "gone", status=404)


def add_feeds(bot, site: NewsSite) -> None:
    for name in ("rss", "atom", "slow", "broken", "not-found"):
        bot.feeds.add(f"{site.url}/{name}.xml", name=name)


def test_poll_stores_new_items_once_and_each_failure_is_one_line(site, tmp_path):
    publish_site(site)
    bot = make_bot(tmp_path / "store")
    add_feeds(bot, site)
    report, ingested = bot.poll_feeds()
    lines = {f.name: f for f in report.feeds}
    assert (lines["rss"].new, lines["atom"].new) == (2, 1)
    assert lines["atom"].known == 1  # the copy at another address: same text, not stored
    assert f"no answer within {TIMEOUT:g} s" in lines["slow"].error
    assert "not a valid RSS or Atom feed" in lines["broken"].error
    assert "answered 404" in lines["not-found"].error
    item_errors = " | ".join(lines["rss"].item_errors)
    assert "/huge: larger than 100 KB" in item_errors
    assert "/loop: more than 5 redirects" in item_errors
    with pytest.raises(Exception, match="is not a web address"):
        bot.feeds.add("ftp://example/feed", name="x")
    print("\n" + "\n".join(report.lines()))  # what `briefbot feeds poll` shows (-s)
    for line in report.lines():
        assert "\n" not in line and "Traceback" not in line
    assert ingested is not None and len(ingested.added) == 3
    stored = {a.title for a in bot.store.list_articles()}
    assert stored == {
        KESTREL["steps"][0]["articles"][0]["title"],
        KESTREL["steps"][0]["articles"][1]["title"],
        ORIN["steps"][0]["articles"][0]["title"],
    }
    # Stored with what the feed and page said: outlet = feed name, date from the feed entry.
    orin = next(a for a in bot.store.list_articles() if a.title.startswith("Algae"))
    assert orin.meta["source"] == "atom" and orin.meta["published_at"].startswith("2025-07-01")
    assert orin.meta["url"] == f"{site.url}/orin/0"

    # Polling again fetches the feeds but no page already stored.
    pages_before = site.hits.get("/kestrel/0", 0)
    again, ingested = bot.poll_feeds()
    assert ingested is None
    assert {f.name: f.new for f in again.feeds}["rss"] == 0
    assert site.hits["/kestrel/0"] == pages_before
    assert bot.store.count_articles() == 3


def test_feeds_cli_and_ingest_url(site, tmp_path):
    publish_site(site)
    env = {
        **os.environ,
        "BRIEFBOT_EMBEDDINGS": "fake",
        "BRIEFBOT_RERANKER": "none",
        "BRIEFBOT_STORE": str(tmp_path / "store"),
        "BRIEFBOT_FEED_TIMEOUT": str(TIMEOUT),
        "BRIEFBOT_FEED_MAX_KB": "100",
        "BRIEFBOT_FEED_HOST_DELAY": "0",
    }

    def cli(*args):
        return subprocess.run(
            [BRIEFBOT, *args], env=env, capture_output=True, text=True, timeout=300
        )

    assert cli("feeds", "add", f"{site.url}/atom.xml", "--name", "lakeside").returncode == 0
    assert cli("feeds", "add", f"{site.url}/broken.xml", "--name", "broken").returncode == 0
    twice = cli("feeds", "add", f"{site.url}/atom.xml", "--name", "lakeside")
    assert twice.returncode == 1 and "a feed named 'lakeside' already exists" in twice.stderr
    polled = cli("feeds", "poll")
    assert polled.returncode == 0, polled.stderr
    assert "feed lakeside: 1 new, 1 already stored" in polled.stdout
    broken = [ln for ln in polled.stderr.splitlines() if "feed broken" in ln]
    assert len(broken) == 1 and "not a valid RSS or Atom feed" in broken[0]
    assert cli("feeds", "remove", "broken").returncode == 0
    listed = cli("feeds", "list")
    assert "lakeside" in listed.stdout and "broken" not in listed.stdout

    one = cli("ingest", f"{site.url}/kestrel/0")
    assert one.returncode == 0, one.stderr
    assert "added: Kestrel Bay floods: relief effort begins" in one.stdout
    loop = cli("ingest", f"{site.url}/loop", f"{site.url}/kestrel/0")
    assert loop.returncode == 1
    assert loop.stderr.count("\n") == 1 and "more than 5 redirects" in loop.stderr
    assert "already stored: Kestrel Bay floods" in loop.stdout  # the other page went on
