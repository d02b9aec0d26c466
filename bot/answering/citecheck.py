"""Citation check: every sentence of a generated answer must be backed by the passage it cites.

A sentence passes when it carries at least one [n] naming a real passage, every name and
number in it appears in the cited passage(s) (text, title, outlet or date), and its content
overlaps the passage: by shared words, or failing that by embedding cosine with the store's
embedder. For each cited passage we also pick the passage sentence(s) that best support the
answer sentence, so each citation carries an exact quote span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.models import Passage
from ingest.chunking import sentence_spans

_MARKER = re.compile(r"\[(?:(?:passage|source)\s*)?(\d+(?:\s*[,;]\s*\d+)*)\]", re.IGNORECASE)
_LEADING_MARKERS = re.compile(
    r"^(?:\s*\[(?:(?:passage|source)\s*)?\d+(?:\s*[,;]\s*\d+)*\])+", re.IGNORECASE
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019\-]*")

STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just me
more most my myself no nor not now of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves said says say told according its it's
per via upon amid among however meanwhile also additionally furthermore moreover overall still
yet thus therefore instead separately earlier later previously currently recently today
yesterday tomorrow one two three four five six seven eight nine ten mr mrs ms dr
""".split()
)
SPEECH = frozenset(
    "said says told warned added announced stated argued claimed noted insisted "
    "urged denied confirmed wrote".split()
)
# Titles a writer adds or drops around a name; the name itself is still checked.
TITLES = frozenset(
    """
mayor president minister prime deputy foreign secretary senator councillor councilor governor
chancellor king queen prince princess general chief ambassador spokesman spokeswoman
spokesperson chairman chairwoman chair director professor judge sir lord lady
""".split()
)


@dataclass
class CheckPolicy:
    """Thresholds of the support check."""

    min_overlap: float = 0.5  # share of the sentence's content words found in the passage
    min_cosine: float = 0.6  # MiniLM cosine to the closest passage sentence, if words fail


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
    for match in _MARKER.finditer(sentence):
        out += [int(x) for x in re.split(r"\s*[,;]\s*", match.group(1).strip())]
    return out


def strip_markers(sentence: str) -> str:
    """`sentence` without its [n] markers and the spaces they leave behind."""
    return tidy(_MARKER.sub("", sentence))


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

    def __init__(self, passages: list[Passage], embedder=None, policy: CheckPolicy | None = None):
        self.passages = passages
        self.embedder = embedder
        self.policy = policy or CheckPolicy()
        self._sentences: dict[int, list[tuple[int, int]]] = {}
        self._vectors: dict[int, Any] = {}  # n -> array of sentence vectors

    def check(self, sentence: str) -> SentenceCheck:
        """Verdict, valid citations and best quote spans for one answer sentence."""
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
        support = "\n".join(self._support_text(n) for n in result.cited)
        result.reason = self._support_problem(plain, support, result.cited)
        result.quotes = {n: self.best_quote(plain, n) for n in result.cited}
        return result

    def _support_text(self, n: int) -> str:
        p = self.passages[n - 1]
        return "\n".join([p.text, p.title, p.source, p.published_at])

    def _support_problem(self, plain: str, support: str, cited: list[int]) -> str:
        have = {_norm_number(x) for x in _NUMBER.findall(support)}
        for number in _NUMBER.findall(plain):
            if _norm_number(number) not in have:
                return f"the number {number} is not in the cited passage"
        for name in entities(plain):
            if not re.search(
                rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", support, re.IGNORECASE
            ):
                return f"{name!r} is not in the cited passage"
        if overlap(plain, support) >= self.policy.min_overlap:
            return ""
        if self.embedder is not None and self._cosine(plain, cited) >= self.policy.min_cosine:
            return ""
        return "the cited passage does not say this"

    def best_quote(self, plain: str, n: int) -> tuple[int, int]:
        """Span (in passage n's text) of the sentence(s) that best support `plain`."""
        text = self.passages[n - 1].text
        spans = self._passage_sentences(n)
        if not spans:
            return 0, len(text)
        want = _stems(plain) | {_norm_number(x) for x in _NUMBER.findall(plain)}
        scores = [len(want & _sentence_terms(text[a:b])) for a, b in spans]
        best = max(range(len(spans)), key=lambda i: (scores[i], -i))
        start, end = spans[best]
        covered = _sentence_terms(text[start:end]) & want
        for j in (best + 1, best - 1):  # a neighbour that adds two or more wanted terms
            if 0 <= j < len(spans):
                extra = (_sentence_terms(text[spans[j][0] : spans[j][1]]) & want) - covered
                if len(extra) >= 2:
                    start, end = min(start, spans[j][0]), max(end, spans[j][1])
                    covered |= extra
        return start, end

    def _passage_sentences(self, n: int) -> list[tuple[int, int]]:
        if n not in self._sentences:
            self._sentences[n] = sentence_spans(self.passages[n - 1].text)
        return self._sentences[n]

    def _cosine(self, plain: str, cited: list[int]) -> float:
        import numpy as np

        query = np.asarray(self.embedder.embed_query(plain), dtype=np.float32)
        best = -1.0
        for n in cited:
            if n not in self._vectors:
                text = self.passages[n - 1].text
                pieces = [text[a:b] for a, b in self._passage_sentences(n)] or [text]
                self._vectors[n] = np.asarray(
                    self.embedder.embed_documents(pieces), dtype=np.float32
                )
            vectors = self._vectors[n]
            norms = np.linalg.norm(vectors, axis=1) * (np.linalg.norm(query) or 1.0)
            best = max(best, float(np.max(vectors @ query / np.where(norms == 0, 1.0, norms))))
        return best


