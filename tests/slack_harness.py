"""Runs briefbot's Slack app over real HTTP on loopback and sends it requests signed like Slack's."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from typing import Any
from urllib.parse import urlencode

from servers.slack_fake import BOT_TOKEN, BOT_USER_ID, TEAM_ID, FakeSlack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
_ids = itertools.count(1)
_RUN = uuid.uuid4().hex[:8].upper()  # event ids unique across runs sharing a database


def sign(body: str, timestamp: int, secret: str = SECRET) -> str:
    """Slack's request signature: v0=HMAC-SHA256(secret, 'v0:{timestamp}:{body}')."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackApp:
    """briefbot's Slack app served on a free loopback port, its WebClient aimed at a FakeSlack."""

    def __init__(self, bot, fake: FakeSlack) -> None:
        from bot.slack.app import EVENTS_PATH, build_app, serve_http

        self.fake = fake
        self.app = build_app(bot, bot_token=BOT_TOKEN, signing_secret=SECRET, api_url=fake.api_url)
        self.server = serve_http(self.app, host="127.0.0.1", port=0)
        self.url = f"http://127.0.0.1:{self.server.server_port}{EVENTS_PATH}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- requests as Slack sends them -----------------------------------------------------
    def post(
        self,
        body: str,
        content_type: str,
        timestamp: int | None = None,
        secret: str = SECRET,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        """POST a signed request; returns (status, response body)."""
        ts = int(time.time()) if timestamp is None else timestamp
        request = urllib.request.Request(
            self.url,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": str(ts),
                "X-Slack-Signature": sign(body, ts, secret),
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def event(self, event: dict[str, Any], event_id: str | None = None, **kw) -> tuple[int, str]:
        """Deliver an Events API event_callback."""
        return self.post(json.dumps(event_body(event, event_id)), "application/json", **kw)

    def command(
        self, command: str, text: str, channel: str = "C0POLICY", user: str = "UALICE"
    ) -> tuple[int, str]:
        """Invoke a slash command."""
        form = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "channel_id": channel,
            "user_id": user,
            "command": command,
            "text": text,
            "trigger_id": "1.2.3",
            "response_url": f"{self.fake.url}/response/command-{next(_ids)}",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def click(
        self,
        action: dict[str, Any],
        channel: str = "C0POLICY",
        user: str = "UALICE",
        message: dict[str, Any] | None = None,
        ephemeral: bool = False,
    ) -> tuple[int, str]:
        """Click a button (a block_actions interaction)."""
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": user},
            "api_app_id": "A0BRIEF",
            "token": "legacy",
            "trigger_id": "1.2.3",
            "channel": {"id": channel},
            "actions": [{**action, "type": "button"}],
            "container": {
                "type": "message",
                "channel_id": channel,
                "is_ephemeral": ephemeral,
                "message_ts": (message or {}).get("ts", ""),
            },
            "response_url": f"{self.fake.url}/response/action-{next(_ids)}",
        }
        if message is not None:
            payload["message"] = message
        return self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )


def event_body(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """The event_callback envelope Slack wraps an event in."""
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "api_app_id": "A0BRIEF",
        "type": "event_callback",
        "event_id": event_id or f"Ev{_RUN}{next(_ids):08d}",
        "event_time": int(time.time()),
        "event": event,
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
    }


def mention(
    fake: FakeSlack, text: str, channel: str = "C0POLICY", thread_ts: str | None = None
) -> dict:
    """A person's @mention of the bot, as a recorded message and its app_mention event."""
    msg = fake.user_message(channel, f"<@{BOT_USER_ID}> {text}", thread_ts=thread_ts)
    return {**msg, "type": "app_mention", "channel": channel, "event_ts": msg["ts"]}


def answer_updates(fake: FakeSlack, channel: str = "C0POLICY") -> list:
    """chat.update calls that put an answer (not a placeholder) in place."""
    return [c for c in fake.calls_to("chat.update") if c.args.get("channel") == channel]


def blocks_of(call) -> list[dict[str, Any]]:
    blocks = call.args.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def wait_answered(fake: FakeSlack, n: int = 1, channel: str = "C0POLICY", timeout: float = 60.0):
    """Wait until `n` answers are complete (the hourglass reaction is removed last)."""
    return fake.wait_for(
        lambda: len(fake.calls_to("reactions.remove")) >= n and answer_updates(fake, channel),
        timeout=timeout,
        what=f"{n} answer(s)",
    )


def mrkdwn_texts(fake: FakeSlack) -> list[tuple[str, dict[str, Any] | None]]:
    """Every text briefbot sent to Slack, as (text, its mrkdwn object or None for a `text` field).

    Covers messages posted, updated and shown privately, and replies through response_url.
    """
    found: list[tuple[str, dict[str, Any] | None]] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append((node.get("text", ""), node))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for method in ("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url"):
        for call in fake.calls_to(method):
            if call.args.get("text"):
                found.append((call.args["text"], None))
            walk(blocks_of(call))
    return found
