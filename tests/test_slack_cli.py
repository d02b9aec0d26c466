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
