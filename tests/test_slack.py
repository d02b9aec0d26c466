"""The Slack app over real HTTP on loopback: signed events in, Web API calls out to a fake Slack."""

from __future__ import annotations

import json
import logging
import threading
import time

import pytest
from conftest import SEED
from servers.slack_fake import BOT_ID, BOT_USER_ID, FakeSlack
from slack_harness import SlackApp, answer_updates, blocks_of, mention, wait_answered

QUESTION = "What did Sihasak say about the October agreement?"


@pytest.fixture(scope="module")
def seed_bot(tmp_path_factory, minilm):
    """A real BriefBot over a store holding only the seed article."""
    from bot.config import Settings
    from bot.service import BriefBot
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    path = tmp_path_factory.mktemp("slack-store")
    store = Store(path=path, embedder_name=minilm.name)
    assert not ingest_paths(store, minilm, [SEED]).failures
    return BriefBot(Settings(store=path, answerer="extractive"), store=store, embedder=minilm)


class Recording:
    """Passes questions to a real (or failing) bot and remembers what it was asked."""

    def __init__(self, bot, fail: Exception | None = None, gate: threading.Event | None = None):
        self.bot, self.fail, self.gate = bot, fail, gate
        self.settings = bot.settings
        self.asked: list[tuple[str, list]] = []

    def ask(self, question, history=None, **kw):
        self.asked.append((question, list(history or [])))
        if self.gate is not None:
            assert self.gate.wait(60), "test never released the answer"
        if self.fail is not None:
            raise self.fail
        return self.bot.ask(question, history=history, **kw)


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


def test_mention_gets_a_threaded_answer_with_citation_blocks(seed_bot, fake, serve):
    slack = serve(seed_bot)
    event = mention(fake, QUESTION)
    status, _ = slack.event(event)
    assert status == 200
    wait_answered(fake)

    placeholder = fake.calls_to("chat.postMessage")[0]
    assert placeholder.args.get("thread_ts") == event["ts"], (
        fake.calls
    )  # in the thread of the question
    assert "Looking through the articles" in placeholder.args["text"]
    update = answer_updates(fake)[-1]
    assert update.args["ts"] == fake.message("C0POLICY", update.args["ts"])["ts"]
    blocks = blocks_of(update)
    answer_text = blocks[0]["text"]["text"]
    assert blocks[0]["type"] == "section" and "[1]" in answer_text
    citations = [
        b
        for b in blocks
        if b["type"] == "context" and b.get("block_id", "").startswith("citation_")
    ]
    assert citations, blocks
    heads = [b["elements"][0]["text"] for b in citations]
    quotes = [b["elements"][1]["text"] for b in citations]
    assert heads[0].startswith("*[1]*") and "Thailand and Cambodia" in heads[0]
    assert any("this agreement was reached too hastily" in q for q in quotes)
    buttons = blocks[-1]
    assert buttons["type"] == "actions"
    assert [e["action_id"] for e in buttons["elements"]] == ["feedback_up", "feedback_down"]
    # While working: the hourglass on the question, taken off afterwards.
    for method in ("reactions.add", "reactions.remove"):
        call = fake.calls_to(method)[0]
        assert (
            call.args["timestamp"] == event["ts"] and call.args["name"] == "hourglass_flowing_sand"
        )


def test_follow_up_in_the_thread_uses_its_history(seed_bot, fake, serve):
    bot = Recording(seed_bot)
    slack = serve(bot)
    first = mention(fake, QUESTION)
    slack.event(first)
    wait_answered(fake)
    follow_up = mention(fake, "Did he say anything about a ceasefire?", thread_ts=first["ts"])
    slack.event(follow_up)
    wait_answered(fake, n=2)

    replies = fake.calls_to("conversations.replies")
    assert (
        replies
        and replies[-1].args["ts"] == first["ts"]
        and replies[-1].args["channel"] == "C0POLICY"
    )
    question, history = bot.asked[-1]
    assert question == "Did he say anything about a ceasefire?"
    assert len(history) == 1 and history[0][0] == QUESTION
    assert "too hastily" in history[0][1]  # the first answer, read back from the thread
    assert "Looking through" not in history[0][1]
    second_placeholder = fake.calls_to("chat.postMessage")[-1]
    assert second_placeholder.args["thread_ts"] == first["ts"]


