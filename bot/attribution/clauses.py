"""The words a speech verb reports: its that-clause, the clause it follows ("A will take
over, the company said"), and where such a clause ends."""

from __future__ import annotations

import re

_KEEP = {'"', "”", ")", "%"}  # marks that end reported words: a closing quote, "12%"


def _clause_before(tok, subject, base: int) -> tuple[int, int] | None:
    """The reported clause of a cue written after it ("A will take over, the company said",
    parsed with the cue hanging on A's verb): the head verb's words before the cue's phrase."""
    head = tok.head
    if tok.dep_ != "parataxis" or head.i >= tok.i or head.pos_ == "PUNCT":
        return None
    first = min([tok.i] + ([t.i for t in subject.subtree] if subject is not None else []))
    tokens = [t for t in head.subtree if t.i < first]
    while tokens and (
        tokens[-1].is_punct and tokens[-1].text != "%" or tokens[-1].lower_ in {"and", "but", "as"}
    ):
        tokens.pop()
    if len(tokens) < 4 or tokens[-1].i != first - 1 - sum(
        1 for t in tok.doc[tokens[-1].i + 1 : first] if t.is_punct
    ):
        return None
    s, e = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return base + s, base + e


def _clause_around(tok, subject, base: int) -> tuple[int, int] | None:
    """The reported sentence a cue interrupts between commas ("Part of that, he says, is
    generational"; "The deal, the minister said, was final"): the whole sentence it hangs
    on, the cue's words included, as the span must be one piece of the text."""
    head = tok.head
    if tok.dep_ != "parataxis" or head.i <= tok.i or head.pos_ == "PUNCT":
        return None
    phrase = sorted([tok, *(subject.subtree if subject is not None else ())], key=lambda t: t.i)
    doc = tok.doc
    lo, hi = phrase[0].i, max(t.i for t in tok.subtree)
    if lo < 2 or doc[lo - 1].text != "," or hi + 1 >= len(doc) or doc[hi].text != ",":
        return None
    tokens = sorted(head.subtree, key=lambda t: t.i)
    while tokens and tokens[-1].is_punct and tokens[-1].text not in _KEEP:
        tokens.pop()
    if not tokens or tokens[0].i >= lo - 1 or len([t for t in tokens if t.i > hi]) < 2:
        return None
    return base + tokens[0].idx, base + tokens[-1].idx + len(tokens[-1].text)


def _to_sentence_end(tok, clause: tuple[int, int], base: int) -> tuple[int, int]:
    """A clause after its cue runs to the end of the sentence when what follows it does not
    hang on the cue verb (a parse that broke the clause at a colon or a list), so
    "X said its board consists of A: B, C and D." is one quote; ", adding ..." and
    "- the app ..." are not."""
    doc = tok.doc
    end = clause[1] - base
    rest = [t for t in doc if t.idx >= end and not t.is_space]
    while rest and rest[-1].is_punct and rest[-1].text not in _KEEP:
        rest.pop()
    if not rest or any(t.text in {'"', "“", "”"} for t in rest) or rest[0].text in {"—", "–", "-"}:
        return clause  # a dash opens the writer's own aside: "run out of time — the app .."
    if rest[0].text == "," and len(rest) > 1 and rest[1].i - 1 == _participle_tail(rest[1].head):
        return clause  # ", leaving ...": cut off by _clause_span
    cue_words = {t.i for t in tok.subtree} - {
        t.i for c in tok.children if c.dep_ == "ccomp" for t in c.subtree
    }
    if any(t.i in cue_words or t.sent != tok.sent for t in rest):
        return clause
    if tok.dep_ == "advcl" and tok.head in rest:  # "Hours after X reported that A, Y said B"
        return clause
    return clause[0], base + rest[-1].idx + len(rest[-1].text)


def _absolute(head) -> bool:
    """'his voice breaking up': a participle with no auxiliary is a description, not speech."""
    return head.lower_.endswith("ing") and not any(
        c.dep_ in {"aux", "auxpass"} for c in head.children
    )


def _clause_span(head, base: int) -> tuple[int, int] | None:
    tokens = sorted(head.subtree, key=lambda t: t.i)
    tail = _participle_tail(head)
    if tail is not None:  # "Ofcom plans to consult, leaving its impact unclear": the writer's
        tokens = [t for t in tokens if t.i < tail]
    dash = next(
        (
            t.i
            for t in tokens[1:-1]
            if t.text in {"-", "—", "–"}
            and t.whitespace_
            and t.doc[t.i + 1].lower_.endswith("ing")
            and t.doc[t.i + 1].dep_ in {"advcl", "acl", "xcomp"}
        ),
        None,
    )
    if dash is not None:  # "it expects to add them - meaning the game ...": the writer's
        tokens = [t for t in tokens if t.i < dash]
    while tokens and (
        tokens[0].dep_ == "mark"
        and tokens[0].lower_ in {"that", "if", "whether"}
        or tokens[0].is_punct
    ):
        if tokens[0].lower_ in {"if", "whether"}:
            break
        tokens.pop(0)
    while tokens and tokens[-1].is_punct and tokens[-1].text not in _KEEP:
        tokens.pop()
    if len(tokens) < 3:
        return None
    text = head.doc.text
    s, e = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    if re.fullmatch(r"\W*", text[s:e]):
        return None
    return base + s, base + e


def _participle_tail(head) -> int | None:
    """Where a participle set off by a comma at the end of a reported clause begins (",
    leaving ...", ", pointing to ..."): the writer describing, not more of what was said."""
    for child in head.children:
        if (
            child.dep_ == "advcl"
            and child.i > head.i
            and child.lower_.endswith("ing")
            and child.i > 0
            and child.doc[child.i - 1].text == ","
            and not any(c.dep_ in {"mark", "aux", "nsubj"} for c in child.children)
            and child.i == min(t.i for t in child.subtree)
        ):
            return child.i - 1
    return None
