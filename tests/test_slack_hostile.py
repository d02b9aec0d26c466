"""Text from articles, the LLM and users reaches Slack inert: no mentions, no disguised links.

The app runs over real HTTP on loopback; what it sends is read back from the fake Slack Web API.
"""

from __future__ import annotations

import json
import logging
import re

import pytest
from servers.openai_fake import FakeOpenAI, Step
from servers.slack_fake import FakeSlack
from slack_harness import (
    SlackApp,
    answer_updates,
    blocks_of,
    mention,
    mrkdwn_texts,
    wait_answered,
)

# An article URL built to close the citation link early and add an @channel and a fake link.
EVIL_URL = (
    "https://news.example/border?a=1&b=2>|<!channel> Click <https://evil.example/b|Ministry portal"
)
# The same URL as it may appear inside Slack's <url|label>: '<', '>', '|', ' ' encoded, '&' escaped.
SAFE_URL = (
    "https://news.example/border?a=1&amp;b=2%3E%7C%3C!channel%3E%20Click"
    "%20%3Chttps://evil.example/b%7CMinistry%20portal"
)
ARTICLE = {
    "title": "Border <!channel> | crossing reopens <@U0BOSS>",
    "source": "Frontier Wire <#C0GENERAL>",
    "published_at": "2025-11-24T08:00:00Z",
    "url": EVIL_URL,
    "body": (
        "The Lanmar border crossing will reopen on Friday, the interior ministry said on Monday. "
        "The ministry posted [the ministry notice](https://evil.example/phish) on its website. "
        "<!here> Officials told traders to bring their permits & receipts to <@U0BOSS>.\n\n"
        "Truck drivers had waited at the crossing for nine days."
    ),
}
QUESTION = "When will the Lanmar border crossing reopen?"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, minilm):
    """A real store holding one article whose every field is hostile."""
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    base = tmp_path_factory.mktemp("slack-hostile")
    (base / "border.json").write_text(json.dumps(ARTICLE))
    store = Store(path=base / "store", embedder_name=minilm.name)
    assert not ingest_paths(store, minilm, [base / "border.json"]).failures
    return store


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


def make_bot(store, embedder, **settings):
    from bot.config import Settings
    from bot.service import BriefBot

    return BriefBot(Settings(store=store.location, **settings), store=store, embedder=embedder)


def live_markup(fake: FakeSlack, allowed_links: set[str]) -> list[str]:
    """Everything sent to Slack that it would turn into a mention or a link we did not intend.

    Allowed: `<url|label>` for the given (already Slack-safe) URLs. Every mrkdwn text object
    must also be verbatim, so Slack leaves bare "@here" or URLs in it alone.
    """
    problems = []
    for text, obj in mrkdwn_texts(fake):
        if obj is not None and obj.get("verbatim") is not True:
            problems.append(f"not verbatim: {text[:80]!r}")
        for inner in re.findall(r"<([^>]*)>", text):
            url, bar, label = inner.partition("|")
            if not (bar and url in allowed_links and label and "<" not in label):
                problems.append(f"<{inner}> in {text[:120]!r}")
    return problems


def llm_reply(body: dict) -> str:
    """What a model led astray by the article might write: links, mentions, markup."""
    prompt = body["messages"][-1]["content"]
    n = re.search(r'<passage n="(\d+)"', prompt).group(1)
    return (
        f"The Lanmar border crossing will reopen on Friday [{n}]. "
        f"Traders must bring their permits and receipts [{n}]. "
        "Read [the ministry notice](https://evil.example/phish) for the rules <!channel> "
        "<https://evil.example/c|Ministry portal>."
    )


