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
    "auth_test": set(),  # the workspace URL for message permalinks: no scope needed
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


def test_the_documented_http_setup_fits_the_manifest():
    """docs/slack.md: start briefbot, then un-comment the manifest's URL lines it names."""
    text = (ROOT / "slack" / "manifest.yml").read_text()
    http = re.sub(r"(?m)^(\s*)# ((?:request_)?url: )", r"\1\2", text)
    manifest = yaml.safe_load(
        http.replace("socket_mode_enabled: true", "socket_mode_enabled: false")
    )
    url = "https://YOUR-HOST/slack/events"
    assert manifest["features"]["slash_commands"][0]["url"] == url
    assert manifest["settings"]["event_subscriptions"]["request_url"] == url
    assert manifest["settings"]["interactivity"]["request_url"] == url
    assert manifest["settings"]["socket_mode_enabled"] is False
    doc = " ".join((ROOT / "docs" / "slack.md").read_text().split())
    for named in (
        "`request_url:` line under `settings.event_subscriptions`",
        "`request_url:` line under `settings.interactivity`",
        "`url:` line of the `/brief` entry under `features.slash_commands`",
        "`socket_mode_enabled: false`",
    ):
        assert named in doc, named
    # briefbot runs behind its HTTPS address before the URLs are saved (Slack verifies them).
    http_steps = doc[doc.index("### HTTP Events API") :]
    assert http_steps.index("briefbot slack --port 3000") < http_steps.index("**Save**")