def test_a_retried_event_is_answered_once(seed_bot, fake, serve):
    bot = Recording(seed_bot)
    slack = serve(bot)
    event = mention(fake, QUESTION)
    assert slack.event(event, event_id="Ev0RETRY")[0] == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert slack.event(event, event_id="Ev0RETRY", headers=retry)[0] == 200
    # The same message delivered under a new event id (e.g. app_mention and message.im) too.
    assert slack.event(event, event_id="Ev0OTHER")[0] == 200
    wait_answered(fake)
    assert len(bot.asked) == 1
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert len(answer_updates(fake)) == 1


def test_acknowledges_before_the_answer_is_written(seed_bot, fake, serve):
    gate = threading.Event()
    bot = Recording(seed_bot, gate=gate)
    slack = serve(bot)
    status, _ = slack.event(mention(fake, QUESTION))
    # The HTTP response came back while the answer is still blocked inside the bot.
    assert status == 200
    fake.wait_for(lambda: bot.asked, what="the question to reach the bot")
    assert not answer_updates(fake)
    gate.set()
    wait_answered(fake)


@pytest.mark.parametrize("case", ["forged", "stale"])
def test_bad_signatures_are_rejected(seed_bot, fake, serve, case):
    bot = Recording(seed_bot)
    slack = serve(bot)
    challenge = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    status, body = slack.post(challenge, "application/json")  # control: a well-signed request
    assert status == 200 and json.loads(body)["challenge"] == "abc123"
    event = mention(fake, QUESTION)
    if case == "forged":
        status, _ = slack.event(event, secret="not-the-signing-secret")
    else:  # correctly signed, but more than five minutes old
        status, _ = slack.event(event, timestamp=int(time.time()) - 6 * 60)
    assert status == 401
    assert not bot.asked and not fake.calls_to("chat.postMessage")


def test_llm_failure_gives_a_short_friendly_reply(seed_bot, fake, serve, caplog):
    from bot.errors import LLMError

    failure = LLMError("chat model at http://10.0.0.7:8000/v1 failed after 3 retries: HTTP 502")
    slack = serve(Recording(seed_bot, fail=failure))
    with caplog.at_level(logging.ERROR, logger="bot.slack"):
        slack.event(mention(fake, QUESTION))
        wait_answered(fake)
    text = answer_updates(fake)[-1].args["text"]
    assert "language model" in text and "try again" in text
    for leak in ("Traceback", "10.0.0.7", "502", "LLMError"):
        assert leak not in json.dumps(blocks_of(answer_updates(fake)[-1])) and leak not in text
    logged = [r for r in caplog.records if r.name == "bot.slack" and r.exc_info]
    assert logged and isinstance(logged[0].exc_info[1], LLMError)


def test_feedback_buttons_are_stored_with_question_and_answer(seed_bot, fake, serve):
    from bot.feedback import FeedbackLog

    slack = serve(seed_bot)
    slack.event(mention(fake, QUESTION))
    wait_answered(fake)
    update = answer_updates(fake)[-1]
    message = dict(fake.message("C0POLICY", update.args["ts"]))
    buttons = {b["action_id"]: b for b in blocks_of(update)[-1]["elements"]}
    for action_id, user in (("feedback_down", "UBOB"), ("feedback_up", "UALICE")):
        button = buttons[action_id]
        status, _ = slack.click(
            {"action_id": action_id, "block_id": "briefbot_feedback", "value": button["value"]},
            user=user,
            message=message,
        )
        assert status == 200
    fake.wait_for(lambda: len(fake.calls_to("chat.postEphemeral")) >= 2, what="two thank-yous")

    entries = FeedbackLog.for_settings(seed_bot.settings).entries()
    assert sorted((e.user, e.rating) for e in entries) == [("slack:UALICE", 1), ("slack:UBOB", -1)]
    for entry in entries:
        assert entry.question == QUESTION
        assert "too hastily" in entry.answer
        assert any("too hastily" in c["quote"] for c in entry.citations)
    thanks = fake.calls_to("chat.postEphemeral")
    assert {c.args["user"] for c in thanks} == {"UALICE", "UBOB"}


def test_a_follow_up_is_still_answered_when_the_thread_cannot_be_read(
    seed_bot, fake, serve, caplog
):
    bot = Recording(seed_bot)
    slack = serve(bot)
    first = mention(fake, QUESTION)
    slack.event(first)
    wait_answered(fake)
    fake.errors["conversations.replies"] = "missing_scope"
    slack.event(mention(fake, "Did he say anything about a ceasefire?", thread_ts=first["ts"]))
    wait_answered(fake, n=2)
    assert bot.asked[-1] == ("Did he say anything about a ceasefire?", [])
    assert "[1]" in answer_updates(fake)[-1].args["text"]
    assert any("could not read the thread" in r.getMessage() for r in caplog.records)


