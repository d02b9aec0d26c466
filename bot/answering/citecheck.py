"""Citation check: every sentence of a generated answer must be backed by the passage it cites.

A sentence passes when it carries at least one [n] naming a real passage and the claim agrees
with the sentence(s) of that passage it relies on (bot/answering/claims.py: polarity, numbers
bound to their nouns and units, days and dates, speaker, entities, planted instructions, and
meaning: shared words, or failing that embedding cosine with the store's embedder). Each
citation carries the exact quote span of the passage sentence(s) the claim was aligned to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.answering.claims import Rules, Source, judge
from bot.models import Passage
from ingest.chunking import sentence_spans

_MARKER = re.compile(r"\[(?:(?:passage|source)\s*)?(\d+(?:\s*[,;]\s*\d+)*)\]", re.IGNORECASE)
_LEADING_MARKERS = re.compile(
    r"^(?:\s*\[(?:(?:passage|source)\s*)?\d+(?:\s*[,;]\s*\d+)*\])+", re.IGNORECASE
)
# Markers models write instead of [n]: 【1】, [^1], [1†source], (1) before punctuation, ^1.
_ODD_MARKERS = [
    (re.compile(r"\u3010\s*(\d+)(?:[:\u2020][^\u3011]*)?\s*\u3011"), r"[\1]"),
    (re.compile(r"\[\^(\d+)\]"), r"[\1]"),
    (re.compile(r"\[(\d+)\s*\u2020[^\]]*\]"), r"[\1]"),
    (re.compile(r"(?<=[\w.,\"\u201d'])\s?\((\d{1,2})\)(?=\s*(?:[.,;:!?]|$|\n|\[))"), r" [\1]"),
]


def normalise_markers(text: str) -> str:
    """Non-standard citation markers rewritten as [n]."""
    for pattern, repl in _ODD_MARKERS:
        text = pattern.sub(repl, text)
    return text


CheckPolicy = Rules  # the thresholds of the support check (kept under its old name)


@dataclass
class SentenceCheck:
    """The verdict on one answer sentence."""

    text: str  # the sentence as the model wrote it
    cited: list[int] = field(default_factory=list)  # 1-based passage numbers that exist
    dangling: list[int] = field(default_factory=list)  # numbers that point to nothing
    reason: str = ""  # why it is unsupported; "" when supported
    quotes: dict[int, tuple[int, int]] = field(default_factory=dict)  # n -> span in passage.text

    @property
    def supported(self) -> bool:
        return not self.reason


def markers(sentence: str) -> list[int]:
    """Every passage number cited in `sentence`, in order of appearance."""
    out: list[int] = []
    for match in _MARKER.finditer(normalise_markers(sentence)):
        out += [int(x) for x in re.split(r"\s*[,;]\s*", match.group(1).strip())]
    return out


def strip_markers(sentence: str) -> str:
    """`sentence` without its [n] markers and the spaces they leave behind."""
    return tidy(_MARKER.sub("", normalise_markers(sentence)))


def tidy(text: str) -> str:
    """Collapse doubled spaces and spaces before punctuation."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r"\s+([.,;:!?])", r"\1", text).strip()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`; a marker written after the full stop stays with its sentence."""
    spans = sentence_spans(text)
    out: list[tuple[int, int]] = []
    for start, end in spans:
        lead = _LEADING_MARKERS.match(text, start, end)
        if lead and out:
            out[-1] = (out[-1][0], lead.end())
            start = lead.end()
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            out.append((start, end))
    return out


class CitationChecker:
    """Checks answer sentences against numbered passages (1-based, as shown to the model)."""

    def __init__(
        self,
        passages: list[Passage],
        embedder=None,
        policy: Rules | None = None,
        question: str = "",
    ):
        self.passages = passages
        self.embedder = embedder
        self.policy = policy or Rules()
        self.question = question
        self._sources: dict[int, Source] = {}
        self._vectors: dict[str, Any] = {}

    def source(self, n: int) -> Source:
        if n not in self._sources:
            p = self.passages[n - 1]
            context = "\n".join([p.title, p.source, _spoken_date(p.published_at)])
            self._sources[n] = Source.of(p.text, context)
        return self._sources[n]

    def check(self, sentence: str) -> SentenceCheck:
        """Verdict, valid citations and best quote spans for one answer sentence."""
        sentence = normalise_markers(sentence)
        result = SentenceCheck(text=sentence)
        for n in markers(sentence):
            bucket = result.cited if 1 <= n <= len(self.passages) else result.dangling
            if n not in bucket:
                bucket.append(n)
        plain = strip_markers(sentence)
        if not result.cited:
            result.reason = (
                "its citation points to no passage" if result.dangling else "it cites no passage"
            )
            return result
        sources = [self.source(n) for n in result.cited]
        similarity = self._similarity if self.embedder is not None else None
        result.reason, aligned = judge(plain, sources, similarity, self.policy)
        if not result.reason and self._off_question(plain, sources, aligned):
            result.reason = "it does not address the question"
        for k, n in enumerate(result.cited):
            spans = [sources[k].spans[i] for i in aligned.get(k, [])]
            if spans:
                result.quotes[n] = (min(a for a, _ in spans), max(b for _, b in spans))
            else:
                result.quotes[n] = (0, len(self.passages[n - 1].text))
        return result

    def best_quote(self, plain: str, n: int) -> tuple[int, int]:
        """Span (in passage n's text) of the sentence(s) that best support `plain`."""
        check = self.check(f"{plain} [{n}]")
        return check.quotes.get(n, (0, len(self.passages[n - 1].text)))

    def _off_question(self, plain: str, sources: list[Source], aligned: dict) -> bool:
        """True when a cited passage carries instructions aimed at a model and neither the
        sentence nor the source sentences it rests on share a content word with the question
        (and, with an embedder, its meaning is far from it too): the reply may be obeying the
        planted text rather than answering. One shared word is enough to pass."""
        from bot.answering.claims import terms
        from bot.answering.lexicon import tokens

        if not any(any(src.injected) for src in sources):
            return False  # only where a passage carries instructions aimed at a model
        asked = terms(tokens(self.question)) if self.question else set()
        if len(asked) < 2:
            return False
        near = set(terms(tokens(plain)))
        for k, idx in aligned.items():
            for i in idx:
                near |= sources[k].terms[i]
        if near & asked:
            return False
        if self.embedder is None:
            return True
        return self._similarity(plain, [self.question])[0] < OFF_QUESTION_COSINE

    def _similarity(self, claim: str, texts: list[str]) -> list[float]:
        import numpy as np

        missing = [t for t in [claim, *texts] if t not in self._vectors]
        if missing:
            vectors = self.embedder.embed_documents(missing)
            for t, v in zip(missing, vectors, strict=True):
                v = np.asarray(v, dtype=np.float32)
                self._vectors[t] = v / (np.linalg.norm(v) or 1.0)
        q = self._vectors[claim]
        return [float(self._vectors[t] @ q) for t in texts]


