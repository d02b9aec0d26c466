"""Quotes in an article: direct ("...", he said) and reported ("said that ..."), each with its
speaker, cue verb and exact span (`text[start:end] == quote`).

Rules, in order, for news in general:
1. Quotation marks are paired within a paragraph; a paragraph that opens a quote and never
   closes it quotes to its end (the convention for a quote running over paragraphs).
2. Only sentences with a speech verb outside quotation marks are parsed (spaCy). The verb's
   subject (or, for "issued a statement saying", the subject of the verb it hangs on) is the
   mention; "according to X" makes X the mention.
3. A mention is resolved against the speakers the article named before: a surname to the full
   name, "he"/"she" to the last person, "it"/"they" to the last organisation or group, "the
   ministry" to the last speaker with that word in its name or role, "the statement" to the
   last speaker.
4. A quotation in a sentence with a cue belongs to that cue's speaker; otherwise, if it is a
   full quote (a sentence or six words and more), it continues the last speaker of its own
   paragraph, or, when it opens its paragraph, of the paragraph before. Short scare quotes
   ("Kuala Lumpur Peace Agreement") are left alone.
5. A cue's that-clause (ccomp) that is not mostly inside quotation marks is reported speech.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bot.attribution.cues import _Cue, _cues
from bot.attribution.lexicon import CUE_WORDS
from bot.attribution.marks import _masked, captions, paragraphs, quotations
from bot.attribution.registry import Registry
from bot.attribution.speakers import Speaker
from ingest.chunking import sentence_spans

_FULL_QUOTE_WORDS = 6


@dataclass
class Quote:
    """One attributed quote; `text[start:end] == quote`."""

    speaker: str
    role: str
    quote: str
    kind: str  # direct | indirect
    cue: str
    start: int
    end: int
    how: str = "named"  # named | surname | pronoun | organisation | document | continued
    mention: str = ""


def candidates(text: str) -> list[tuple[int, int]]:
    """Sentences worth parsing: a speech verb outside quotation marks, in a sentence not set
    in capitals (a headline or a link to another story: "BLOOD TEST COMING, RESEARCHERS SAY")
    nor in a subheading; and the two sentences before a cue whose speaker is "the <noun>" or
    "it", so that the organisation named there is known ("Korvan Bank cut its forecast. The
    lender said ...")."""
    out = []
    paras = paragraphs(text)
    quotes = [q for p in paras for q in quotations(text, p)]
    heads = [p for p in paras if _heading(text[p[0] : p[1]])]
    spans = sentence_spans(text)

    def keep(sp: tuple[int, int]) -> bool:
        return not _shouted(text[sp[0] : sp[1]]) and not any(s <= sp[0] < e for s, e in heads)

    for i, span in enumerate(spans):
        if not keep(span):
            continue
        masked = _masked(text, span, quotes)
        if CUE_WORDS.search(masked):
            out.append(span)
            if _NOMINAL_CUE.search(masked):  # "The lender said": parse the two sentences
                out += [s for s in spans[max(0, i - 2) : i] if s not in out and keep(s)]
    return sorted(out)


def _heading(paragraph: str) -> bool:
    """A subheading or a link to another story: a line of a few words with no closing
    punctuation ("Dave Roberts says Dodgers met with Ohtani", "Read More: Powell Says ...")."""
    line = paragraph.strip()
    return len(line.split()) <= 14 and not re.search(r"[.!?:;\"”’)…]$", line)


def _shouted(sentence: str) -> bool:
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


# A cue whose speaker is "the <noun>" or "it": the organisation named just before.
_NOMINAL_CUE = re.compile(
    r"\b(?:[Tt]he(?:\s+[a-z][\w’'-]*){1,3}|[Ii]t)\s+(?:also\s+)?" + CUE_WORDS.pattern
)
# A clause that opens on a relative pronoun describes its noun; it is not what was said
# ("will recall the purchase of Rare, who up until then had ...").
_RELATIVE = re.compile(r"(?:who|whom|whose|which)\b")
_SELF_COMPANY = re.compile(r"\b[Tt]he (?:company|firm)\b(?!['’])")


def extract(text: str, parsed: dict[tuple[int, int], object]) -> list[Quote]:
    """The quotes of `text`, given spaCy Docs of its candidate sentences by span."""
    registry = Registry(text)
    registry.quoted = [(q[0], q[1]) for p in paragraphs(text) for q in quotations(text, p)]
    registry.captions = captions(text)
    for doc in parsed.values():
        for ent in getattr(doc, "ents", ()):
            registry.entities.setdefault(ent.text, Counter())[ent.label_] += 1
    sentences = sentence_spans(text)
    out: list[Quote] = []
    last_para_speaker: tuple[Speaker, str] | None = None
    for para in paragraphs(text):
        quotes = quotations(text, para)
        line = text[para[0] : para[1]]
        if not quotes and (_shouted(line) or _heading(line)):
            continue  # a link to another story between two paragraphs of one quote
        sents = [s for s in sentences if para[0] <= s[0] < para[1]]
        cues: list[_Cue] = []
        for sent in sents:
            doc = parsed.get(sent)
            if doc is not None:
                found = _cues(doc, sent[0], quotes, registry)
                cues.extend(found)
                for one in found:  # "Snap confirmed that the company has seen ...": a business
                    said = one.clause
                    if one.speaker is not None and said:  # names in their words are theirs:
                        key = id(one.speaker)  # "X reported Ohtani had offers. He added" is X
                        registry.at[key] = max(registry.at.get(key, -1), said[1])
                    if one.speaker is not None and said and " " not in one.speaker.name:
                        if _SELF_COMPANY.search(text, said[0], said[1]):
                            registry.companies.add(one.speaker.key)
        para_speaker: tuple[Speaker, str] | None = None
        used_quotes = set()
        events: list[tuple[int, str, Any]] = [(c.at, "cue", c) for c in cues]
        events += [(q[0], "quote", q) for q in quotes]
        events.sort(key=lambda e: (e[0], e[1] == "quote"))
        for _, what, item in events:
            if what == "cue":
                cue = item
                if cue.speaker is not None:
                    para_speaker = (cue.speaker, cue.lemma)
                    if (
                        cue.clause
                        and not _inside_quotes(text, cue.clause, quotes, opens=True)
                        and not _RELATIVE.match(text, cue.clause[0])
                    ):
                        s, e = cue.clause
                        out.append(_quote(text, cue, s, e, "indirect"))
                continue
            qs, qe, opens = item
            if any(o.kind == "indirect" and o.start <= qs and qe <= o.end + 2 for o in out[-3:]):
                continue  # quoted words inside reported speech belong to that quote
            if not _enough_words(text, qs, qe, sents) or _title(text, qs, qe, sents):
                continue  # "boy", "secret access": scare quotes and names, not quotes
            cue = _cue_for(qs, qe, cues, sents, text)
            if cue is not None and cue.speaker is not None:
                out.append(_quote(text, cue, qs, qe, "direct"))
                used_quotes.add(qs)
                continue
            if not _full_quote(text, qs, qe, sents):
                continue
            before = para_speaker
            if before is None and opens:
                before = last_para_speaker
            if before is not None:
                speaker, lemma = before
                out.append(
                    Quote(
                        speaker.name,
                        speaker.role,
                        text[qs:qe],
                        "direct",
                        lemma,
                        qs,
                        qe,
                        "continued",
                    )
                )
        if para_speaker is not None:
            last_para_speaker = para_speaker
        elif not quotes:
            last_para_speaker = None
    return _dedupe(_without_repeats(text, out))


def _quote(text: str, cue: _Cue, s: int, e: int, kind: str) -> Quote:
    speaker = cue.speaker
    assert speaker is not None
    return Quote(speaker.name, speaker.role, text[s:e], kind, cue.lemma, s, e, cue.how, cue.mention)


def _without_repeats(text: str, quotes: list[Quote]) -> list[Quote]:
    """Without pull quotes: a quotation with no cue of its own ("continued") whose words the
    article gives again, in a quotation that has a cue or in an earlier one."""
    out = []
    for q in quotes:
        words = _plain(q.quote)
        if q.how == "continued" and len(words.split()) >= 5:
            if any(
                o is not q
                and (o.how != "continued" or o.start < q.start)
                and (o.start, o.end) != (q.start, q.end)
                and words in _plain(text[o.start : o.end])
                for o in quotes
            ):
                continue
        out.append(q)
    return out


def _plain(quote: str) -> str:
    return " ".join(re.findall(r"\w+", quote.casefold()))


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    """One quote per span; quoted words inside the same speaker's reported speech are part of
    that quote, not a second one."""
    seen, out = set(), []
    indirect = [q for q in quotes if q.kind == "indirect"]
    for q in quotes:
        if q.kind == "direct" and any(
            i.speaker == q.speaker and i.start <= q.start and q.end <= i.end + 2 for i in indirect
        ):
            continue
        if (q.start, q.end) not in seen:
            seen.add((q.start, q.end))
            out.append(q)
    return out


def _inside_quotes(text: str, span: tuple[int, int], quotes, opens: bool = False) -> bool:
    """Whether a clause is quoted words with hardly any of the writer's own ('said that
    "..."'), or (`opens`) starts with a whole quotation: 'told colleagues, "I tried my
    best," according to X' is a direct quote, not a report. 'confirmed that the company
    still has "the majority of the money" in the bank' is a report."""
    s, e = span
    if opens and any(qs == s and qe < e for qs, qe, _ in quotes):
        return True
    inside = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe, _ in quotes)
    own = list(text[s:e])
    for qs, qe, _ in quotes:
        for i in range(max(qs, s), min(qe, e)):
            own[i - s] = " "
    return inside >= 0.5 * (e - s) and len(re.findall(r"\w+", "".join(own))) < 4