def test_a_hostile_article_and_llm_reply_reach_slack_as_plain_text(
    hostile_store, minilm, fake, serve
):
    with FakeOpenAI() as llm:
        llm.set_script(Step(reply=llm_reply))
        bot = make_bot(
            hostile_store,
            minilm,
            answerer="llm",
            openai_api_key="sk-test",
            openai_base_url=llm.base_url,
            llm_max_retries=0,
        )
        slack = serve(bot)
        slack.event(mention(fake, QUESTION))
        wait_answered(fake)
        assert llm.chat_requests  # the model was really asked
    blocks = blocks_of(answer_updates(fake)[-1])
    assert blocks[:3] == [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "The Lanmar border crossing will reopen on Friday [1]. "
                "Traders must bring their permits and receipts [2]. "
                "(unverified) Read the ministry notice (https://evil.example/phish) for the rules "
                "&lt;!channel&gt; &lt;https://evil.example/c|Ministry portal&gt;.",
                "verbatim": True,
            },
        },
        {
            "type": "context",
            "block_id": "citation_1",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"*[1]* <{SAFE_URL}|Border &lt;!channel&gt; ¦ crossing reopens "
                    "&lt;@U0BOSS&gt;> - Frontier Wire &lt;#C0GENERAL&gt;, 24 Nov 2025",
                    "verbatim": True,
                },
                {
                    "type": "mrkdwn",
                    "text": "“The Lanmar border crossing will reopen on Friday, the interior "
                    "ministry said on Monday.”",
                    "verbatim": True,
                },
            ],
        },
        {
            "type": "context",
            "block_id": "citation_2",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"*[2]* <{SAFE_URL}|Border &lt;!channel&gt; ¦ crossing reopens "
                    "&lt;@U0BOSS&gt;> - Frontier Wire &lt;#C0GENERAL&gt;, 24 Nov 2025",
                    "verbatim": True,
                },
                {
                    "type": "mrkdwn",
                    "text": "“&lt;!here&gt; Officials told traders to bring their permits "
                    "&amp; receipts to &lt;@U0BOSS&gt;.”",
                    "verbatim": True,
                },
            ],
        },
    ]
    assert live_markup(fake, {SAFE_URL}) == []


def test_a_hostile_answer_is_sent_as_exactly_these_blocks(hostile_store, minilm, fake, serve):
    from bot.models import Answer, Citation

    def cite(n, url, title, source, date, quote):
        return Citation(n, quote, quote, f"doc{n}", title, source, url, date, 0, len(quote), 0.5)

    class HostileBot:
        settings = make_bot(hostile_store, minilm).settings

        def ask(self, question, history=None, **kw):
            return Answer(
                question,
                "Crossings reopen on Friday [1]. Details: "
                "[the ministry notice](https://evil.example/phish) <!channel> @here "
                "<https://evil.example/c|Ministry portal> & more [2]. ![map](https://evil.example/m.png)",
                False,
                "llm",
                [
                    cite(
                        1,
                        EVIL_URL,
                        ARTICLE["title"],
                        ARTICLE["source"],
                        "2025-11-24",
                        "Hi <!here>.",
                    ),
                    cite(
                        2,
                        "javascript:alert(1)//https://news.example/x",
                        "Portal <https://evil.example/d|click>",
                        "",
                        "not a date <!subteam^S1>",
                        "See [the notice](https://evil.example/phish).",
                    ),
                    cite(3, 'https://news.example/c d"e', "", "Wire", "", "Plain."),
                ],
                note="Read as: <!channel> follow-up",
            )

    slack = serve(HostileBot())
    slack.event(mention(fake, "When do crossings reopen?"))
    wait_answered(fake)

    def context(n, head, quote):
        elements = [
            {"type": "mrkdwn", "text": head, "verbatim": True},
            {"type": "mrkdwn", "text": quote, "verbatim": True},
        ]
        return {"type": "context", "block_id": f"citation_{n}", "elements": elements}

    blocks = blocks_of(answer_updates(fake)[-1])
    assert blocks[:-1] == [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "Crossings reopen on Friday [1]. Details: the ministry notice "
                "(https://evil.example/phish) &lt;!channel&gt; @here "
                "&lt;https://evil.example/c|Ministry portal&gt; &amp; more [2]. "
                "map (https://evil.example/m.png)",
                "verbatim": True,
            },
        },
        context(
            1,
            f"*[1]* <{SAFE_URL}|Border &lt;!channel&gt; ¦ crossing reopens &lt;@U0BOSS&gt;>"
            " - Frontier Wire &lt;#C0GENERAL&gt;, 24 Nov 2025",
            "“Hi &lt;!here&gt;.”",
        ),
        # Not an http(s) URL: the title alone, no link at all.
        context(
            2,
            "*[2]* Portal &lt;https://evil.example/d|click&gt; - not a date &lt;!subteam^S1&gt;",
            "“See [the notice](https://evil.example/phish).”",
        ),
        context(3, "*[3]* <https://news.example/c%20d%22e|doc3> - Wire", "“Plain.”"),
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": "Read as: &lt;!channel&gt; follow-up", "verbatim": True}
            ],
        },
    ]
    assert blocks[-1]["block_id"] == "briefbot_feedback"
    assert live_markup(fake, {SAFE_URL, "https://news.example/c%20d%22e"}) == []


