"""LLM answers through any OpenAI-compatible server, every sentence checked before it is shown.

The model (LangChain `ChatOpenAI`) streams its reply; complete sentences are checked against
the passages they cite (bot/answering/citecheck.py) and only then yielded, renumbered. Timeouts, 429 and
5xx are retried with backoff; after that, or when nothing in the reply can be verified, the
answer falls back to the extractive answerer with a note saying why.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator

from bot.answering.citecheck import (
    AnswerAssembler,
    CitationChecker,
    normalise_markers,
    split_sentences,
)
from bot.answering.prompts import format_history, format_passage, format_passages, render
from bot.config import Settings
from bot.errors import ConfigError, LLMError
from bot.models import Answer, Passage, Turn, final_answer
from bot.question import Question, understand
from ingest.chunking import sentence_spans

log = logging.getLogger(__name__)
ABSTAIN_TEXT = "The articles in the store don't cover this question."


class LLMFailure(Exception):
    """The model could not be used for this answer; `note` tells the user why."""

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


def make_chat_model(settings: Settings):
    """A LangChain ChatOpenAI for the configured server (retries are ours, not the client's)."""
    if not (settings.openai_api_key or settings.openai_base_url):
        raise ConfigError("the LLM answerer needs OPENAI_API_KEY or OPENAI_BASE_URL")
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.openai_base_url,
        api_key=SecretStr(settings.openai_api_key or "not-needed"),  # local servers take any key
        timeout=settings.llm_timeout,
        max_retries=0,
    )


def pack_passages(passages: list[Passage], budget: int) -> list[Passage]:
    """The passages that fit in `budget` prompt characters, trimmed at sentence ends only."""
    packed: list[Passage] = []
    used = 0
    for passage in passages:
        n = len(packed) + 1
        size = len(format_passage(n, passage)) + 2
        if used + size <= budget:
            packed.append(passage)
            used += size
            continue
        trimmed = _trim_to_fit(n, passage, budget - used)
        if trimmed is None and not packed:  # always give the model at least one sentence
            trimmed = _trim_to_fit(n, passage, 0, at_least_one=True)
        if trimmed is not None:
            packed.append(trimmed)
            used += len(format_passage(n, trimmed)) + 2
    return packed


def _trim_to_fit(n: int, passage: Passage, room: int, at_least_one: bool = False) -> Passage | None:
    best = None
    for _, end in sentence_spans(passage.text):
        cut = Passage(
            **{**passage.__dict__, "end": passage.start + end, "text": passage.text[:end]}
        )
        if len(format_passage(n, cut)) + 2 > room and not (at_least_one and best is None):
            break
        best = cut
    return best


class SentenceStream:
    """Collects streamed text and hands out sentences once the next one has begun."""

    def __init__(self) -> None:
        self.buffer = ""
        self._sep = ""

    def feed(self, piece: str) -> list[tuple[str, str]]:
        """(separator, sentence) pairs completed by `piece`."""
        self.buffer = normalise_markers(self.buffer + piece)
        spans = split_sentences(self.buffer)
        # The last sentence may still grow; the one before is final only once the last holds a
        # whole word (so "... talks. [2]" keeps its marker and "U.S" is not cut at "U.").
        done = len(spans) - 1
        if done > 0 and not re.search(
            r"[A-Za-z]\S*\s", re.sub(r"\[[^\]]*\]?", "", self.buffer[spans[-1][0] :])
        ):
            done -= 1
        return self._take(spans[:done], spans[done][0] if done > 0 else None)

    def flush(self) -> list[tuple[str, str]]:
        """Every sentence left, the last possibly unfinished."""
        return self._take(split_sentences(self.buffer), None)

    def _take(self, spans: list[tuple[int, int]], rest: int | None) -> list[tuple[str, str]]:
        out, prev = [], 0
        for start, end in spans:
            gap = self._sep + self.buffer[prev:start]
            self._sep = ""
            breaks = gap.count("\n")
            out.append(("\n\n" if breaks > 1 else "\n" if breaks else " ", self.buffer[start:end]))
            prev = end
        if out:
            self._sep = self.buffer[prev:rest] if rest is not None else ""
            self.buffer = self.buffer[rest:] if rest is not None else ""
        return out