def entities(plain: str) -> list[str]:
    """Capitalised words (names, places, organisations) in a sentence, minus common words.

    The first word is capitalised anyway, so it counts only when it looks like a name: it is
    possessive, followed by another capitalised word, or followed by a speech verb.
    """
    words = _WORD.findall(plain)
    out: list[str] = []
    for i, word in enumerate(words):
        base = re.sub(r"['\u2019]s$", "", word)
        if i == 0 and base == word:
            after = words[1] if len(words) > 1 else ""
            if not (after[:1].isupper() or after.lower() in SPEECH):
                continue
        for part in base.split("-"):
            low = part.lower()
            if (
                part[:1].isupper()
                and low not in STOPWORDS
                and low not in TITLES
                and len(part) > 1
                and part not in out
            ):
                out.append(part)
    return out


def overlap(plain: str, support: str) -> float:
    """Share of the sentence's content words (light stems) that the support text contains."""
    want = _stems(plain)
    if not want:
        return 1.0
    return len(want & _stems(support)) / len(want)


def _stems(text: str) -> set[str]:
    words = (w.lower().strip("'\u2019-") for w in _WORD.findall(text))
    return {w[:5] for w in words if len(w) > 2 and w not in STOPWORDS}


def _sentence_terms(text: str) -> set[str]:
    return _stems(text) | {_norm_number(x) for x in _NUMBER.findall(text)}


def _norm_number(raw: str) -> str:
    value = raw.replace(",", "")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value.lstrip("0") or "0"


NOT_COVERED = "NOT_COVERED"  # what the answer prompt tells the model to reply when it can't answer
UNVERIFIED = " (unverified)"


class AnswerAssembler:
    """Builds what the user sees from checked sentences: text, renumbered citations, unsupported.

    Feed sentences in order with `add`; each call returns the text to show now. A sentence
    that fails the check is dropped ("drop") or shown marked (unverified) ("flag"); in flag mode
    it is held back until a supported sentence follows, so an answer with nothing supported
    shows nothing and can be replaced by the extractive fallback.
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
            piece = self._render(check) + ("" if check.supported else UNVERIFIED)
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
