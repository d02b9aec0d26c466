"""LLM briefings: map-reduce over the selected passages, every sentence checked before use.

The model writes the bottom line, what to watch and where sources differ; the timeline and
positions come from the quote and event index as in the extractive briefing (exact quotes,
attributed at ingest), and planned events join what to watch (bot/briefing/combine.py).

Map: each batch of passages (fitting `context_chars`) gets prompts/briefing.md; sentences of
the reply that fail the citation check (bot/answering/citecheck.py, the same as LLM answers) are
dropped before the reduce step, so the merger never sees unchecked text. Reduce (when there
was more than one batch): prompts/briefing_reduce.md merges the partial notes, markers kept
in the global numbering. The final note is checked again sentence by sentence; each citation
carries the exact quote span the checker found in its passage.
"""

from __future__ import annotations

import re
import time

from bot.briefing.models import Progress
from bot.briefing.select import Candidate, SelectOptions, score
from bot.models import Briefing, BriefItem, BriefRequest, Citation, Passage, Source

MAX_PASSAGES = 40
_MARK = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_SPEAKER = re.compile(
    r"^\*{0,2}(?P<who>[^:*()\[\]]{2,60}?)\*{0,2}(?:\s*\((?P<role>[^)]{2,80})\))?\s*:\s+"
)


class NoCheckedText(Exception):
    """Nothing the model wrote passed the citation check; `note` says why."""

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


def brief_llm(
    cands: list[Candidate],
    texts: dict[str, str],
    topic_vec,
    request: BriefRequest,
    embedder,
    settings,
    step: Progress,
    period: str,
    model=None,
    facts=None,
) -> Briefing:
    """A briefing written by the configured model, its timeline and positions from the
    index (`facts`); raises LLMFailure / NoCheckedText."""
    from bot.answering.citecheck import CitationChecker
    from bot.answering.llm import make_chat_model
    from bot.answering.prompts import format_passages, render

    model = model or make_chat_model(settings)
    passages = select_passages(cands, texts, topic_vec, embedder)
    topic = request.topic or (cands[0].meta.get("title", "") if request.doc_id else "the news")
    notes, offset, dropped = [], 0, 0
    for batch in batches(passages, settings.context_chars):
        step(f"LLM: passages {offset + 1}-{offset + len(batch)} of {len(passages)}")
        reply = call(
            model,
            render(
                "briefing",
                topic=topic,
                period=period,
                passages=format_passages(batch),
                n_passages=len(batch),
            ),
            settings,
        )
        kept, removed = checked_lines(reply, CitationChecker(batch, embedder))
        notes.append(renumber(kept, offset))
        dropped += removed
        offset += len(batch)
    if not any(n.strip() for n in notes):
        raise NoCheckedText("No sentence of the model's briefing was supported by its citations")
    final = notes[0]
    if len(notes) > 1:
        step("LLM: merging partial notes")
        final = call(
            model,
            render(
                "briefing_reduce",
                topic=topic,
                period=period,
                notes="\n\n".join(notes),
                n_passages=len(passages),
            ),
            settings,
        )
    checker = CitationChecker(passages, embedder)
    written = parse(final, checker, settings.unsupported_policy, dropped)
    from bot.briefing.combine import with_index

    return with_index(written, cands, texts, topic_vec, request, embedder, facts)