def _enough_words(text: str, qs: int, qe: int, sents) -> bool:
    """Three words, or a shorter reply that opens its sentence ('"Never," he told them')."""
    if len(text[qs:qe].split()) >= 3:
        return True
    starts = any(0 <= (qs - 1) - s <= 1 for s, _ in sents) or text[
        max(0, qs - 3) : qs - 1
    ].strip() in {"", "?", "."}
    return starts and re.match(r"[,.!?]", text[qe : qe + 1] or "x") is not None


_SMALL = {"of", "the", "a", "an", "and", "to", "in", "on", "for", "at", "by", "or", "with"}


def _title(text: str, qs: int, qe: int, sents) -> bool:
    """A title the writer names mid-sentence ('attempted to pop a "Now That's What I Call
    Music! 21" CD'): every word capitalised, the writer's words on both sides."""
    words = re.findall(r"[A-Za-z][\w'’]*", text[qs:qe])
    if len(words) < 2 or not all(w[0].isupper() or w in _SMALL for w in words):
        return False
    starts = any(abs(s - (qs - 1)) <= 1 for s, _ in sents)
    return not starts and not _closes_sentence(text, qs, qe)


def _full_quote(text: str, qs: int, qe: int, sents) -> bool:
    """Words a speaker said on, with no cue of their own: a quotation that opens its sentence
    or closes it. Quoted words with the writer's own on both sides ('called TikTok "an arm of
    the state" that is good at ...') are a phrase the writer borrows, not more of the quote."""
    starts_sentence = any(abs(s - (qs - 1)) <= 1 for s, _ in sents)
    if not starts_sentence and not _closes_sentence(text, qs, qe):
        return False
    if len(text[qs:qe].split()) >= _FULL_QUOTE_WORDS:
        return True
    return starts_sentence and text[qs:qe].rstrip()[-1:] in ".!?"


