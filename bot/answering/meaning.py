"""When no quote shares the question's words: sentences that say the same thing in other words
("any casualties reported?" -> "the conflict has resulted in 20 civilian deaths, 79 injuries").

A fallback for answers that would otherwise be declined for want of matching words: the
sentences of the best passages are compared with the question by the embedder (cosine of
their vectors), and the close ones are kept only when the re-ranker does not read them as
off the question. Long questions (several parts) are left to word overlap.
"""

from __future__ import annotations

import numpy as np

from bot.question.parse import LONG_QUESTION_WORDS

MIN_MEANING = 0.4  # cosine of question and sentence vectors (MiniLM) that counts as close
MIN_LOGIT = -3.0  # re-ranker logit below which a close sentence still does not answer
CANDIDATES = 12  # sentences read, best passages first (each costs an embedding)
KEEP = 2  # quotes at most


def closest(question: str, units: list, embedder, reranker=None) -> list:
    """The units (best passages first, each with `text` and `logit`) whose sentence means what
    `question` asks, closest first; [] when none is close enough."""
    if embedder is None or not units or len(question.split()) > LONG_QUESTION_WORDS:
        return []
    head = units[:CANDIDATES]
    vectors = np.asarray(embedder.embed_documents([u.text[:600] for u in head]), dtype=np.float32)
    asked = np.asarray(embedder.embed_query(question), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1) * (np.linalg.norm(asked) + 1e-9) + 1e-9
    cosine = vectors @ asked / norms
    order = [i for i in np.argsort(-cosine) if cosine[i] >= MIN_MEANING][: KEEP * 2]
    close = [head[i] for i in order]
    unread = [u for u in close if u.logit is None]  # the answer read the likeliest already
    if reranker is not None and unread:
        for u, logit in zip(
            unread, reranker.score(question, [u.text for u in unread]), strict=True
        ):
            u.logit = float(logit)
    if reranker is not None:
        close = [u for u in close if u.logit is not None and u.logit >= MIN_LOGIT]
    return close[:KEEP]
