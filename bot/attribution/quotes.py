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

from bot.attribution.clauses import (
    _absolute,
    _clause_around,
    _clause_before,
    _clause_span,
    _to_sentence_end,
)
from bot.attribution.lexicon import CUE_LEMMA, CUE_WORDS, ROLE_WORDS, WEAK_CUES
from bot.attribution.marks import _masked, captions, paragraphs, quotations
from bot.attribution.registry import Registry
from bot.attribution.speakers import Mention, Speaker, is_person_noun, read_mention
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


@dataclass
class _Cue:
    lemma: str
    form: str
    speaker: Speaker | None
    how: str
    mention: str
    at: int  # character offset of the verb in the article
    clause: tuple[int, int] | None  # reported-speech span in the article


def candidates(text: str) -> list[tuple[int, int]]:
    """Sentences worth parsing: a speech verb outside quotation marks."""
    out = []
    quotes = [q for p in paragraphs(text) for q in quotations(text, p)]
    for span in sentence_spans(text):
        if CUE_WORDS.search(_masked(text, span, quotes)):
            out.append(span)
    return out


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
        sents = [s for s in sentences if para[0] <= s[0] < para[1]]
        cues: list[_Cue] = []
        for sent in sents:
            doc = parsed.get(sent)
            if doc is not None:
                cues.extend(_cues(doc, sent[0], quotes, registry))
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
                    if cue.clause and not _inside_quotes(cue.clause, quotes, opens=True):
                        s, e = cue.clause
                        out.append(_quote(text, cue, s, e, "indirect"))
                continue
            qs, qe, opens = item
            if any(o.kind == "indirect" and o.start <= qs and qe <= o.end + 2 for o in out[-3:]):
                continue  # quoted words inside reported speech belong to that quote
            if not _enough_words(text, qs, qe, sents):
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
            if before is None and out and _runs_on(text, out[-1], qs, para):
                before = (Speaker(out[-1].speaker, out[-1].role), out[-1].cue)
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
    return _dedupe(out)


def _runs_on(text: str, last: Quote, qs: int, para: tuple[int, int]) -> bool:
    """A quotation right after another one in its paragraph, nothing but marks between
    ('... a priority. “Like many ...'): the same speaker goes on."""
    return (
        last.kind == "direct"
        and para[0] <= last.start < qs
        and re.fullmatch(r"[\s.,!?”\"“]*", text[last.end : qs]) is not None
    )


def _quote(text: str, cue: _Cue, s: int, e: int, kind: str) -> Quote:
    speaker = cue.speaker
    assert speaker is not None
    return Quote(speaker.name, speaker.role, text[s:e], kind, cue.lemma, s, e, cue.how, cue.mention)


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


def _inside_quotes(span: tuple[int, int], quotes, opens: bool = False) -> bool:
    """Whether a clause is mostly quoted words, or (`opens`) starts with a whole quotation:
    'told colleagues, "I tried my best," according to X' is a direct quote, not a report."""
    s, e = span
    if opens and any(qs == s and qe < e for qs, qe, _ in quotes):
        return True
    inside = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe, _ in quotes)
    return inside >= 0.5 * (e - s)


def _enough_words(text: str, qs: int, qe: int, sents) -> bool:
    """Three words, or a shorter reply that opens its sentence ('"Never," he told them')."""
    if len(text[qs:qe].split()) >= 3:
        return True
    starts = any(0 <= (qs - 1) - s <= 1 for s, _ in sents) or text[
        max(0, qs - 3) : qs - 1
    ].strip() in {"", "?", "."}
    return starts and re.match(r"[,.!?]", text[qe : qe + 1] or "x") is not None


def _full_quote(text: str, qs: int, qe: int, sents) -> bool:
    if len(text[qs:qe].split()) >= _FULL_QUOTE_WORDS:
        return True
    starts_sentence = any(abs(s - (qs - 1)) <= 1 for s, _ in sents)
    return starts_sentence and text[qs:qe].rstrip()[-1:] in ".!?"


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
    before = [s for s in sents if s[1] <= qs]
    if before and text[before[-1][0] : before[-1][1]].rstrip().endswith(":"):
        for cue in cues:
            if before[-1][0] <= cue.at < before[-1][1]:
                return cue
    return None


def _cues(doc, base: int, quotes, registry: Registry) -> list[_Cue]:
    out = []
    inside = [(qs - base, qe - base) for qs, qe, _ in quotes]
    for tok in doc:
        lemma = CUE_LEMMA.get(tok.lower_)
        if lemma is None or any(s <= tok.idx < e for s, e in inside):
            continue
        if lemma == "according":
            cue = _according(tok, base, registry)
        elif lemma == "point" and not any(c.lower_ == "out" for c in tok.children):
            continue
        else:
            cue = _verb_cue(tok, lemma, base, inside, registry)
        if cue is not None:
            out.append(cue)
    return out


