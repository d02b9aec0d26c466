"""`briefbot ask --json` with OPENAI_BASE_URL pointing at the fake OpenAI server (real processes)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from servers.openai_fake import FakeOpenAI, Step
from typer.testing import CliRunner

from bot.cli import app

BRIEFBOT = str(Path(sys.executable).with_name("briefbot"))
SCHEMA = {"question", "answer", "abstained", "mode", "citations", "unsupported"}
CITATION = {
    "n",
    "quote",
    "passage",
    "doc_id",
    "title",
    "source",
    "url",
    "published_at",
    "start",
    "end",
    "score",
}
ARTICLE = (  # written for this test
    "Glenmoor opens night bus network\n\n"
    "(Glenmoor, 3rd) The Glenmoor transport office opened six night bus routes on Friday, "
    "running every 20 minutes between midnight and 5 a.m.\n\n"
    "Transport director Amira Patel said the routes would cost 2.4 million pounds a year. "
    '"Shift workers asked for this for a decade," Patel said.\n\n'
    "Taxi drivers' association chair Colin Drummond warned that fares for late taxis would "
    "have to rise."
)


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("llm-cli")
    (folder / "night-buses.txt").write_text(ARTICLE)
    with FakeOpenAI() as server:
        env = {
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "test-key",
            "BRIEFBOT_STORE": str(folder / "store"),
            "BRIEFBOT_LLM_BACKOFF": "0.01",
            "BRIEFBOT_LLM_MAX_RETRIES": "1",
        }
        done = CliRunner().invoke(app, ["ingest", "-q", str(folder / "night-buses.txt")], env=env)
        assert done.exit_code == 0, done.output
        yield server, env


def _ask(env: dict, question: str) -> dict:
    """`briefbot ask QUESTION --json` run in this process (the fast path for most tests)."""
    done = CliRunner().invoke(app, ["ask", question, "--json"], env=env)
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def _cite(needle: str, sentence: str):
    def reply(body: dict) -> str:
        user = body["messages"][-1]["content"]
        blocks = re.findall(r'<passage n="(\d+)"[^>]*>(.*?)</passage>', user, re.DOTALL)
        n = next(num for num, text in blocks if needle in text)
        return f"{sentence} [{n}]."

    return reply


def test_ask_json_with_an_llm_keeps_the_schema_and_says_llm(cli_env):
    server, env = cli_env
    server.set_script(
        Step(
            reply=_cite(
                "2.4 million", "Amira Patel said the routes would cost 2.4 million pounds a year"
            )
        )
    )
    got = _ask(env, "How much will the Glenmoor night buses cost?")
    assert SCHEMA <= set(got) and got["mode"] == "llm" and got["unsupported"] == []
    assert got["answer"] == "Amira Patel said the routes would cost 2.4 million pounds a year [1]."
    (citation,) = got["citations"]
    assert set(citation) == CITATION and "2.4 million pounds" in citation["quote"]
    assert citation["quote"] in citation["passage"]
    assert server.chat_requests[-1].body["messages"][0]["role"] == "system"


def test_ask_json_lists_unsupported_sentences(cli_env):
    server, env = cli_env

    def reply(body: dict) -> str:
        first = _cite("2.4 million", "The routes would cost 2.4 million pounds a year")(body)
        return first + " Colin Drummond said fares would double by 2027 [1]."

    server.set_script(Step(reply=reply))
    got = _ask(env, "How much will the Glenmoor night buses cost?")
    assert got["mode"] == "llm"
    assert got["unsupported"] == ["Colin Drummond said fares would double by 2027."]


def test_ask_json_after_server_failure_says_extractive_with_a_note(cli_env):
    """A real `briefbot` process: the fallback is a clean answer, never a stack trace."""
    server, env = cli_env
    server.set_script(Step(status=500))
    server.requests.clear()
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BRIEFBOT_", "OPENAI_")) or k == "BRIEFBOT_SHARED_DATA"
    }
    done = subprocess.run(
        [BRIEFBOT, "ask", "How much will the Glenmoor night buses cost?", "--json"],
        env={**keep, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    got = json.loads(done.stdout)
    assert SCHEMA <= set(got) and got["mode"] == "extractive"
    assert "HTTP 500" in got["note"] and "quotes the articles directly" in got["note"]
    assert got["unsupported"] == []
    assert len(server.chat_requests) == 2  # the real process called the model and retried once


def test_ask_streams_the_llm_answer_then_lists_its_sources(cli_env):
    """Human output: the checked answer text, then each cited source with its quote."""
    server, env = cli_env
    server.set_script(
        Step(
            reply=_cite(
                "2.4 million", "Amira Patel said the routes would cost 2.4 million pounds a year"
            )
        )
    )
    done = CliRunner().invoke(app, ["ask", "How much will the Glenmoor night buses cost?"], env=env)
    assert done.exit_code == 0, done.output
    out = " ".join(done.stdout.split())
    answer = "Amira Patel said the routes would cost 2.4 million pounds a year [1]."
    assert out.count(answer) == 1  # streamed once, not printed again at the end
    assert out.index(answer) < out.index("Sources") < out.index("[1] Glenmoor opens night bus")
    assert server.chat_requests[-1].body.get("stream") is True


def test_ask_after_a_fallback_shows_the_quoted_answer_and_the_note(cli_env):
    server, env = cli_env
    server.set_script(Step(status=500))
    done = CliRunner().invoke(app, ["ask", "How much will the Glenmoor night buses cost?"], env=env)
    assert done.exit_code == 0, done.output
    out = " ".join(done.stdout.split())
    assert "2.4 million pounds" in out and "HTTP 500" in out and "Sources" in out