def test_direct_messages_are_answered_and_bot_messages_ignored(seed_bot, fake, serve):
    bot = Recording(seed_bot)
    slack = serve(bot)
    for who in (
        {"bot_id": BOT_ID, "user": BOT_USER_ID},
        {"bot_id": "B0OTHER", "subtype": "bot_message"},
    ):
        msg = fake.user_message("D0ALICE", QUESTION)
        assert (
            slack.event(
                {"type": "message", "channel": "D0ALICE", "channel_type": "im", **msg, **who}
            )[0]
            == 200
        )
    dm = fake.user_message("D0ALICE", "What did Sihasak say about a ceasefire?")
    slack.event({"type": "message", "channel": "D0ALICE", "channel_type": "im", **dm})
    wait_answered(fake, channel="D0ALICE")
    assert [q for q, _ in bot.asked] == ["What did Sihasak say about a ceasefire?"]
    placeholder = fake.calls_to("chat.postMessage")[0]
    assert placeholder.args["channel"] == "D0ALICE" and not placeholder.args.get("thread_ts")


def test_brief_is_private_first_then_shared(seed_bot, fake, serve):
    slack = serve(seed_bot)
    status, body = slack.command("/brief", "Thailand Cambodia ceasefire")
    assert status == 200 and "Writing a brief" in body

    def private_brief():  # every part posted, the last one carrying the share button
        calls = fake.calls_to("chat.postEphemeral")
        done = calls and blocks_of(calls[-1])[-1].get("block_id") == "briefbot_share"
        return calls if done else None

    private = fake.wait_for(private_brief, what="the private brief")
    assert private[0].args["user"] == "UALICE" and private[0].args["channel"] == "C0POLICY"
    blocks = [b for call in private for b in blocks_of(call)]
    text = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert "[1]" in text and "Sihasak" in text
    share = blocks[-1]["elements"][0]
    assert share["action_id"] == "share_brief" and share["text"]["text"] == "Share in channel"
    slack.click(
        {"action_id": "share_brief", "block_id": "briefbot_share", "value": share["value"]},
        ephemeral=True,
    )
    deleted = fake.wait_for(lambda: fake.calls_to("response_url"), what="the private copy removed")
    assert str(deleted[0].args.get("delete_original")).lower() == "true"
    shared = [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == "C0POLICY"]
    assert blocks_of(shared[0])[0]["elements"][0]["text"] == "<@UALICE> shared a brief"
    shared_text = "\n".join(
        b["text"]["text"] for c in shared for b in blocks_of(c) if b["type"] == "section"
    )
    assert shared_text == text


def test_brief_with_nothing_to_brief_says_so_privately(seed_bot, fake, serve):
    # The seed article carries no date, so nothing is left once a period is asked for.
    slack = serve(seed_bot)
    status, body = slack.command("/brief", "Thailand Cambodia ceasefire since:2020-01-01")
    assert status == 200 and "since 2020-01-01" in body
    reply = fake.wait_for(lambda: fake.calls_to("response_url"), what="the reply")[0].args
    assert reply["response_type"] == "ephemeral"
    assert "found no articles" in reply["text"] and "Traceback" not in reply["text"]
    assert not fake.calls_to("chat.postMessage")


def test_brief_without_a_topic_explains_usage(seed_bot, fake, serve):
    slack = serve(seed_bot)
    status, body = slack.command("/brief", "  since:yesterday-ish")
    assert status == 200 and "since:2025-10-01" in body
    status, body = slack.command("/brief", "")
    assert status == 200 and "/brief TOPIC" in body
    assert not fake.calls_to("chat.postEphemeral")


