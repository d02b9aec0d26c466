"""With an LLM answerer (a fake OpenAI-compatible server on loopback) answers stream into the chat."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from conftest import ROOT
from servers.openai_fake import FakeOpenAI, Step
from test_web_api import client, start_web

FIXTURES = ROOT / "tests" / "fixtures" / "web"
QUESTION = "Why did Riverton raise the harbour bridge toll?"

pytestmark = [pytest.mark.slow]


def _passage_number(prompt: str, needle: str) -> str:
    return re.search(rf'<passage n="(\d+)"[^>]*>[^<]*{needle}', prompt).group(1)


def _reply(body: dict) -> str:
    prompt = body["messages"][-1]["content"]
    cables = _passage_number(prompt, "corroded steel cables")
    vote = _passage_number(prompt, "voted 7 to 2")
    return (
        f"The council voted 7 to 2 to raise the toll on the harbour bridge [{vote}]. "
        f"Mayor Alina Petrov said the increase was needed to pay for repairs to the "
        f"bridge's corroded steel cables [{cables}]."
    )


@contextmanager
def web_with_model(base, minilm, reply):
    """The web chat over the city-desk articles, answering through a loopback model whose
    reply `reply(request body)` writes."""
    with FakeOpenAI() as fake, pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)
        fake.set_script(Step(reply=reply))
        server = start_web(
            base,
            minilm,
            [FIXTURES / "city-desk.json"],
            openai_base_url=fake.base_url,
            openai_api_key="test-key",
            llm_model="fake-model",
            llm_timeout=10.0,
            llm_backoff=0.01,
        )
        yield server
        server.running.close()


@pytest.fixture(scope="module")
def llm_web(tmp_path_factory, minilm):
    with web_with_model(tmp_path_factory.mktemp("web-llm"), minilm, _reply) as server:
        yield server


def _assistant(chat: list) -> str:
    return str(chat[-1]["content"]) if chat and chat[-1]["role"] == "assistant" else ""


def test_llm_answer_streams_into_the_chat_sentence_by_sentence(llm_web):
    job = client(llm_web).submit(QUESTION, "", None, None, api_name="/chat")
    chat, sources, copy, _, _ = job.result(timeout=120)
    shown = [_assistant(out[0]) for out in job.outputs()]
    first_only = [s for s in shown if "voted 7 to 2" in s and "corroded" not in s]
    assert first_only, shown  # the first sentence was on screen before the second arrived
    assert "corroded steel cables" in _assistant(chat)
    assert "corroded steel cables" in sources and "<mark" in sources
    assert "[1]" in copy and "[2]" in copy


def test_llm_answer_through_the_api_keeps_exact_quotes(llm_web):
    result = client(llm_web).predict(QUESTION, [], "", "", "", api_name="/ask")
    assert result["mode"] == "llm" and len(result["citations"]) == 2
    for c in result["citations"]:
        assert llm_web.bot.store.get_article(c["doc_id"]).text[c["start"] : c["end"]] == c["quote"]
