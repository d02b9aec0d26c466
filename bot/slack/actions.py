"""Buttons: 👍/👎 on answers (stored with question and answer) and "Share in channel" on briefs."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from bot.slack import format as fmt
from bot.slack.state import state_of

log = logging.getLogger("bot.slack")


def register(app, bot, feedback_log=None) -> None:
    """Register the feedback and share buttons; ratings go to `feedback_log` (a FeedbackLog)."""
    state = state_of(app)
    if feedback_log is None:
        from bot.feedback import FeedbackLog

        feedback_log = FeedbackLog.for_settings(bot.settings)

    def record_feedback(body: dict[str, Any], action: dict[str, Any], client) -> None:
        liked = action["action_id"] == fmt.FEEDBACK_UP
        channel = (body.get("channel") or {}).get("id", "")
        message = body.get("message") or {}
        user = (body.get("user") or {}).get("id", "")
        try:
            question = json.loads(action.get("value") or "{}").get("q", "")
            # The whole answer as posted; after a restart, the text of the message clicked.
            posted = state.answers.get(f"{channel}:{message.get('ts')}") or {
                "answer": message.get("text", ""),
                "citations": [],
            }
            feedback_log.record(
                question,
                posted["answer"],
                liked,
                citations=posted["citations"],
                user=f"slack:{user}",
                channel="slack",
            )
            thanks = "Thanks, noted :+1:" if liked else "Thanks, noted. We'll look at this answer."
        except Exception:
            log.exception("could not store feedback from %s", user)
            thanks = "Sorry, I couldn't save your feedback just now."
        client.chat_postEphemeral(
            channel=channel, user=user, text=thanks, thread_ts=message.get("thread_ts")
        )

    def share_brief(body: dict[str, Any], action: dict[str, Any], client, respond) -> None:
        from bot.slack.commands import brief_error, brief_messages
        from bot.slack.events import post_messages

        channel = (body.get("channel") or {}).get("id", "")
        user = (body.get("user") or {}).get("id", "")
        value = json.loads(action.get("value") or "{}")
        try:
            messages = state.briefs.get(value.get("id", "")) or brief_messages(
                bot, {"topic": value.get("topic", ""), "since": value.get("since", "")}
            )
            post_messages(client, channel, None, with_sharer(messages, user))
        except Exception as exc:
            log.exception("could not share a brief in %s", channel)
            respond(
                text=f":warning: {share_error(exc) or brief_error(exc)}",
                response_type="ephemeral",
                replace_original=False,
            )
            return
        respond(delete_original=True)

    app.action(fmt.FEEDBACK_UP)(ack=_ack, lazy=[record_feedback])
    app.action(fmt.FEEDBACK_DOWN)(ack=_ack, lazy=[record_feedback])
    app.action(fmt.SHARE_ACTION)(ack=_ack, lazy=[share_brief])


def _ack(ack) -> None:
    ack()


def share_error(exc: Exception) -> str:
    """The Slack reasons for a failed share that the user can fix."""
    from slack_sdk.errors import SlackApiError

    if isinstance(exc, SlackApiError) and exc.response.get("error") in (
        "not_in_channel",
        "channel_not_found",
    ):
        return "I'm not in this channel yet: invite me with `/invite @briefbot`, then share again."
    return ""


def with_sharer(messages: list[fmt.Message], user: str) -> list[fmt.Message]:
    """The brief's messages, the first one saying who shared it."""
    # The clicking user's id comes from Slack; anything else is not written as a mention.
    who = f"<@{user}>" if re.fullmatch(r"[UW][A-Z0-9]{2,}", user) else "Someone"
    head = {"type": "context", "elements": [fmt.mrkdwn(f"{who} shared a brief")]}
    first, rest = messages[0], messages[1:]
    if len(first.blocks) >= fmt.MAX_BLOCKS:
        return [fmt.Message(text=f"{who} shared a brief", blocks=[head]), *messages]
    return [fmt.Message(text=first.text, blocks=[head, *first.blocks]), *rest]
