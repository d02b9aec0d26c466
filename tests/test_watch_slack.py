"""Slack surfaces of watches over real HTTP on loopback: `/brief watch NAME` subscribes the
channel, `/brief digest NAME` posts the digest there, and "@briefbot summarize this thread"
replies in the thread, citing each message by its permalink and the stored articles linked."""

from __future__ import annotations

import json

import pytest
from servers.slack_fake import FakeSlack
from slack_harness import SlackApp, blocks_of, mention

from bench.watch_stories import KESTREL, write_step


@pytest.fixture
def bot(tmp_path):
    from bot.config import Settings
    from bot.service import BriefBot

    bot = BriefBot(
        Settings(
            store=tmp_path / "store", embeddings="fake", reranker="none", answerer="extractive"
        )
    )
    articles = [
        dict(a, url=f"https://news.example/kestrel/{k}")
        for k, a in enumerate(KESTREL["steps"][0]["articles"])
    ]
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "kestrel.json").write_text(json.dumps(articles), encoding="utf-8")
    bot.ingest([folder])
    bot.watches.add("kestrel", KESTREL["topic"])
    return bot


@pytest.fixture
def slack(bot):
    with FakeSlack() as fake:
        app = SlackApp(bot, fake)
        yield app, fake
        app.close()


def test_brief_watch_subscribes_and_brief_digest_posts_here(bot, slack, tmp_path):
    app, fake = slack
    status, body = app.command("/brief", "watch kestrel", channel="C0FLOODS")
    assert status == 200 and "This channel now gets the digests of *kestrel*" in body
    assert bot.watches.get("kestrel").channels == ["C0FLOODS"]
    status, body = app.command("/brief", "watch nosuch", channel="C0FLOODS")
    assert "no watch named 'nosuch' (watches: kestrel)" in body

    status, body = app.command("/brief", "digest kestrel", channel="C0FLOODS")
    assert status == 200 and "Writing the digest of *kestrel*" in body
    posted = fake.wait_for(lambda: fake.calls_to("chat.postMessage"), what="the digest")
    blocks = blocks_of(posted[0])
    assert posted[0].args["channel"] == "C0FLOODS"
    assert blocks[0]["text"]["text"] == f"*kestrel: first brief on {KESTREL['topic']}*"
    assert [b["block_id"] for b in blocks if b["type"] == "context"][0] == "citation_1"
    fake.wait_for(lambda: bot.watches.last_delivered(bot.watches.get("kestrel")), what="delivery")

    write_step(tmp_path / "more", KESTREL, 1)
    bot.ingest([tmp_path / "more"])
    app.command("/brief", "digest kestrel", channel="C0FLOODS")
    second = fake.wait_for(lambda: fake.calls_to("chat.postMessage")[1:], what="the second digest")
    print("\nSecond digest, Block Kit:\n" + json.dumps(blocks_of(second[0]), indent=1))  # -s
    text = " ".join(b["text"]["text"] for b in blocks_of(second[0]) if b["type"] == "section")
    assert "*updated*" in text and "from 40 people to 52 people" in text


def test_summarize_this_thread_cites_messages_and_linked_articles(bot, slack):
    app, fake = slack
    root = fake.user_message("C0POLICY", "Has anyone seen the flood numbers from Kestrel Bay?")
    fake.user_message(
        "C0POLICY",
        "Yes, the agency gave a toll this morning: <https://news.example/kestrel/0|Coast Herald>",
        user="UBOB",
        thread_ts=root["ts"],
    )
    fake.user_message(
        "C0POLICY",
        "We should brief the minister before the donors meet.",
        user="UCAROL",
        thread_ts=root["ts"],
    )
    status, _ = app.event(mention(fake, "summarize this thread", thread_ts=root["ts"]))
    assert status == 200
    reply = fake.wait_for(
        lambda: [
            c for c in fake.calls_to("chat.postMessage") if c.args.get("thread_ts") == root["ts"]
        ],
        what="the thread summary",
    )[0]
    blocks = blocks_of(reply)
    print("\nThread summary, Block Kit:\n" + json.dumps(blocks, indent=1))  # shown with -s
    body = " ".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert "3 messages from 3 people" in body
    assert "brief the minister" in body and "[3]" in body
    cites = [b for b in blocks if b["type"] == "context"]
    heads = [c["elements"][0]["text"] for c in cites]
    # Messages are cited by permalink; the linked article by its title, outlet and lead.
    assert "https://test.slack.com/archives/C0POLICY/p" in heads[0]
    assert any(
        "Kestrel Bay floods: relief effort begins" in h and "Coast Herald" in h for h in heads
    )
    quotes = " ".join(c["elements"][1]["text"] for c in cites)
    assert "Relief crews reached the flooded districts" in quotes
    assert "summarize this thread" not in body  # the request itself is not summarised