def test_socket_mode_answers_over_a_websocket(seed_bot, fake):
    from servers.slack_fake import APP_TOKEN, BOT_TOKEN, FakeSocketMode
    from slack_harness import event_body

    from bot.slack.app import build_app, socket_mode_handler

    with FakeSocketMode() as socket:
        fake.socket = socket
        app = build_app(seed_bot, bot_token=BOT_TOKEN, api_url=fake.api_url, socket_mode=True)
        handler = socket_mode_handler(app, APP_TOKEN)
        handler.connect()
        try:
            fake.wait_for(socket.connected, what="the Socket Mode connection")
            event = mention(fake, QUESTION)
            socket.send("events_api", event_body(event), envelope_id="env-1")
            fake.wait_for(
                lambda: any(a.get("envelope_id") == "env-1" for a in socket.acks),
                what="the envelope ack",
            )
            wait_answered(fake)
        finally:
            handler.close()
    assert fake.calls_to("apps.connections.open")
    blocks = blocks_of(answer_updates(fake)[-1])
    quotes = [
        b["elements"][1]["text"] for b in blocks if b["type"] == "context" and "elements" in b
    ]
    assert any("this agreement was reached too hastily" in q for q in quotes)
    assert fake.calls_to("chat.postMessage")[0].args["thread_ts"] == event["ts"]


def test_a_failing_language_model_still_gets_a_quoted_answer_with_a_note(seed_bot, fake, serve):
    from servers.openai_fake import FakeOpenAI, Step

    from bot.config import Settings
    from bot.service import BriefBot

    with FakeOpenAI() as llm:
        llm.set_script(Step(status=500))
        settings = Settings(
            store=seed_bot.settings.store,
            answerer="llm",
            openai_api_key="sk-test",
            openai_base_url=llm.base_url,
            llm_max_retries=0,
            llm_backoff=0,
        )
        slack = serve(BriefBot(settings, store=seed_bot.store, embedder=seed_bot.embedder))
        slack.event(mention(fake, QUESTION))
        wait_answered(fake)
        assert llm.chat_requests  # the model was really asked
    blocks = blocks_of(answer_updates(fake)[-1])
    notes = [
        b["elements"][0]["text"] for b in blocks if b["type"] == "context" and "block_id" not in b
    ]
    assert any("quotes the articles directly" in n for n in notes)
    quotes = [
        b["elements"][1]["text"] for b in blocks if b.get("block_id", "").startswith("citation_")
    ]
    assert any("this agreement was reached too hastily" in q for q in quotes)
    assert "Traceback" not in json.dumps(blocks)


class LongAnswers:
    """A bot whose answers overflow one Slack message: long text and sixty sources."""

    def __init__(self, settings):
        self.settings = settings
        self.asked: list[tuple[str, list]] = []

    def ask(self, question, history=None, **kw):
        from bot.models import Answer, Citation

        self.asked.append((question, list(history or [])))
        text = "\n\n".join(
            f"Point {i}: " + " ".join(f"finding{i}x{j} [{j + 1}]." for j in range(60))
            for i in range(8)
        )
        quote = "Officials said the border talks would resume on Wednesday. " * 8
        cites = [
            Citation(n, quote, quote, f"d{n}", f"Report {n}", "Wire", "", "", 0, len(quote), 0.5)
            for n in range(1, 61)
        ]
        return Answer(question, text, False, "extractive", cites)


def test_a_long_answer_continues_in_the_thread_and_is_read_back_whole(seed_bot, fake, serve):
    bot = LongAnswers(seed_bot.settings)
    slack = serve(bot)
    first = mention(fake, "Tell me everything about the border talks")
    slack.event(first)
    wait_answered(fake)
    update = answer_updates(fake)[-1]
    rest = fake.calls_to("chat.postMessage")[1:]  # after the placeholder
    assert rest and all(c.args["thread_ts"] == first["ts"] for c in rest)
    parts = [update, *rest]
    for part in parts:
        assert len(blocks_of(part)) <= 50 and len(part.args["text"]) <= 4000
        assert all(
            len(b["text"]["text"]) <= 3000 for b in blocks_of(part) if b["type"] == "section"
        )
    blocks = [b for part in parts for b in blocks_of(part)]
    shown = " ".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert all(f"finding{i}x59 [60]." in shown for i in range(8))  # nothing cut off
    assert [b["block_id"] for b in blocks if b.get("block_id", "").startswith("citation_")] == [
        f"citation_{n}" for n in range(1, 61)
    ]
    assert blocks_of(parts[-1])[-1]["block_id"] == "briefbot_feedback"
    slack.event(mention(fake, "And what happened next?", thread_ts=first["ts"]))
    wait_answered(fake, n=2)
    _, history = bot.asked[-1]
    assert len(history) == 1 and history[0][0] == "Tell me everything about the border talks"
    assert all(f"finding{i}x59 [60]." in history[0][1] for i in range(8))