def select_passages(cands, texts, topic_vec, embedder) -> list[Passage]:
    """Sentence windows of the material, the most salient first, at most MAX_PASSAGES."""
    from bot.briefing.compose import _embed

    score(cands, _embed(embedder, [c.text for c in cands]), topic_vec, SelectOptions())
    windows: list[list[Candidate]] = []
    for c in sorted(cands, key=lambda c: (c.doc_id, c.start)):
        last = windows[-1][-1] if windows else None
        if (
            last
            and last.doc_id == c.doc_id
            and c.start - last.end < 200
            and c.end - windows[-1][0].start <= 800
        ):
            windows[-1].append(c)
        else:
            windows.append([c])
    windows.sort(key=lambda w: -max(c.salience for c in w))
    out = []
    for w in windows[:MAX_PASSAGES]:
        first, meta = w[0], w[0].meta
        start, end = first.start, w[-1].end
        out.append(
            Passage(
                doc_id=first.doc_id,
                start=start,
                end=end,
                text=texts[first.doc_id][start:end],
                score=float(max(c.salience for c in w)),
                title=str(meta.get("title", "")),
                source=str(meta.get("source", "")),
                url=str(meta.get("url", "")),
                published_at=str(meta.get("published_at", "")),
            )
        )
    return sorted(out, key=lambda p: (p.published_at, p.doc_id, p.start))


def batches(passages: list[Passage], budget: int) -> list[list[Passage]]:
    """Consecutive groups of passages whose formatted size fits `budget` characters."""
    from bot.answering.prompts import format_passage

    out: list[list[Passage]] = [[]]
    used = 0
    for p in passages:
        size = len(format_passage(len(out[-1]) + 1, p)) + 2
        if out[-1] and used + size > budget:
            out.append([])
            used = 0
        out[-1].append(p)
        used += size
    return [b for b in out if b]


def call(model, messages: list, settings) -> str:
    """One model reply, retried on timeouts, 429 and 5xx; raises LLMFailure with a note."""
    from bot.answering.llm import LLMFailure, _delay, _text, describe_failure

    attempts = settings.llm_max_retries + 1
    for attempt in range(attempts):
        try:
            return _text(model.invoke(messages).content)
        except Exception as exc:  # noqa: BLE001 (any client failure becomes a note)
            note, retry = describe_failure(exc, settings)
            if not retry or attempt + 1 == attempts:
                raise LLMFailure(note + (f" (tried {attempt + 1} times)" if retry else "")) from exc
            time.sleep(_delay(exc, attempt, settings))
    raise AssertionError("unreachable")


def checked_lines(reply: str, checker) -> tuple[str, int]:
    """The reply with every sentence that fails the check removed (headings kept), and how many."""
    from bot.answering.citecheck import normalise_markers

    out, removed = [], 0
    for line in normalise_markers(reply).splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            out.append(line)
            continue
        sentences = _sentences(line)
        kept = [s for s in sentences if checker.check(s).supported]
        removed += len(sentences) - len(kept)
        if kept:
            prefix = _BULLET.match(line)
            out.append(
                (prefix.group(0) if prefix and not kept[0].startswith(prefix.group(0)) else "")
                + " ".join(kept)
            )
    return "\n".join(out), removed


def renumber(text: str, offset: int) -> str:
    """Batch-local markers [k] -> global [offset + k]."""

    def shift(m: re.Match) -> str:
        nums = [int(x) + offset for x in re.split(r"\s*[,;]\s*", m.group(1))]
        return "".join(f"[{n}]" for n in nums)

    return _MARK.sub(shift, text)


def _sentences(line: str) -> list[str]:
    from bot.answering.citecheck import split_sentences

    return [line[a:b] for a, b in split_sentences(line)]


def parse(final: str, checker, policy: str, dropped: int = 0) -> Briefing:
    """The merged note as a Briefing: checked sentences only, citations with exact quotes."""
    from bot.answering.citecheck import NOT_COVERED, normalise_markers, strip_markers

    final = normalise_markers(final)
    if NOT_COVERED in final:
        raise NoCheckedText("The model found nothing on the topic in the passages")
    book = _Book(checker.passages)
    parts: dict[str, list[BriefItem]] = {}
    heading = "Summary"
    for line in final.splitlines():
        if line.lstrip().startswith("#"):
            heading = line.lstrip("# ").strip() or heading
            continue
        body = _BULLET.sub("", line).strip()
        if not body:
            continue
        speaker = _SPEAKER.match(body) if "position" in heading.lower() else None
        lines = [body] if _BULLET.match(line) else [s for s in _sentences(body)]
        for text in lines:
            item = _item(text, checker, book, policy, strip_markers)
            if item is not None:
                if speaker:
                    item.speaker, item.role = (
                        speaker.group("who").strip(),
                        speaker.group("role") or "",
                    )
                    item.text = (
                        item.text[speaker.end() :]
                        if item.text.startswith(speaker.group(0))
                        else item.text
                    )
                parts.setdefault(heading, []).append(item)
    if not book.citations:
        raise NoCheckedText("No sentence of the model's briefing was supported by its citations")
    return _arrange(parts, book, dropped)


