"""/brief TOPIC [since:DATE]: a cited briefing, shown privately first with a "Share in channel"
button. `/brief who: NAME` lists what someone said and `/brief timeline: TOPIC [since:DATE]` the
dated events, both privately."""

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
    "Usage: `/brief TOPIC [since:DATE]`, e.g. `/brief Thailand Cambodia ceasefire since:2025-10-01`;"
    " `/brief who: NAME` for what someone said; `/brief timeline: TOPIC` for what happened when"
)
WHO_USAGE = "Usage: `/brief who: NAME`, e.g. `/brief who: Sihasak` or `/brief who: Cambodia`"
_KIND = re.compile(r"^\s*(who|timeline)\s*:", re.IGNORECASE)
# What each kind needs from the core, and what the ack says while it works.
NEEDS = {"brief": "brief", "who": "quotes", "timeline": "timeline"}
UNAVAILABLE = {
    "brief": "Briefings are not available in this version of briefbot.",
    "who": "Who said what is not available in this version of briefbot.",
    "timeline": "Timelines are not available in this version of briefbot.",
}


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
        elif not callable(getattr(bot, NEEDS[request["kind"]], None)):
            ack(text=UNAVAILABLE[request["kind"]])
        else:
            ack(text=working_text(request))

    def start_brief(command: dict[str, Any], client, respond) -> None:
        # Writing takes as long as the LLM does: on the answer pool, never on Bolt's threads.
        if watch_commands.handles(command.get("text", "")):
            state.later(watch_commands.post_digest, bot, command, client, respond)
            return
        state.later(write_brief, command, client, respond)

    def write_brief(command: dict[str, Any], client, respond) -> None:
        request, problem = parse_brief(command.get("text", ""))
        if problem or not callable(getattr(bot, NEEDS[request["kind"]], None)):
            return
        channel, user = command["channel_id"], command["user_id"]
        if request["kind"] != "brief":
            try:
                found = people_messages(bot, request)
            except Exception as exc:
                log.exception("could not answer /brief %s", command.get("text", "")[:200])
                respond(text=f":warning: {people_error(exc)}", response_type="ephemeral")
                return
            post_ephemeral(client, respond, channel, user, found)
            return
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
    """'/brief TOPIC since:DATE' text -> ({'kind': 'brief', 'topic', 'since'}, problem or '');
    'who: NAME' -> {'kind': 'who', 'name'}; 'timeline: TOPIC since:DATE' -> {'kind':
    'timeline', 'topic', 'since'} (an empty topic: every dated event)."""
    kind = _KIND.match(text)
    if kind and kind.group(1).lower() == "who":
        name = " ".join(_unescape(text[kind.end() :]).split())
        return ({"kind": "who", "name": name}, "") if name else ({}, WHO_USAGE)
    if kind:
        request, problem = _topic_and_since(_unescape(text[kind.end() :]), allow_empty=True)
        return ({**request, "kind": "timeline"} if request else request), problem
    request, problem = _topic_and_since(text)
    return ({**request, "kind": "brief"} if request else request), problem


def _unescape(text: str) -> str:
    """Slack's escapes in command text undone (they are escaped again wherever shown)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _topic_and_since(text: str, allow_empty: bool = False) -> tuple[dict[str, str], str]:
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
    if not topic and not allow_empty:
        return {}, USAGE
    return {"topic": topic, "since": since}, ""


def working_text(request: dict[str, str]) -> str:
    """What the ack says while the reply is being put together (mrkdwn, escaped)."""
    since = f" since {fmt.escape(request['since'])}" if request.get("since") else ""
    if request["kind"] == "who":
        return f":mag: Looking up what *{fmt.escape(request['name'])}* said…"
    if request["kind"] == "timeline":
        about = f" of *{fmt.escape(request['topic'])}*" if request["topic"] else ""
        return f":calendar: Putting the timeline{about}{since} together…"
    return f":hourglass_flowing_sand: Writing a brief on *{fmt.escape(request['topic'])}*{since}…"


def people_messages(bot, request: dict[str, str]) -> list[fmt.Message]:
    """A speaker's quotes or a topic's dated events, laid out as Slack messages."""
    from bot.slack import people

    if request["kind"] == "who":
        quotes = bot.quotes(speaker=request["name"])
        shown = people.who_shown(quotes)
        urls = people.article_urls(bot, (q["doc_id"] for q in shown))
        return people.who_messages(request["name"], quotes, urls)
    from bot.models import Filters

    since = people.iso_day(Filters.parse(since=request["since"]).since)
    events = bot.timeline(topic=request["topic"], since=since)
    shown = events[-people.TIMELINE_LIMIT :]
    urls = people.article_urls(bot, (e["doc_id"] for e in shown))
    return people.timeline_messages(request["topic"], request["since"], events, urls)


def people_error(exc: Exception) -> str:
    """A short reason a who/timeline reply could not be made (details are in the log)."""
    from bot.errors import EmptyStore

    if isinstance(exc, EmptyStore):
        return "There are no articles in the store yet."
    return "Sorry, something went wrong while looking that up. Please try again."


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
