"""Who writes answers: a small registry of answerers the service picks from by Settings.answerer.

Every answerer has `stream(question, passages)` (a `bot.question.Question`) yielding text
pieces then the final `Answer`, and `condense(question, history)` returning a standalone query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from bot.config import Settings
from bot.errors import ConfigError
from bot.models import Answer, Passage, Turn
from bot.question import Question


class Answerer(Protocol):
    mode: str

    def stream(self, question: Question, passages: list[Passage]) -> Iterator[str | Answer]: ...

    def condense(self, question: str, history: list[Turn] | None) -> str: ...


class ExtractiveAnswerer:
    """Quotes the source sentences (bot/answering/extractive.py); no model needed."""

    mode = "extractive"

    def __init__(self, settings: Settings, store=None, embedder=None, reranker=None) -> None:
        self.store = store
        self.reranker = reranker  # reads the likeliest sentences (None: word overlap alone)
        self.embedder = embedder  # finds sentences saying the same in other words (None: not)

    def answer(self, question: Question | str, passages: list[Passage]) -> Answer:
        """The extractive answer for `question` from `passages`."""
        from bot.answering.extractive import answer_extractive

        return answer_extractive(
            question, passages, self.store, reranker=self.reranker, embedder=self.embedder
        )

    def stream(self, question: Question | str, passages: list[Passage]) -> Iterator[str | Answer]:
        """Yield the answer line by line, then the `Answer`."""
        answer = self.answer(question, passages)
        yield from answer.answer.splitlines(keepends=True)
        yield answer

    def condense(self, question: str, history: list[Turn] | None) -> str:
        """Resolve a follow-up with the heuristic in bot/question/followup.py."""
        from bot.question.followup import resolve

        return resolve(question, history)


def _llm(settings: Settings, store=None, embedder=None, reranker=None):
    from bot.answering.llm import LLMAnswerer

    extractive = ExtractiveAnswerer(settings, store, embedder, reranker)
    return LLMAnswerer(
        settings, embedder=embedder, fallback=extractive.answer, heuristic=extractive.condense
    )


ANSWERERS: dict[str, Callable[..., Answerer]] = {
    "extractive": ExtractiveAnswerer,
    "llm": _llm,
}


def answerer_name(settings: Settings) -> str:
    """The answerer the settings pick; auto means the LLM when a key or base URL is set."""
    if settings.answerer == "auto":
        return "llm" if (settings.openai_api_key or settings.openai_base_url) else "extractive"
    return settings.answerer


def make_answerer(settings: Settings, store=None, embedder=None, reranker=None) -> Answerer:
    """Build the answerer named by BRIEFBOT_ANSWERER (extractive | llm | auto); `reranker`
    (the retriever's cross-encoder, or None) helps pick the sentences quoted."""
    name = answerer_name(settings)
    factory = ANSWERERS.get(name)
    if factory is None:
        raise ConfigError(
            f"unknown answerer {name!r} in BRIEFBOT_ANSWERER; valid: "
            + ", ".join([*ANSWERERS, "auto"])
        )
    return factory(settings, store, embedder, reranker)
