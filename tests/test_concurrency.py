"""The first questions after start-up arrive together: every one is answered.

A fresh service (nothing loaded: no keyword index, no embedding model session) is asked by
ten threads released at the same instant, as a web or Slack front end does right after it
starts. Real embedded Chroma store, real MiniLM embedder.
"""

from __future__ import annotations

import threading

from conftest import ROOT

from bot.config import Settings
from bot.service import BriefBot

EXAMPLES = ROOT / "examples" / "articles"
QUESTIONS = [
    "What did Petra Ilvane say about the accord?",
    "tell me about the gauging network",
    "who signed the Tessara accord?",
    "what do farmers in the delta think?",
    "when do the new water shares start?",
]


def test_simultaneous_first_questions_are_all_answered(tmp_path):
    from ingest.embedders import MiniLMEmbeddings
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    writer = MiniLMEmbeddings()
    store = Store(path=tmp_path / "store", embedder_name=writer.name)
    assert not ingest_paths(store, writer, [EXAMPLES]).failures
    # A new process's view: a new store handle, a new embedder whose model is not loaded yet.
    fresh = Store(path=tmp_path / "store", embedder_name=writer.name)
    bot = BriefBot(Settings(answerer="extractive"), store=fresh, embedder=MiniLMEmbeddings())
    start = threading.Barrier(10)
    answers, errors = [], []

    def ask(question: str) -> None:
        start.wait()
        try:
            answers.append(bot.ask(question))
        except Exception as exc:  # noqa: BLE001 (the test reports every failure)
            errors.append(repr(exc))

    threads = [threading.Thread(target=ask, args=(QUESTIONS[i % 5],)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert len(answers) == 10
    assert sum(1 for a in answers if a.citations) >= 8  # answered from the articles, cited