def _verb_cue(tok, lemma: str, base: int, inside, registry: Registry) -> _Cue | None:
    if tok.dep_ in {"amod", "compound", "nsubj", "dobj", "pobj", "nsubjpass", "attr"}:
        opening = tok.i == 0 and tok.text[:1].isupper() and tok.lower_.endswith("s")
        if not (
            opening and re.match(r"[^,]{2,40},\s*[“\"]", tok.doc.text[tok.idx + len(tok.text) :])
        ):
            return None  # but 'Notes Greer, "..."', 'Says Cselle, "..."' open with their cue
    if any(c.dep_ == "neg" for c in tok.children):
        return None  # "would not say why", "did not tell": nothing was said
    if any(c.dep_ == "dobj" and c.lower_ in {"what", "which"} for c in tok.children):
        return None  # "what her mother said was true": the words are not given
    after = tok.doc.text[tok.idx + len(tok.text) : tok.idx + len(tok.text) + 3]
    subject = _subject(tok, lemma)
    if subject is None or (
        subject.i > tok.i
        and subject.lower_ in ROLE_WORDS | {"co", "-"}
        and not any(c.dep_ == "appos" for c in subject.children)
    ):
        subject = _named_after(tok) or subject  # "says co-founder and CEO Gabor Cselle"
    if subject is not None and subject.lower_ == "who" and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "Rehn, who said ..."
    if lemma in WEAK_CUES and not after.startswith(":"):  # 'Jason then joked: "..."'
        # only right after a quotation: '"...," he joked', '"...," another user joked'
        left = min([tok.idx] + ([t.idx for t in subject.subtree] if subject is not None else []))
        if not re.search(r"[”\"],?\s*$", tok.doc.text[: min(left, tok.idx)]):
            return None
    if subject is None or any(s <= subject.idx < e for s, e in inside):
        return None
    first = min(t.i for t in subject.subtree)
    if first > 0 and tok.doc[first - 1].lower_ in {"what", "which"}:
        return None  # "believed what the conductor said": the words are not given
    mention = read_mention(subject, registry.is_name)
    if mention is None:
        return None
    if mention.kind == "name" and mention.name.startswith(tok.text + " "):  # 'Notes Greer, "'
        mention.name = mention.head = mention.name[len(tok.text) + 1 :]
    if mention.kind == "pronoun" and mention.head in {"i", "you", "we"}:
        return None  # outside quotation marks: the writer or an interviewer, not a speaker
    they = _they_of_clause(tok, mention)
    if they is not None:  # "The founders don't regret it, they said": the founders
        speaker, how = registry.resolve(they, base + tok.idx)[0], "pronoun"
    else:
        speaker, how = registry.resolve(mention, base + subject.idx)
    clause = None
    if lemma not in WEAK_CUES:
        for child in tok.children:
            if child.dep_ == "ccomp" and not _absolute(child):
                span = _clause_span(child, base)
                if (
                    clause is not None
                    and span
                    and re.search(r"[—–;]", tok.doc.text[clause[1] - base : span[0] - base])
                ):
                    break  # "says they've run out of time — the app maxed out": an aside
                if span and (clause is None or span[1] - span[0] > clause[1] - clause[0]):
                    clause = span  # the longest: "it’s" read as a second clause is not one
        if clause is None:  # "told reporters at a press conference that ...", parsed as relcl
            mark = next(
                (t for t in tok.subtree if t.i > tok.i and t.dep_ == "mark" and t.lower_ == "that"),
                None,
            )
            if mark is not None:
                clause = _clause_span(mark.head, base)
        if clause is None:  # "A will take over, the company said": the clause it follows
            clause = _clause_before(tok, subject, base) or _clause_around(tok, subject, base)
        elif clause[0] > base + tok.idx:
            clause = _to_sentence_end(tok, clause, base)
    return _Cue(lemma, tok.text, speaker, how, mention.text, base + tok.idx, clause)


