"""slack/manifest.yml asks for exactly the scopes and events the app's code uses."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# Web API method (as slack_sdk spells it) -> the bot scopes it needs.
METHOD_SCOPES = {
    "chat_postMessage": {"chat:write"},
    "chat_update": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "reactions_add": {"reactions:write"},
    "reactions_remove": {"reactions:write"},
    # Threads can be in public or private channels, DMs or group DMs.
    "conversations_replies": {"channels:history", "groups:history", "im:history", "mpim:history"},
}
EVENT_SCOPES = {"app_mention": {"app_mentions:read"}, "message.im": {"im:history"}}


def used_methods() -> set[str]:
    source = "\n".join(p.read_text() for p in (ROOT / "bot" / "slack").glob("*.py"))
    return set(
        re.findall(
            r"\b((?:chat|reactions|conversations|users|auth|files|views)_[A-Za-z]+)\b", source
        )
    )


def test_manifest_scopes_are_exactly_those_used():
    manifest = yaml.safe_load((ROOT / "slack" / "manifest.yml").read_text())
    methods = used_methods()
    assert methods <= set(METHOD_SCOPES), (
        f"add the scope for {methods - set(METHOD_SCOPES)} here and in the manifest"
    )
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == set(EVENT_SCOPES)
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert commands == ["/brief"]
    needed = set().union(*(METHOD_SCOPES[m] for m in methods), *EVENT_SCOPES.values(), {"commands"})
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == needed
    assert manifest["settings"]["interactivity"]["is_enabled"] is True  # the buttons
