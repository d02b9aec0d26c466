"""`/brief watch NAME` (subscribe this channel to a watch's digests) and `/brief digest NAME`
(write the watch's digest now and post it here)."""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.slack import format as fmt

log = logging.getLogger("bot.slack")
_COMMAND = re.compile(r"^\s*(watch|digest)\s+(\S+)\s*$", re.I)
_BARE = re.compile(r"^\s*(watch|digest)\s*$", re.I)


def handles(text: str) -> bool:
    """The /brief text is a watch command (else it is a topic to brief on)."""
    return bool(_COMMAND.match(text or "") or _BARE.match(text or ""))


def ack_text(bot, command: dict[str, Any]) -> str:
    """Subscribe at once (quick); say a digest is coming; or say what is wrong."""
    from bot.errors import BriefbotError

    match = _COMMAND.match(command.get("text", ""))
    if not match:
        return "Usage: `/brief watch NAME` to get a watch's digests here, `/brief digest NAME` to post one now."
    verb, name = match.group(1).lower(), match.group(2)
    try:
        if verb == "watch":
            watch = bot.watches.subscribe(name, command["channel_id"])
            return (
                f":eyes: This channel now gets the digests of *{fmt.escape(watch.name)}* "
                f"({fmt.escape(watch.topic)}; every {fmt.escape(watch.every)})."
            )
        watch = bot.watches.get(name)
    except BriefbotError as exc:
        return f":warning: {fmt.escape(str(exc))}"
    return f":hourglass_flowing_sand: Writing the digest of *{fmt.escape(watch.name)}*…"


def post_digest(bot, command: dict[str, Any], client, respond) -> None:
    """`/brief digest NAME`: write the digest and post it to this channel (with retries)."""
    match = _COMMAND.match(command.get("text", ""))
    if not match or match.group(1).lower() != "digest":
        return
    name, channel = match.group(2), command["channel_id"]
    try:
        digest = bot.run_watch(name, slack_client=client, also=(channel,))
    except Exception:
        log.exception("could not write the digest of %s", name)
        respond(
            text=":warning: Sorry, I couldn't write that digest. Please try again.",
            response_type="ephemeral",
        )
        return
    if not digest.delivered:
        respond(
            text=":warning: The digest could not be posted everywhere; the next one "
            "will report from the last delivered point again.",
            response_type="ephemeral",
        )
