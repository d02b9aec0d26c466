"""Markdown -> mrkdwn and the Block Kit layout of answers, within Slack's limits."""

from __future__ import annotations

import json
import re

from bot.models import Answer, Citation
from bot.slack import format as fmt


def citation(
    n: int, quote: str = "Sihasak said that this agreement was reached too hastily.", **kw
) -> Citation:
    fields = dict(
        passage=quote,
        doc_id=f"doc{n}",
        title=f"Talks resume <{n}> & more",
        source="Xinhua",
        url=f"https://news.example/{n}",
        published_at="2025-11-24T08:00:00+00:00",
        start=0,
        end=len(quote),
        score=0.5,
    )
    fields.update(kw)
    return Citation(n=n, quote=quote, **fields)


def test_markdown_becomes_slack_mrkdwn():
    text = fmt.to_mrkdwn(
        "# Summary\n\nThe talks were **hasty** and *tense* [1], see [the report](https://x.example/a).\n\n"
        "- first point [2]\n- second & <last>\n\n1. one\n2. two\n\n> quoted line\n\n"
        "Use `a<b` here.\n\n```\nx = 1 < 2\n```"
    )
    assert "*Summary*" in text
    assert "*hasty*" in text and "_tense_" in text and "[1]" in text
    # A link written in the answer is shown as text: its words and where it really goes.
    assert "see the report (https://x.example/a)." in text and "<https" not in text
    assert "• first point [2]" in text and "• second &amp; &lt;last&gt;" in text
    assert "1. one\n2. two" in text
    assert "> quoted line" in text
    assert "`a&lt;b`" in text and "```\nx = 1 &lt; 2\n```" in text
    assert "**" not in text and "#" not in text


def test_quotes_are_shortened_at_a_sentence_or_word_end():
    short = "Sihasak said that this agreement was reached too hastily."
    assert fmt.shorten(short) == short
    long = " ".join(
        f"Sentence number {i} says something about the ceasefire talks." for i in range(20)
    )
    cut = fmt.shorten(long, 200)
    assert len(cut) <= 202 and cut.endswith("…")
    assert long.startswith(cut.rstrip(" …"))
    assert cut.rstrip(" …").endswith(".")  # ends at a sentence
    abbreviated = (
        "The U.S. envoy met both sides on Monday. " + "Talks went on late into the night " * 8
    )
    assert fmt.shorten(abbreviated, 60) == "The U.S. envoy met both sides on Monday. …"
    words = "word " * 100
    assert fmt.shorten(words, 50).endswith("word…")


def test_citation_block_names_title_outlet_date_and_quote():
    block = fmt.citation_block(citation(1))
    head, quote = (e["text"] for e in block["elements"])
    assert (
        head
        == "*[1]* <https://news.example/1|Talks resume &lt;1&gt; &amp; more> - Xinhua, 24 Nov 2025"
    )
    assert quote == "“Sihasak said that this agreement was reached too hastily.”"
    bare = fmt.citation_block(citation(2, url="", source="", published_at=""))
    assert bare["elements"][0]["text"] == "*[2]* Talks resume &lt;2&gt; &amp; more"


def test_a_long_answer_is_split_across_messages_never_cut():
    paragraphs = [
        f"Paragraph {i}: " + " ".join(f"claim{i}-{j} [{j % 60 + 1}]." for j in range(120))
        for i in range(6)
    ]
    answer = Answer(
        question="q?",
        answer="\n\n".join(paragraphs),
        abstained=False,
        mode="llm",
        citations=[citation(n, quote="x " * 400) for n in range(1, 61)],
    )
    messages = fmt.answer_messages(answer)
    assert len(messages) > 1
    for message in messages:
        assert len(message.blocks) <= fmt.MAX_BLOCKS
        assert len(message.text) <= fmt.MAX_MESSAGE_TEXT
        for block in message.blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= fmt.MAX_SECTION_CHARS
    sections = [b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section"]
    words = lambda s: re.findall(r"\S+", s)  # noqa: E731
    assert words(" ".join(sections)) == words(fmt.to_mrkdwn(answer.answer))  # nothing lost
    numbers = [b["block_id"] for m in messages for b in m.blocks if b["type"] == "context"]
    assert numbers == [f"citation_{n}" for n in range(1, 61)]  # every source once, in order
    actions = [i for i, m in enumerate(messages) for b in m.blocks if b["type"] == "actions"]
    assert actions == [len(messages) - 1]  # buttons once, at the very end


def test_button_value_fits_slack_even_for_a_huge_question():
    block = fmt.feedback_block("why " * 2000)
    for element in block["elements"]:
        assert len(element["value"]) <= fmt.MAX_BUTTON_VALUE
        assert json.loads(element["value"])["q"].startswith("why why")


def test_clean_question_strips_the_mention_and_slack_markup():
    from bot.slack.events import clean_question

    text = "<@UBOT> what did <@U123|sam> say in <#C9|policy> about <https://x.example/a|this> &amp; that?"
    assert clean_question(text, "UBOT") == "what did sam say in policy about this & that?"


def test_a_split_keeps_each_heading_with_its_paragraph():
    markdown = "\n\n".join(f"## Part {i}\n\n" + "Some words here. " * 60 for i in range(4))
    pieces = fmt.split_text(fmt.to_mrkdwn(markdown), 2000)
    assert len(pieces) > 1
    for piece in pieces:
        assert not re.search(r"\*Part \d\*$", piece), piece[-80:]


def test_only_http_links_with_a_host_are_made_and_their_control_characters_encoded():
    assert fmt.link_url("https://news.example/a?x=1&y=2") == "https://news.example/a?x=1&amp;y=2"
    assert fmt.link_url('http://news.example/a b|c<d>e"f') == (
        "http://news.example/a%20b%7Cc%3Cd%3Ee%22f"
    )
    for unsafe in (
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "mailto:press@news.example",
        "ftp://news.example/a",
        "https:///no-host",
        "//news.example/no-scheme",
        "news.example/a",
        "",
    ):
        assert fmt.link_url(unsafe) is None, unsafe
    assert fmt.link("javascript:alert(1)", "Ministry portal") == "Ministry portal"


def test_a_shared_brief_names_only_a_real_slack_user():
    from bot.slack.actions import with_sharer

    messages = [fmt.Message(text="brief", blocks=[fmt.section("brief")])]
    head = with_sharer(messages, "U0ALICE")[0].blocks[0]["elements"][0]
    assert head == {"type": "mrkdwn", "text": "<@U0ALICE> shared a brief", "verbatim": True}
    forged = with_sharer(messages, "U1><!channel")[0].blocks[0]["elements"][0]["text"]
    assert forged == "Someone shared a brief"