class LLMAnswerer:
    """Writes answers with the configured chat model; falls back to `fallback` on failure."""

    mode = "llm"

    def __init__(
        self,
        settings: Settings,
        embedder=None,
        fallback: Callable[..., Answer] | None = None,
        heuristic: Callable[[str, list[Turn]], str] | None = None,
        model=None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.fallback = fallback
        self.heuristic = heuristic
        self.model = model or make_chat_model(settings)

    def answer(self, question: Question | str, passages: list[Passage]) -> Answer:
        """The final answer (streaming consumed)."""
        return final_answer(self.stream(question, passages))

    def stream(self, question: Question | str, passages: list[Passage]) -> Iterator[str | Answer]:
        """Yield checked answer text as it is written, then the final `Answer`.

        The model is sent `question.text` (a follow-up's standalone form); the `Answer`
        carries the question as typed. The extractive fallback gets the same `Question`.
        """
        q = question if isinstance(question, Question) else understand(question)
        if not passages:  # nothing to cite: the extractive answerer abstains without a model call
            yield from self._fall_back(q, passages, "")
            return
        packed = pack_passages(passages, self.settings.context_chars)
        messages = render(
            "answer",
            passages=format_passages(packed),
            n_passages=len(packed),
            question=q.text,
        )
        checker = CitationChecker(packed, self.embedder, question=q.text)
        try:
            assembler, cut_off = yield from self._generate(messages, checker)
        except LLMFailure as failure:
            yield from self._fall_back(q, passages, failure.note)
            return
        yield from self._conclude(q, passages, assembler, cut_off)

    def _generate(self, messages: list, checker: CitationChecker):
        """Stream the reply through the checker; returns (assembler, cut_off).

        The whole attempt, retries and waits included, ends by `llm_deadline` seconds.
        """
        attempts = self.settings.llm_max_retries + 1
        deadline = Deadline(self.settings.llm_deadline)
        for attempt in range(attempts):
            assembler = AnswerAssembler(checker, self.settings.unsupported_policy)
            sentences, finish, late = SentenceStream(), None, False
            last = attempt + 1 == attempts
            try:
                for chunk in self.model.stream(messages, timeout=deadline.timeout(self.settings)):
                    finish = chunk.response_metadata.get("finish_reason") or finish
                    for sep, sentence in sentences.feed(_text(chunk.content)):
                        if shown := assembler.add(sentence, sep):
                            yield shown
                    if deadline.passed():
                        late = True
                        break
            except Exception as exc:  # noqa: BLE001 (any client failure becomes a note)
                note, retry = describe_failure(exc, self.settings)
                log.warning("LLM request failed (try %d of %d): %s", attempt + 1, attempts, exc)
                received = assembler.checks or sentences.buffer.strip()
                out_of_time = deadline.left() <= 0
                # Text already shown cannot be taken back: keep it, checked, and say so.
                if assembler.text or (received and (last or not retry or out_of_time)):
                    yield from self._flush(sentences, assembler, cut_off=True)
                    return assembler, True
                if retry and not last and not out_of_time:
                    time.sleep(min(_delay(exc, attempt, self.settings), deadline.left()))
                    if deadline.left() > 0:
                        continue
                if out_of_time:
                    note = deadline.note()
                raise LLMFailure(note + (f" (tried {attempt + 1} times)" if retry else "")) from exc
            if late:
                log.warning("LLM reply not finished within %g s", self.settings.llm_deadline)
                if not assembler.checks and not assembler.text:
                    raise LLMFailure(deadline.note())
                yield from self._flush(sentences, assembler, cut_off=True)
                return assembler, True
            if finish is None and not assembler.text and not last and deadline.left() > 0:
                log.warning(
                    "LLM reply ended without finishing (try %d of %d)", attempt + 1, attempts
                )
                time.sleep(min(self.settings.llm_backoff * 2**attempt, deadline.left()))
                continue
            cut_off = finish is None or finish == "length"
            yield from self._flush(sentences, assembler, cut_off)
            return assembler, cut_off
        raise AssertionError("unreachable")

    def _flush(
        self, sentences: SentenceStream, assembler: AnswerAssembler, cut_off: bool
    ) -> Iterator[str]:
        rest = sentences.flush()
        for i, (sep, sentence) in enumerate(rest):
            # The last piece of a cut-off reply may be a fragment: never shown unless it ends
            # like a sentence (and then it is checked like any other).
            if cut_off and i == len(rest) - 1 and not _finished(sentence):
                assembler.fragment = sentence
                break
            if shown := assembler.add(sentence, sep):
                yield shown

    def _conclude(
        self,
        q: Question,
        passages: list[Passage],
        assembler: AnswerAssembler,
        cut_off: bool,
    ) -> Iterator[str | Answer]:
        if assembler.abstain and not assembler.supported:
            yield ABSTAIN_TEXT
            yield Answer(q.original, ABSTAIN_TEXT, True, "llm")
            return
        tail = assembler.finish()
        if not assembler.supported:
            why = (
                "The model's reply was cut off before any sentence could be checked"
                if cut_off and not assembler.checks
                else "No sentence of the model's reply could be verified against the articles"
            )
            yield from self._fall_back(q, passages, why, assembler.unsupported)
            return
        if tail:
            yield tail
        notes = []
        if cut_off:
            notes.append(
                "The model's reply was cut off; only the complete sentences received are shown."
            )
        if assembler.unsupported:
            count = len(assembler.unsupported)
            one = count == 1
            what = f"{count} {'sentence' if one else 'sentences'} of the model's reply"
            verdict = (
                f"{'was' if one else 'were'} left out because the cited articles do not say "
                f"{'it' if one else 'them'}"
                if self.settings.unsupported_policy == "drop"
                else f"could not be verified against the cited articles and "
                f"{'is' if one else 'are'} marked (unverified), without a source"
            )
            notes.append(f"{what} {verdict}.")
        yield Answer(
            q.original,
            assembler.text,
            False,
            "llm",
            assembler.citations,
            assembler.unsupported,
            " ".join(notes),
        )

    def _fall_back(
        self,
        q: Question,
        passages: list[Passage],
        why: str,
        unsupported: list[str] | None = None,
    ) -> Iterator[str | Answer]:
        if self.fallback is None:
            raise LLMError(why or "the language model could not answer")
        answer = self.fallback(q, passages)
        if why:
            answer.note = f"{why.rstrip('.')}, so this answer quotes the articles directly."
        answer.unsupported = list(unsupported or [])
        yield answer.answer
        yield answer

    def condense(self, question: str, history: list[Turn]) -> str:
        """A standalone version of a follow-up question, written by the model from the history."""
        if not history:
            return question
        messages = render("condense", history=format_history(history), question=question)
        attempts = self.settings.llm_max_retries + 1
        deadline = Deadline(self.settings.llm_deadline)
        for attempt in range(attempts):
            try:
                reply = _text(
                    self.model.invoke(messages, timeout=deadline.timeout(self.settings)).content
                )
                break
            except Exception as exc:  # noqa: BLE001 (fall back to the heuristic)
                _, retry = describe_failure(exc, self.settings)
                if not retry or attempt + 1 == attempts or deadline.passed():
                    log.warning("condense failed, using the heuristic: %s", exc)
                    return self._heuristic(question, history)
                time.sleep(min(_delay(exc, attempt, self.settings), max(0.0, deadline.left())))
        lines = [
            ln.strip().strip('"\u201c\u201d') for ln in reply.strip().splitlines() if ln.strip()
        ]
        if not lines or len(lines[0]) > 4 * len(question) + 300:
            return self._heuristic(question, history)
        return lines[0]

    def _heuristic(self, question: str, history: list[Turn]) -> str:
        return self.heuristic(question, history) if self.heuristic else question


def describe_failure(exc: Exception, settings: Settings) -> tuple[str, bool]:
    """A one-line note for the user about a failed model call, and whether to retry it."""
    import openai

    where = settings.openai_base_url or "the OpenAI API"
    if isinstance(exc, openai.APITimeoutError):
        return f"The language model did not reply within {settings.llm_timeout:g} s", True
    if isinstance(exc, openai.APIConnectionError):
        return f"The language model at {where} could not be reached or dropped the connection", True
    if isinstance(exc, openai.APIStatusError):
        code = exc.status_code
        if code == 429:
            return "The language model is rate-limited (HTTP 429)", True
        if code >= 500 or code in (408, 409):
            return f"The language model server failed (HTTP {code})", True
        return f"The language model refused the request (HTTP {code}: {_short(exc)})", False
    if isinstance(exc, ValueError | KeyError | TypeError | AttributeError | IndexError):
        return "The model's reply could not be read", False  # e.g. broken JSON in the stream
    return "The language model failed unexpectedly", False


class Deadline:
    """The time left for one whole LLM attempt (every try and wait included)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def passed(self) -> bool:
        return self.left() <= 0

    def timeout(self, settings: Settings) -> float:
        """The per-request timeout: the configured one, cut to the time left."""
        return max(0.05, min(settings.llm_timeout, self.left()))

    def note(self) -> str:
        return f"The language model did not finish within {self.seconds:g} s"


def _finished(sentence: str) -> bool:
    """Whether a piece of text ends like a sentence (markers and closing quotes aside)."""
    bare = re.sub(r"(?:\s*\[[^\]]*\])+\s*$", "", sentence.rstrip())
    bare = bare.rstrip("\"'\u201d\u2019)")
    return bare.endswith((".", "!", "?"))


def _delay(exc: Exception, attempt: int, settings: Settings) -> float:
    """Exponential backoff, or the server's Retry-After when it asks for longer (capped)."""
    delay = settings.llm_backoff * 2**attempt
    response = getattr(exc, "response", None)
    try:
        asked = float(response.headers.get("retry-after", 0)) if response is not None else 0.0
    except (TypeError, ValueError):  # an HTTP date or junk: keep our own backoff
        asked = 0.0
    return max(delay, min(asked, 30.0))


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:160] + ("..." if len(text) > 160 else "")


def _text(content) -> str:
    if isinstance(content, str):
        return content
    return "".join(
        part.get("text", "") if isinstance(part, dict) else str(part) for part in content
    )