def _closes_sentence(text: str, qs: int, qe: int) -> bool:
    """The quotation ends its sentence: its own last mark, or the writer's full stop right
    after the closing quotation mark, or the paragraph's end."""
    if text[qs:qe].rstrip()[-1:] in {".", "!", "?", "…"}:
        return True
    after = text[qe : qe + 4].lstrip("”\"’'")
    return after[:1] in {"", ".", "!", "?", "\n"} or after[:1] == " " and not after.strip()


def _cue_for(qs: int, qe: int, cues: list[_Cue], sents, text: str) -> _Cue | None:
    """The cue of the sentence a quotation starts or ends in, else one just before a colon."""
    mine = [s for s in sents if s[0] <= qs < s[1] + 1 or s[0] < qe <= s[1] + 1]
    best = None
    for cue in cues:
        if any(s[0] <= cue.at < s[1] for s in mine) and not (qs <= cue.at < qe):
            if best is None or abs(cue.at - qs) < abs(best.at - qs):
                best = cue
    if best is not None:
        return best
    tail = [s for s in sents if 0 <= s[0] - qe <= 3 and text[s[0] : s[0] + 1] not in '“"‘']
    if tail and len(text[tail[0][0] : tail[0][1]].split()) <= 8:  # '“...?” Palmer mused.'
        for cue in cues:
            if tail[0][0] <= cue.at < tail[0][1]:
                return cue
    before = [s for s in sents if s[1] <= qs]
    if before and text[before[-1][0] : before[-1][1]].rstrip().endswith(":"):
        for cue in cues:
            if before[-1][0] <= cue.at < before[-1][1]:
                return cue
    return None