def _spoken_date(published_at: str) -> str:
    """ "2025-11-03T09:00:00Z" -> "2025-11-03 (3 November 2025)": the day a claim may name, without the
    clock's digits (09, 00) passing for numbers the article states."""
    from datetime import date

    try:
        d = date.fromisoformat(published_at[:10])
    except ValueError:
        return ""
    return f"{published_at[:10]} ({d.day} {d.strftime('%B')} {d.year})"


OFF_QUESTION_COSINE = 0.2  # below this, and sharing no word, a sentence answers something else
NOT_COVERED = "NOT_COVERED"  # what the answer prompt tells the model to reply when it can't answer
UNVERIFIED = "(unverified) "  # put in front of a sentence the check could not verify
_LIST_PREFIX = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


def unverified(sentence: str) -> str:
    """A sentence shown without its markers (so without a source card), labelled in front."""
    plain = strip_markers(sentence)
    prefix = _LIST_PREFIX.match(plain)
    head = prefix.group(0) if prefix else ""
    return head + UNVERIFIED + plain[len(head) :]


class AnswerAssembler:
    """Builds what the user sees from checked sentences: text, renumbered citations, unsupported.

    Feed sentences in order with `add`; each call returns the text to show now. A sentence
    that fails the check is dropped ("drop") or shown as "(unverified) ..." without its [n]
    markers, so without a source card ("flag"); in flag mode it is held back until a supported
    sentence follows, so an answer with nothing supported shows nothing and can be replaced by
    the extractive fallback.
    """

    def __init__(self, checker: CitationChecker, policy: str = "flag") -> None:
        self.checker = checker
        self.policy = policy
        self.citations: list = []
        self.unsupported: list[str] = []
        self.checks: list[SentenceCheck] = []
        self.supported = 0
        self.abstain = False
        self.text = ""
        self._keys: dict[tuple[int, int, int], int] = {}
        self._held: list[tuple[str, SentenceCheck]] = []
        self.fragment = ""  # an unfinished last piece of a cut-off reply, never shown

    def add(self, sentence: str, sep: str = " ") -> str:
        """Check one sentence; returns the text to show now (may be empty)."""
        if NOT_COVERED in sentence:
            self.abstain = True
            return ""
        check = self.checker.check(sentence)
        self.checks.append(check)
        if not check.supported:
            self.unsupported.append(strip_markers(sentence))
            if self.policy == "flag":
                self._held.append((sep, check))
            return ""
        self.supported += 1
        self._held.append((sep, check))
        return self._release()

    def finish(self) -> str:
        """Text still held back, shown only when some sentence was supported."""
        return self._release() if self.supported else ""

    def _release(self) -> str:
        out = ""
        for sep, check in self._held:
            piece = self._render(check) if check.supported else unverified(check.text)
            out += (sep if self.text or out else "") + piece
        self._held.clear()
        self.text += out
        return out

    def _render(self, check: SentenceCheck) -> str:
        def renumber(match: re.Match) -> str:
            nums = [int(x) for x in re.split(r"\s*[,;]\s*", match.group(1).strip())]
            out = []
            for n in nums:
                if n in check.quotes:
                    k = self._citation_number(n, check.quotes[n])
                    if f"[{k}]" not in out:
                        out.append(f"[{k}]")
            return "".join(out)

        return tidy(_MARKER.sub(renumber, check.text))

    def _citation_number(self, n: int, span: tuple[int, int]) -> int:
        from bot.models import Citation

        key = (n, *span)
        if key not in self._keys:
            p = self.checker.passages[n - 1]
            a, b = span
            self._keys[key] = len(self.citations) + 1
            self.citations.append(
                Citation(
                    n=self._keys[key],
                    quote=p.text[a:b],
                    passage=p.text,
                    doc_id=p.doc_id,
                    title=p.title,
                    source=p.source,
                    url=p.url,
                    published_at=p.published_at,
                    start=p.start + a,
                    end=p.start + b,
                    score=p.score,
                )
            )
        return self._keys[key]
