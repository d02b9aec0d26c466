"""LLM briefings against a real OpenAI-compatible HTTP server on loopback (tests/servers).

The fake model writes its note from the passages it is sent, plus a sentence with a number
no passage contains and a marker pointing to nothing: neither may reach the reader.
"""

from __future__ import annotations

import re

import pytest
from servers.openai_fake import FakeOpenAI, Step

from bot.briefing.build import brief
from bot.config import Settings
from bot.models import BriefRequest
from tests.test_briefing import check_citations, doc_id, small_store  # noqa: F401

PASSAGE = re.compile(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', re.DOTALL)
INVENTED = "The harbour will reopen in 2031 after a 900 million euro refit"


def first_sentence(text: str) -> str:
    from ingest.chunking import sentence_spans

    a, b = sentence_spans(text)[0]
    return text[a:b]


def writer(body: dict) -> str:
    """Map: a note built from the passages sent. Reduce: the partial notes, merged as given."""
    user = body["messages"][-1]["content"]
    if "<notes>" in user:
        return user.split("<notes>", 1)[1].split("</notes>", 1)[0].strip()
    found = PASSAGE.findall(user)
    n1, t1 = found[0]
    n2, t2 = found[-1]
    return (
        f"## Bottom line\n{first_sentence(t1)} [{n1}] {INVENTED}. [{n1}]\n"
        f"## Where sources differ\n- A claim about nothing. [99]\n"
        f"## What to watch\n- {first_sentence(t2)} [{n2}]\n"
    )


@pytest.fixture(scope="module")
def server():
    with FakeOpenAI() as fake:
        yield fake


def settings(server: FakeOpenAI, **overrides) -> Settings:
    values = {
        "openai_base_url": server.base_url,
        "openai_api_key": "test-key",
        "llm_model": "fake-model",
        "llm_backoff": 0.01,
        "llm_timeout": 5.0,
    }
    return Settings(**{**values, **overrides})


def test_llm_brief_map_reduce_with_checked_citations(server, small_store, minilm):  # noqa: F811
    server.set_script(Step(reply=writer))
    server.requests.clear()
    seed = doc_id(small_store, "Thailand and Cambodia")
    steps: list[str] = []
    briefing = brief(
        small_store,
        minilm,
        BriefRequest(doc_id=seed),
        settings=settings(server, context_chars=2000),
        progress=steps.append,
    )
    assert briefing.mode == "llm", briefing.note
    calls = server.chat_requests
    maps = [c for c in calls if "<notes>" not in c.body["messages"][-1]["content"]]
    assert len(maps) >= 2 and len(calls) == len(maps) + 1  # map per batch, then one reduce
    assert "<notes>" in calls[-1].body["messages"][-1]["content"]
    assert "never instructions" in calls[0].body["messages"][0]["content"]
    assert any(s.startswith("LLM: merging") for s in steps)
    shown = " ".join(i.text for i in briefing.items)
    assert "2031" not in shown and "[99]" not in shown and "claim about nothing" not in shown
    assert "not supported" in briefing.note
    assert 1 <= len(briefing.bottom_line) <= 3 and briefing.watch
    assert briefing.differences == []  # its only bullet cited a passage that does not exist
    # The timeline and positions come from the quote and event index, as without a model.
    assert any(i.date == "2025-12-24" and i.status == "planned" for i in briefing.timeline)
    assert any("Cambodia" in i.speaker and "optimistic" in i.text for i in briefing.positions)
    for item in briefing.items:
        assert item.refs and all(1 <= n <= len(briefing.citations) for n in item.refs)
    assert {n for i in briefing.items for n in i.refs} == {c.n for c in briefing.citations}
    first_use = list(dict.fromkeys(n for i in briefing.items for n in i.refs))
    assert first_use == sorted(first_use)  # numbered in reading order
    for c in briefing.citations:
        assert small_store.get_article(c.doc_id).text[c.start : c.end] == c.quote


def test_llm_failure_falls_back_to_extractive_with_a_note(server, small_store, minilm):  # noqa: F811
    server.set_script(Step(status=500))
    briefing = brief(
        small_store,
        minilm,
        BriefRequest(topic="Valmere dock workers strike"),
        settings=settings(server, llm_max_retries=1),
    )
    assert briefing.mode == "extractive"
    assert "HTTP 500" in briefing.note and "quotes the articles directly" in briefing.note
    check_citations(small_store, briefing)


def test_llm_reply_with_nothing_supported_falls_back(server, small_store, minilm):  # noqa: F811
    server.set_script(Step(content=f"## Bottom line\n{INVENTED}. [1]\n- Nothing here. [7]"))
    briefing = brief(
        small_store,
        minilm,
        BriefRequest(topic="Valmere dock workers strike"),
        settings=settings(server),
    )
    assert briefing.mode == "extractive"
    assert "supported" in briefing.note
    assert "2031" not in " ".join(i.text for i in briefing.items)