def _item(text: str, checker, book: _Book, policy: str, strip_markers) -> BriefItem | None:
    """A bullet of checked sentences; a sentence the check cannot verify loses its [n] (so
    its source card) and reads "(unverified) ..." ("flag") or is left out ("drop"). A bullet
    with no verified sentence is left out: a brief section never rests on unverified text."""
    from bot.answering.citecheck import unverified

    refs: list[int] = []
    shown: list[str] = []
    for sentence in _sentences(text) or [text]:
        check = checker.check(sentence)
        if not check.supported:
            book.unsupported.append(strip_markers(sentence))
            if check.cited and policy == "flag":
                shown.append(unverified(sentence))
            continue
        numbers = [book.cite(n, check.quotes[n]) for n in check.cited]
        refs += [n for n in numbers if n not in refs]
        shown.append(strip_markers(sentence))
    return BriefItem(" ".join(shown), refs) if refs else None


class _Book:
    """Citations numbered in order of first use; one number per exact quote span."""

    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages
        self.citations: list[Citation] = []
        self.unsupported: list[str] = []
        self._keys: dict[tuple[str, int, int], int] = {}

    def cite(self, n: int, span: tuple[int, int]) -> int:
        p = self.passages[n - 1]
        key = (p.doc_id, p.start + span[0], p.start + span[1])
        if key not in self._keys:
            self._keys[key] = len(self.citations) + 1
            self.citations.append(
                Citation(
                    n=self._keys[key],
                    quote=p.text[span[0] : span[1]],
                    passage=p.text,
                    doc_id=p.doc_id,
                    title=p.title,
                    source=p.source,
                    url=p.url,
                    published_at=p.published_at,
                    start=key[1],
                    end=key[2],
                    score=p.score,
                )
            )
        return self._keys[key]


def _arrange(parts: dict[str, list[BriefItem]], book: _Book, dropped: int) -> Briefing:
    """The model's sections by heading; a heading it made up adds nothing but may fill an
    empty bottom line (at most three items)."""

    def take(*words: str) -> list[BriefItem]:
        found: list[BriefItem] = []
        for name in [h for h in parts if any(w in h.lower() for w in words)]:
            found += parts.pop(name)
        return found

    bottom = take("bottom", "summary")
    positions = take("position")
    watch = take("watch", "question", "ahead")
    differences = take("differ", "disagree")
    rest = [i for items in parts.values() for i in items]
    bottom = (bottom + rest)[:3]
    sources: dict[str, Source] = {}
    for c in book.citations:
        if c.doc_id not in sources:
            sources[c.doc_id] = Source(
                len(sources) + 1, c.doc_id, c.title, c.source, c.published_at, c.url
            )
    note = ""
    if book.unsupported or dropped:
        count = len(book.unsupported) + dropped
        note = (
            f"{count} sentence{'s' if count != 1 else ''} of the model's briefing "
            f"{'were' if count != 1 else 'was'} not supported by the cited articles and "
            f"{'were' if count != 1 else 'was'} left out or marked (unverified)."
        )
    dates = sorted(s.published_at[:10] for s in sources.values() if s.published_at)
    return Briefing(
        title="",
        topic="",
        date_from=dates[0] if dates else "",
        date_to=dates[-1] if dates else "",
        bottom_line=bottom,
        timeline=[],
        positions=positions,
        watch=watch,
        differences=differences,
        citations=book.citations,
        sources=list(sources.values()),
        mode="llm",
        note=note,
    )
