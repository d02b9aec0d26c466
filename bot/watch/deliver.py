"""Digests to Slack: Block Kit laid out as answers are (text sections, then one context block
per source), posted with chat.postMessage and retried before giving up.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

log = logging.getLogger("bot.watch")
MAX_BLOCKS = 45  # Slack allows 50 per message
STATUS_EMOJI = {"new": ":new:", "updated": ":arrows_counterclockwise:", "conflicting": ":warning:"}


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def _date(value: str) -> str:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return f"{parsed.day} {parsed.strftime('%b %Y')}"


def citation_block(c: dict) -> dict[str, Any]:
    title = escape(" ".join((c.get("title") or c["doc_id"]).split()))
    if str(c.get("url") or "").startswith(("http://", "https://")):
        title = f"<{c['url']}|{title.replace('|', '¦')}>"
    where = ", ".join(
        escape(p) for p in (c.get("source", ""), _date(c.get("published_at", ""))) if p
    )
    quote = escape(" ".join(c["quote"].split()))
    quote = quote if len(quote) <= 280 else quote[:277].rsplit(" ", 1)[0] + "…"
    return {
        "type": "context",
        "block_id": f"citation_{c['n']}",
        "elements": [
            mrkdwn(f"*[{c['n']}]* {title}" + (f" - {where}" if where else "")),
            mrkdwn(f"“{quote}”"),
        ],
    }


def messages(digest) -> list[dict[str, Any]]:
    """The digest as Slack messages ({"text", "blocks"}), split to stay within Slack's limits."""
    head = escape(digest.headline())
    blocks: list[dict[str, Any]] = [{"type": "section", "text": mrkdwn(f"*{head}*")}]
    for item in digest.items:
        tag = "" if digest.first else f"{STATUS_EMOJI.get(item.status, '')} *{item.status}* "
        blocks.append({"type": "section", "text": mrkdwn(f"{tag}{escape(item.text)}"[:2900])})
    blocks.extend(citation_block(c) for c in digest.citations)
    out = []
    for i in range(0, len(blocks), MAX_BLOCKS):
        text = digest.headline() if i == 0 else f"{digest.headline()} (continued)"
        out.append({"text": text, "blocks": blocks[i : i + MAX_BLOCKS]})
    return out


class SlackPoster:
    """Posts digests to channels through the Slack Web API, retrying each message."""

    def __init__(
        self,
        token: str = "",
        api_url: str | None = None,
        attempts: int = 3,
        backoff: float = 0.5,
        client=None,
    ):
        from slack_sdk import WebClient

        self.client = client or WebClient(
            token=token, base_url=api_url or WebClient.BASE_URL, timeout=30
        )
        self.attempts = attempts
        self.backoff = backoff

    @classmethod
    def from_settings(cls, settings) -> SlackPoster | None:
        if not settings.slack_bot_token:
            return None
        return cls(settings.slack_bot_token, settings.slack_api_url)

    def __call__(self, channel: str, digest) -> None:
        for message in messages(digest):
            self.post(channel, message)

    def post(self, channel: str, message: dict[str, Any]) -> str:
        for attempt in range(1, self.attempts + 1):
            try:
                result = self.client.chat_postMessage(channel=channel, **message)
                return str(result.get("ts", ""))
            except Exception as exc:
                reason = _reason(exc)
                if attempt == self.attempts:
                    raise RuntimeError(
                        f"chat.postMessage to {channel} failed {self.attempts} times ({reason})"
                    ) from None
                log.warning("chat.postMessage to %s failed (%s); retrying", channel, reason)
                time.sleep(self.backoff * 2 ** (attempt - 1))
        return ""


def _reason(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if response is not None:
        try:
            return str(response.get("error") or response.status_code)
        except Exception:  # noqa: BLE001
            pass
    return " ".join(str(exc).split())[:160] or type(exc).__name__
