""" "@briefbot summarize this thread": a cited summary of the thread's messages (cited by their
permalinks) and of the stored articles they link to, posted in the thread."""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.slack import format as fmt

log = logging.getLogger("bot.slack")
_ASK = re.compile(
    r"\b(summari[sz]e|sum up|recap|tl;?dr)\b.*\b(thread|conversation|discussion)\b", re.I
)


def wants_summary(question: str) -> bool:
    return bool(_ASK.search(question or ""))


def permalink(base: str, channel: str, ts: str, thread_ts: str) -> str:
    """Slack's permalink form: https://TEAM.slack.com/archives/C123/p1700000000000100."""
    link = f"{base.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"
    return link if ts == thread_ts else f"{link}?thread_ts={thread_ts}&cid={channel}"


def _from_bot(msg: dict[str, Any]) -> bool:
    return bool(msg.get("bot_id") or msg.get("subtype") == "bot_message" or msg.get("bot_profile"))


def _plain(text: str, bot_user_id: str | None) -> str:
    """Slack text without the bot's mention, links and escapes (labels kept)."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    text = re.sub(r"<[@#!][^|>]*\|([^>]*)>", r"\1", text)
    text = re.sub(r"<(https?://[^|>]+)\|([^>]*)>", r"\2", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"<@([A-Z0-9]+)>", r"@\1", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def read_thread(client, channel: str, thread_ts: str, bot_user_id: str | None) -> list[dict]:
    try:
        base = client.auth_test().get("url") or "https://slack.com/"
    except Exception:  # noqa: BLE001 (links then point at slack.com; the summary still comes)
        base = "https://slack.com/"
    out: list[dict] = []
    cursor = None
    while len(out) < 1000:
        page = client.conversations_replies(channel=channel, ts=thread_ts, cursor=cursor, limit=200)
        for msg in page.get("messages") or []:
            text = msg.get("text", "")
            if _from_bot(msg) or wants_summary(_plain(text, bot_user_id)):
                continue
            links = re.findall(r"<(https?://[^|>]+)(?:\|[^>]*)?>", text)
            plain = _plain(text, bot_user_id)
            out.append(
                {
                    "text": plain + "".join(f" {u}" for u in links if u not in plain),
                    "user": f"<@{msg['user']}>" if msg.get("user") else "someone",
                    "ts": msg.get("ts", ""),
                    "url": permalink(base, channel, msg.get("ts", ""), thread_ts),
                }
            )
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return sorted(out, key=lambda m: float(m["ts"] or 0))


def summarize(bot, client, event: dict[str, Any], context) -> None:
    """Reply in the thread with the summary (or one friendly line when that fails)."""
    channel = event["channel"]
    thread = event.get("thread_ts") or event["ts"]
    try:
        messages = read_thread(client, channel, thread, context.bot_user_id)
        answer = bot.summarize_thread(messages)
        replies = fmt.answer_messages(answer)
    except Exception:
        log.exception("could not summarise the thread %s in %s", thread, channel)
        replies = [fmt.error_message("Sorry, I couldn't read this thread to sum it up.")]
    for message in replies:
        client.chat_postMessage(
            channel=channel, thread_ts=thread, text=message.text, blocks=message.blocks
        )