def _they_of_clause(tok, mention) -> Mention | None:
    """For "they" in a cue after its clause ("The founders don't regret it, they said"): the
    clause's own subject when it is a plural noun for people ("the founders", "officials")."""
    if mention.kind != "pronoun" or mention.head != "they":
        return None
    before = [c for c in tok.children if c.dep_ == "ccomp" and c.i < tok.i]
    head = tok.head if tok.dep_ == "parataxis" else (before[0] if before else tok)
    if head.i >= tok.i:
        return None
    subj = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None or not subj.lower_.endswith("s") or not subj.text.islower():
        return None
    if not is_person_noun(subj.lower_):
        return None
    phrase = sorted(subj.subtree, key=lambda t: t.i)
    text = tok.doc.text[phrase[0].idx : phrase[-1].idx + len(phrase[-1].text)]
    return Mention(text, "nominal", head=subj.lower_)


def _named_after(tok):
    """The person named right after a verb that opens or follows its quote ("..., says
    co-founder and CEO Gabor Cselle, who ...", '"...," Cselle jokes', 'Notes Greer, "..."'):
    the last word of the first PERSON name among the titles after it, or of the name just
    before it."""
    doc = tok.doc
    if tok.i > 0 and doc[tok.i - 1].ent_type_ == "PERSON" and doc[tok.i - 1].dep_ == "compound":
        return doc[tok.i - 1]
    if not (tok.i == 0 or re.search(r"[”\"],?\s*$", doc.text[: tok.idx])):
        return None
    name = None
    for t in doc[tok.i + 1 : tok.i + 10]:
        if t.is_punct and t.text != "-" or t.lower_ in {"who", "which"}:
            break
        if t.ent_type_ == "PERSON" or (tok.i == 0 and t.text[:1].isupper()):
            name = t
        elif name is not None:
            break
        elif not (t.lower_ in ROLE_WORDS or t.lower_ in {"and", "co", "-"} or t.text[:1].isupper()):
            return None
    return name


def _better_clause(span: tuple[int, int], than: tuple[int, int], verb: int) -> bool:
    """Of two that-clauses of one verb, the one right after it ("says they've run out of
    time - the app maxed out at ..."), then the longer ("it's" read as a clause is none)."""
    after = [c for c in (span, than) if c[0] > verb and len(range(*c)) >= 20]
    if len(after) == 2:
        return span[0] < than[0]
    if after:
        return after[0] is span
    return span[1] - span[0] > than[1] - than[0]


def _subject(tok, lemma: str):
    """Who speaks: the verb's subject, a passive's agent ("as noted by X"), or the subject
    of the verb a participle hangs on ("issued a statement saying", "he said, adding")."""
    for child in tok.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    node = tok
    for _ in range(4):
        for child in node.children:
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and node is not tok):
                return child
        participle = node.lower_.endswith("ing")
        if node.dep_ == "conj" or (node.dep_ in {"advcl", "acl", "pcomp"} and participle):
            aside = participle and node.i > 0 and node.doc[node.i - 1].text in {",", "-", "—"}
            node = node.head
            if node.dep_ == "prep":  # "disagreed ... by saying", "realistic in conceding"
                node = node.head
            elif aside and node.dep_ in {"relcl", "acl"}:
                node = node.head  # "rejected any suggestion X is slipping, saying": not X
        elif node.dep_ == "xcomp" and lemma in {"say", "add", "warn", "insist", "note", "stress"}:
            node = node.head
        else:
            return None
        if node.dep_ in {"dobj", "pobj"}:  # "issued a statement saying"
            node = node.head
            if node.dep_ == "prep":
                node = node.head
    return None


def _according(tok, base: int, registry: Registry) -> _Cue | None:
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        to = nxt if nxt is not None and nxt.lower_ == "to" else None
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    mention = read_mention(obj, registry.is_name)
    if mention is None or mention.kind == "document":
        return None
    if mention.kind == "name" and obj.ent_type_ != "PERSON":  # "according to McKinsey"
        mention.kind = "org"
    if mention.kind == "org" and obj.ent_type_ not in {"ORG", "PERSON", "NORP", "GPE"}:
        if not obj.text[:1].isupper() and obj.lower_ not in {"officials", "police", "sources"}:
            return None
    speaker, how = registry.resolve(mention, base + obj.idx)
    phrase = sorted([tok, *to.subtree], key=lambda t: t.i)
    doc = tok.doc
    p_start, p_end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
    text = doc.text
    if p_start <= 2:  # "According to X, clause."
        s = p_end
        while s < len(text) and (text[s] in " ,"):
            s += 1
        e = len(text)
    else:  # "clause, according to X."
        s, e = 0, p_start
    while e > s and text[e - 1] in " ,.;:":
        e -= 1
    if len(text[s:e].split()) < 4:
        return None
    return _Cue(
        "according",
        "according to",
        speaker,
        how,
        mention.text,
        base + tok.idx,
        (base + s, base + e),
    )
