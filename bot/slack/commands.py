"""/brief TOPIC [since:DATE]: a cited briefing, shown privately first with a "Share in channel" button."""

from __future__ import annotations

import json
import logging
import re
import uuid
from typing import Any

from bot.slack import format as fmt
from bot.slack import watch as watch_commands
from bot.slack.state import state_of

log = logging.getLogger("bot.slack")

USAGE = (
    "Usage: `/brief TOPIC [since:DATE]`, e.g. `/brief Thailand Cambodia ceasefire since:2025-10-01`"
)


def register(app, bot) -> None:
    """Register the /brief slash command."""
    state = state_of(app)

    def ack_brief(ack, command: dict[str, Any]) -> None:
        if watch_commands.handles(command.get("text", "")):
            ack(text=watch_commands.ack_text(bot, command))
            return
        request, problem = parse_brief(command.get("text", ""))
        if problem:
            ack(text=problem)  # an ack with text is shown only to the caller
        elif not callable(getattr(bot, "brief", None)):
            ack(text="Briefings are not available in this version of briefbot.")
        else:
            since = f" since {fmt.escape(request['since'])}" if request["since"] else ""
            topic = fmt.escape(request["topic"])
            ack(text=f":hourglass_flowing_sand: Writing a brief on *{topic}*{since}…")

    def start_brief(command: dict[str, Any], client, respond) -> None:
        # Writing takes as long as the LLM does: on the answer pool, never on Bolt's threads.
        if watch_commands.handles(command.get("text", "")):
            state.later(watch_commands.post_digest, bot, command, client, respond)
            return
        state.later(write_brief, command, client, respond)

    def write_brief(command: dict[str, Any], client, respond) -> None:
        request, problem = parse_brief(command.get("text", ""))
        if problem or not callable(getattr(bot, "brief", None)):
            return
        channel, user = command["channel_id"], command["user_id"]
        try:
            messages = brief_messages(bot, request)
        except Exception as exc:
            log.exception("could not write a brief on %r", request["topic"])
            respond(text=f":warning: {brief_error(exc)}", response_type="ephemeral")
            return
        share_id = uuid.uuid4().hex
        state.briefs.put(share_id, messages)
        value = json.dumps(
            {"id": share_id, "topic": request["topic"][:500], "since": request["since"]}
        )
        private = [fmt.Message(text=m.text, blocks=list(m.blocks)) for m in messages]
        private[-1].blocks.append(share_block(value))
        post_ephemeral(client, respond, channel, user, private)

    app.command("/brief")(ack=ack_brief, lazy=[start_brief])


def parse_brief(text: str) -> tuple[dict[str, str], str]:
    """'/brief TOPIC since:DATE' text -> ({'topic', 'since'}, problem or '')."""
    since = ""
    match = re.search(r"\bsince:\s*(\S+)", text)
    if match:
        since = match.group(1)
        text = text[: match.start()] + text[match.end() :]
        from bot.models import Filters

        try:
            Filters.parse(since=since)
        except Exception:
            shown = fmt.escape(since[:100])
            return {}, f"I couldn't read the date `{shown}`; write it like `since:2025-10-01`."
    topic = " ".join(text.split())
    if not topic:
        return {}, USAGE
    return {"topic": topic, "since": since}, ""


def brief_messages(bot, request: dict[str, str]) -> list[fmt.Message]:
    """Write the briefing with the core and lay it out as Slack messages."""
    from bot.models import BriefRequest, Filters

    filters = Filters.parse(since=request["since"])
    briefing = bot.brief(BriefRequest(topic=request["topic"], filters=filters))
    # The export's own Notes list is replaced by one context block per source, as for answers.
    body = str(bot.export(briefing, "md")).split("\n## Notes\n")[0]
    return fmt.pack(fmt.to_mrkdwn(body), [fmt.citation_block(c) for c in briefing.citations])


def brief_error(exc: Exception) -> str:
    """A short reason a brief could not be written (mrkdwn, escaped; details are in the log)."""
    from bot.errors import EmptyStore, LLMError, NothingToBrief

    if isinstance(exc, LLMError):
        return "Sorry, the language model didn't respond, so I couldn't write the brief. Try again in a minute."
    if isinstance(exc, NothingToBrief | EmptyStore):
        reason = (str(exc).splitlines() or [""])[0][:200]  # it names the topic, as typed
        return f"I found no articles to brief on: {fmt.escape(reason)}"
    return "Sorry, something went wrong while writing the brief. Please try again."


def share_block(value: str) -> dict[str, Any]:
    """The button that posts the private brief to the channel."""
    return {
        "type": "actions",
        "block_id": "briefbot_share",
        "elements": [
            {
                "type": "button",
                "action_id": fmt.SHARE_ACTION,
                "style": "primary",
                "value": value,
                "text": {"type": "plain_text", "text": "Share in channel"},
            }
        ],
    }


def post_ephemeral(client, respond, channel: str, user: str, messages: list[fmt.Message]) -> None:
    """Show messages to one user; through response_url when the bot is not in the channel."""
    from slack_sdk.errors import SlackApiError

    for message in messages:
        try:
            client.chat_postEphemeral(
                channel=channel, user=user, text=message.text, blocks=message.blocks
            )
        except SlackApiError as exc:
            log.info(
                "chat.postEphemeral failed (%s); using response_url", exc.response.get("error")
            )
            respond(text=message.text, blocks=message.blocks, response_type="ephemeral")
