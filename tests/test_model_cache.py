"""The local models open from a cached optimised graph: same scores, and a damaged cache
file is rebuilt rather than failing a question."""

from __future__ import annotations

import numpy as np

from bot.retrieval.rerank import CrossEncoder
from ingest.embedders import MiniLMEmbeddings

QUESTION = "what did the harbour board say about dredging"
PASSAGES = [
    "The harbour board said dredging would start in March and close the east quay for a week.",
    "Ferry fares rose by four percent this year.",
]


def test_models_give_the_same_numbers_from_the_cache_and_survive_a_damaged_file(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "briefbot" / "onnx"

    first = CrossEncoder().score(QUESTION, PASSAGES)
    vectors = MiniLMEmbeddings().embed_documents(PASSAGES)
    cached = sorted(folder.glob("*.onnx"))
    assert len(cached) == 2 and not list(folder.glob("*.part"))
    assert first[0] > first[1]  # the passage that answers comes first

    again = CrossEncoder().score(QUESTION, PASSAGES)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(np.asarray(vectors), MiniLMEmbeddings().embed_documents(PASSAGES))

    for path in cached:
        path.write_bytes(b"not a model")
    np.testing.assert_array_equal(first, CrossEncoder().score(QUESTION, PASSAGES))
    np.testing.assert_array_equal(np.asarray(vectors), MiniLMEmbeddings().embed_documents(PASSAGES))
    assert all(path.stat().st_size > 1_000_000 for path in cached)  # written again, whole
