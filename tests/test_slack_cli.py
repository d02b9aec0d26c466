"""`briefbot slack` refuses to start without the tokens its mode needs, naming the missing one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BRIEFBOT = str(Path(sys.executable).parent / "briefbot")


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRIEFBOT_SLACK"))}
    return subprocess.run(
        [BRIEFBOT, "slack", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "env", "missing"),
    [
        ([], {}, "SLACK_BOT_TOKEN"),
        ([], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        (["--socket"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
    ],
)
def test_missing_tokens_give_one_clear_line(args, env, missing):
    result = run(args, **env)
    assert result.returncode == 1
    assert missing in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_briefbot_slack_answers_a_signed_event(tmp_path, minilm):
    """The real command as a process: Events API on loopback, Web API calls to the fake Slack."""
    import json
    import socket
    import time
    import urllib.request

    from conftest import SEED
    from servers.slack_fake import BOT_TOKEN, FakeSlack
    from slack_harness import SECRET, event_body, mention, sign

    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    store = tmp_path / "store"
    assert not ingest_paths(Store(path=store, embedder_name=minilm.name), minilm, [SEED]).failures
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with FakeSlack() as fake:
        env = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "BRIEFBOT_SLACK_API_URL": fake.api_url,
            "BRIEFBOT_ANSWERER": "extractive",
        }
        clean = {
            k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRIEFBOT_SLACK"))
        }
        log = (tmp_path / "slack.log").open("w")
        proc = subprocess.Popen(
            [BRIEFBOT, "slack", "--host", "127.0.0.1", "--port", str(port), "--store", str(store)],
            env={**clean, **env},
            stdout=subprocess.DEVNULL,
            stderr=log,
            text=True,
        )
        try:
            fake.wait_for(
                lambda: fake.calls_to("auth.test") or proc.poll() is not None,
                timeout=120,
                what="the app to start",
            )
            assert proc.poll() is None, (tmp_path / "slack.log").read_text()
            event = mention(fake, "What did Sihasak say about the October agreement?")
            body = json.dumps(event_body(event))

            def deliver():  # the server may still be binding its port just after auth.test
                ts = int(time.time())
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/slack/events",
                    data=body.encode(),
                    method="POST",
                    headers={
                        "Content-Type": "application/json",
                        "X-Slack-Request-Timestamp": str(ts),
                        "X-Slack-Signature": sign(body, ts),
                    },
                )
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        return response.status == 200
                except OSError:
                    return False

            fake.wait_for(deliver, timeout=60, what="the event to be accepted")
            fake.wait_for(lambda: fake.calls_to("reactions.remove"), timeout=120, what="the answer")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            log.close()
    stderr = (tmp_path / "slack.log").read_text()
    update = fake.calls_to("chat.update")[-1]
    assert "too hastily" in update.args["text"]
    assert "Traceback" not in stderr


def test_a_wrong_token_or_unreachable_slack_is_one_clear_error():
    from servers.slack_fake import FakeSlack

    from bot.errors import ConfigError
    from bot.slack.app import build_app

    with FakeSlack() as fake:
        with pytest.raises(ConfigError, match="did not accept SLACK_BOT_TOKEN.*invalid_auth"):
            build_app(None, bot_token="xoxb-wrong", signing_secret="s", api_url=fake.api_url)
        closed = fake.api_url
    with pytest.raises(ConfigError, match="cannot reach the Slack Web API"):
        build_app(None, bot_token="xoxb-any", signing_secret="s", api_url=closed)