def test_a_brief_from_a_hostile_article_is_inert(hostile_store, minilm, fake, serve):
    slack = serve(make_bot(hostile_store, minilm, answerer="extractive"))
    status, body = slack.command("/brief", "Lanmar border crossing <!channel>")
    assert status == 200
    assert body == (
        ":hourglass_flowing_sand: Writing a brief on *Lanmar border crossing &lt;!channel&gt;*…"
    )

    def private_brief():
        calls = fake.calls_to("chat.postEphemeral")
        done = calls and blocks_of(calls[-1])[-1].get("block_id") == "briefbot_share"
        return calls if done else None

    private = fake.wait_for(private_brief, what="the private brief")
    shown = json.dumps([blocks_of(c) for c in private])
    assert "Lanmar" in shown and "&lt;!channel&gt;" in shown  # the article's words, escaped
    assert live_markup(fake, {SAFE_URL}) == []


def test_the_brief_error_echoes_a_hostile_topic_escaped(hostile_store, minilm, fake, serve):
    slack = serve(make_bot(hostile_store, minilm, answerer="extractive"))
    topic = "<!channel> Lanmar <https://evil.example/b|Ministry portal>"
    status, body = slack.command("/brief", f"{topic} since:2099-01-01")
    assert status == 200
    assert body == (
        ":hourglass_flowing_sand: Writing a brief on *&lt;!channel&gt; Lanmar "
        "&lt;https://evil.example/b|Ministry portal&gt;* since 2099-01-01…"
    )
    reply = fake.wait_for(lambda: fake.calls_to("response_url"), what="the reply")[0].args
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith(":warning: I found no articles to brief on: ")
    assert "&lt;!channel&gt; Lanmar &lt;https://evil.example/b|Ministry portal&gt;" in reply["text"]
    assert live_markup(fake, set()) == []
    status, body = slack.command("/brief", "Lanmar since:<!here>")
    assert body == ("I couldn't read the date `&lt;!here&gt;`; write it like `since:2025-10-01`.")


def test_a_network_error_on_the_reaction_does_not_stop_the_answer(
    hostile_store, minilm, fake, serve, caplog
):
    fake.hang_up = {"reactions.add"}
    slack = serve(make_bot(hostile_store, minilm, answerer="extractive"))
    with caplog.at_level(logging.WARNING, logger="bot.slack"):
        slack.event(mention(fake, QUESTION))
        wait_answered(fake)
    assert fake.calls_to("reactions.add")  # it was tried, and the connection dropped
    update = answer_updates(fake)[-1]
    assert "reopen on Friday" in update.args["text"]
    assert blocks_of(update)[-1]["block_id"] == "briefbot_feedback"
    assert any("reactions_add failed" in r.getMessage() for r in caplog.records)
