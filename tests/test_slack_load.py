"""Slack under load: with a slow LLM and many questions in flight, every request is still acked.

Slack drops a slash command or a button click that is not acknowledged within 3 seconds
(Bolt answers `404 unhandled request` then). The app runs over real HTTP on loopback, its LLM
is a slow OpenAI-compatible server on loopback, and its Web API is the fake Slack.
"""

from __future__ import annotations

import json
import re
import threading
import time

import pytest
from servers.openai_fake import FakeOpenAI, Step
from servers.slack_fake import FakeSlack
from slack_harness import SlackApp, answer_updates, blocks_of, mention, wait_answered

SLACK_ACK_LIMIT = 3.0  # seconds: Slack's own rule for acknowledging a request
LLM_DELAY = 4.0  # one answer alone outlasts Slack's ack window
QUESTIONS = 10
ARTICLE = {
    "title": "Hill railway reopens after landslide repairs",
    "source": "Valley Courier",
    "published_at": "2025-10-02T07:00:00Z",
    "url": "https://courier.example/hill-railway",
    "body": (
        "The Oran hill railway will reopen on Saturday after six weeks of landslide repairs, "
        "the transport board said. Engineers rebuilt two hundred metres of track below the "
        "summit station.\n\nThe board's chair, Ines Marlow, said trains would run every hour "
        "at first and every half hour from November."
    ),
}


def reply(body: dict) -> str:
    prompt = body["messages"][-1]["content"]
    n = re.search(r'<passage n="(\d+)"', prompt).group(1)
    return f"The Oran hill railway will reopen on Saturday after landslide repairs [{n}]."


@pytest.fixture(scope="module")
def railway_store(tmp_path_factory, minilm):
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    base = tmp_path_factory.mktemp("slack-load")
    (base / "railway.json").write_text(json.dumps(ARTICLE))
    store = Store(path=base / "store", embedder_name=minilm.name)
    assert not ingest_paths(store, minilm, [base / "railway.json"]).failures
    return store


def test_acks_never_wait_behind_answers(railway_store, minilm):
    from bot.config import Settings
    from bot.service import BriefBot

    with FakeSlack() as fake, FakeOpenAI() as llm:
        llm.set_script(Step(reply=reply))
        settings = Settings(
            store=railway_store.location,
            answerer="llm",
            openai_api_key="sk-test",
            openai_base_url=llm.base_url,
            llm_max_retries=0,
            llm_timeout=60.0,
        )
        slack = SlackApp(BriefBot(settings, store=railway_store, embedder=minilm), fake)
        try:
            # One answer first: its buttons are clicked under load below.
            slack.event(mention(fake, "When does the Oran hill railway reopen?"))
            wait_answered(fake)
            answered = answer_updates(fake)[-1]
            message = dict(fake.message("C0POLICY", answered.args["ts"]))
            buttons = blocks_of(answered)[-1]["elements"]

            llm.set_script(Step(reply=reply, delay=LLM_DELAY))
            before = len(llm.chat_requests)
            acks: list[tuple[str, int, str, float]] = []
            lock = threading.Lock()

            def timed(what: str, send) -> None:
                start = time.monotonic()
                status, body = send()
                with lock:
                    acks.append((what, status, body, time.monotonic() - start))

            def all_at_once(requests) -> None:
                threads = [threading.Thread(target=timed, args=r) for r in requests]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(60)

            questions = [
                mention(fake, f"Question {i}: when does the Oran hill railway reopen?")
                for i in range(QUESTIONS)
            ]
            all_at_once(
                [(f"question {i}", lambda e=e: slack.event(e)) for i, e in enumerate(questions)]
            )
            # Answers are now waiting for the slow model: more of them than Bolt's old 5 threads.
            fake.wait_for(
                lambda: len(llm.chat_requests) >= before + 5, what="answers being written"
            )
            clicks = [
                (
                    f"click {b['action_id']} {user}",
                    lambda b=b, user=user: slack.click(
                        {
                            "action_id": b["action_id"],
                            "block_id": "briefbot_feedback",
                            "value": b["value"],
                        },
                        user=user,
                        message=message,
                    ),
                )
                for b in buttons
                for user in ("UALICE", "UBOB")
            ]
            briefs = [
                (f"/brief {i}", lambda: slack.command("/brief", "Oran hill railway"))
                for i in range(3)
            ]
            all_at_once(clicks + briefs)

            assert len(acks) == QUESTIONS + len(clicks) + len(briefs)
            slowest = max(acks, key=lambda a: a[3])
            print(f"\n{len(acks)} acks under load, slowest {slowest[3]:.3f} s ({slowest[0]})")
            late = [
                (what, status, body, round(s, 2))
                for what, status, body, s in acks
                if status != 200 or s >= SLACK_ACK_LIMIT
            ]
            assert not late, late
            assert all(
                "Writing a brief" in body for what, _, body, _ in acks if what.startswith("/brief")
            )

            # Every question is answered, by the model, in its own thread.
            wait_answered(fake, n=1 + QUESTIONS, timeout=120)
            texts = [u.args["text"] for u in answer_updates(fake)]
            assert len(texts) == 1 + QUESTIONS
            assert all("will reopen on Saturday" in t for t in texts), texts
            threads = {c.args.get("thread_ts") for c in fake.calls_to("chat.postMessage")}
            assert {q["ts"] for q in questions} <= threads
            # Every click is thanked, every brief delivered privately.
            thanks = fake.wait_for(
                lambda: (
                    [c for c in fake.calls_to("chat.postEphemeral") if "Thanks" in c.args["text"]]
                    if len(
                        [
                            c
                            for c in fake.calls_to("chat.postEphemeral")
                            if "Thanks" in c.args["text"]
                        ]
                    )
                    >= len(clicks)
                    else None
                ),
                what="the thank-yous",
            )
            assert {c.args["user"] for c in thanks} == {"UALICE", "UBOB"}

            def delivered_briefs():
                shares = [
                    c
                    for c in fake.calls_to("chat.postEphemeral")
                    if blocks_of(c) and blocks_of(c)[-1].get("block_id") == "briefbot_share"
                ]
                return shares if len(shares) >= len(briefs) else None

            fake.wait_for(delivered_briefs, timeout=120, what="three private briefs")
        finally:
            slack.close()
