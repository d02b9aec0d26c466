"""Does one answer sentence say what the sentence(s) it relies on say?

The claim is aligned to the best supporting sentence(s) of each passage it cites, then held to
rules that a word-overlap score misses: the same polarity ("not", "denied", "failed to", "no
longer"), every number bound to the same noun and unit, the same days and dates, the same
speaker, the same entities in the same places, nothing planted for a model, and enough of its
meaning found in the source. Every rule is deterministic: one claim, one verdict, every run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answering import injection, speakers
from bot.answering.lexicon import (
    ANTONYMS,
    CLASSES,
    COUNTRIES,
    NEGATION_PHRASES,
    NEGATIONS,
    NOT_NEGATIONS,
    TIME_WORDS,
    UNITS,
    Token,
    is_content,
    stem,
    tokens,
)
from ingest.chunking import sentence_spans

NEUTRAL_VERBS = frozenset(map(stem, "said says told added stated noted reported".split()))
WEEKDAYS = frozenset(map(stem, TIME_WORDS.__iter__())) & frozenset(
    map(stem, "monday tuesday wednesday thursday friday saturday sunday".split())
)
TIME_STEMS = frozenset(map(stem, TIME_WORDS))
_CLAUSE = re.compile(
    r";|,?\s+\b(?:but|though|although|while|whereas|and|if|unless)\b\s+|,\s+(?=[a-z])"
)
_PREPS = frozenset("in at to from with of by".split())


@dataclass
class Rules:
    """Thresholds of the meaning test (tuned on the dev half of tests/fixtures/claims)."""

    min_overlap: float = (
        0.66  # (two thirds) share of the claim's content words in its support sentences
    )
    min_cosine: float = 0.7  # embedding cosine to the best sentence, when words fall short
    cosine_floor: float = 0.25  # below this word share, no cosine can rescue the claim
    clause_overlap: float = 0.6  # every clause of the claim must be this well supported


@dataclass
class Source:
    """One cited passage, prepared once: sentences, their tokens, injected instructions."""

    text: str
    context: str = ""  # title, outlet and date: names and numbers may come from there too
    spans: list[tuple[int, int]] = field(default_factory=list)
    toks: list[list[Token]] = field(default_factory=list)
    terms: list[set[str]] = field(default_factory=list)
    injected: list[bool] = field(default_factory=list)
    all_terms: set[str] = field(default_factory=set)
    clean_terms: set[str] = field(default_factory=set)  # terms outside injected sentences
    names: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # every token, stopwords too

    @classmethod
    def of(cls, text: str, context: str = "") -> Source:
        src = cls(text, context, sentence_spans(text) or [(0, len(text))])
        marked = injection.spans(text)
        for a, b in src.spans:
            toks = tokens(text[a:b])
            src.toks.append(toks)
            src.terms.append(terms(toks))
            src.injected.append(any(s < b and a < e for s, e in marked))
        for i, t in enumerate(src.terms):
            src.all_terms |= t
            if not src.injected[i]:
                src.clean_terms |= t
        ctx = tokens(context, first_is_start=False)
        src.words = {t.norm for toks in src.toks for t in toks} | {t.norm for t in ctx}
        src.all_terms |= terms(ctx)
        src.clean_terms |= terms(ctx)
        src.names = {n for name, _ in speakers.people(text) for n in name}
        return src


def canon(tok: Token) -> str:
    return CLASSES.get(tok.norm, tok.norm)


_SKIP = NEUTRAL_VERBS | NEGATIONS | frozenset("nobodi noth never one".split())
_COMPARATIVES = frozenset(map(stem, "more less up down higher lower over under".split()))


def terms(toks: list[Token]) -> set[str]:
    return {canon(t) for t in toks if is_content(t) and t.norm not in _SKIP}


def align(claim: set[str], src: Source) -> list[int]:
    """Indices of the passage sentence(s) that best support the claim terms."""
    if not src.terms:
        return []

    def weight(words: set[str]) -> float:
        return sum(2.0 if w.isdigit() else 1.0 for w in words)

    scores = [weight(claim & t) for t in src.terms]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    chosen, covered = [best], claim & src.terms[best]
    for j in sorted(range(len(scores)), key=lambda i: (-scores[i], i)):
        extra = (claim & src.terms[j]) - covered
        if j not in chosen and len(extra) >= 2 and len(chosen) < 2:
            chosen.append(j)
            covered |= extra
    return chosen  # the best sentence first


def judge(claim: str, sources: list[Source], similarity=None, rules: Rules | None = None):
    """(reason, {source index: aligned sentence indices}); reason is "" when supported."""
    rules = rules or Rules()
    ctoks = tokens(claim)
    cterms = terms(ctoks)
    aligned = {k: align(cterms, src) for k, src in enumerate(sources)}
    support: set[str] = set()
    for k, idx in aligned.items():
        for i in idx:
            support |= sources[k].terms[i]
    for check in (_injected, _entities, _numbers, _polarity, _speaker, _places):
        reason = check(claim, ctoks, cterms, sources, aligned, support)
        if reason:
            return reason, aligned
    return _meaning(claim, cterms, sources, aligned, support, similarity, rules), aligned


def _injected(claim, ctoks, cterms, sources, aligned, support) -> str:
    if injection.looks_like_instruction(claim):
        return "it repeats instructions planted in the cited passage"
    for k, idx in aligned.items():
        src = sources[k]
        planted = (cterms & src.all_terms) - src.clean_terms
        if planted or any(src.injected[i] and src.terms[i] & cterms for i in idx):
            return "it repeats instructions planted in the cited passage"
    return ""


def _entities(claim, ctoks, cterms, sources, aligned, support) -> str:
    everywhere = set().union(*(s.words for s in sources))
    for t in ctoks:
        if t.norm in speakers.ROLES or t.number or t.norm in everywhere:
            continue  # a title ("Mayor") is the speaker check's business
        if t.cap or t.norm in TIME_STEMS:
            return f"{claim[t.start : t.end]!r} is not in the cited passage"
    for t in ctoks:  # a weekday or month must be the one the supporting sentence gives
        if t.norm in TIME_STEMS and t.norm not in support:
            kind = WEEKDAYS if t.norm in WEEKDAYS else TIME_STEMS - WEEKDAYS
            if support & kind:
                return f"the cited passage gives a different day or month than {claim[t.start : t.end]!r}"
    return ""


_AHEAD_STOPS = frozenset("in of for from to at on by with after since until".split())


def _window(toks: list[Token], i: int, ahead: int, back: int, phrase: bool = False) -> set[str]:
    """Content words bound to the number at toks[i]: a few after it and before it, within
    its phrase (a conjunction, another number or punctuation ends the phrase; with `phrase`,
    a preposition ends it after the number too: "48 million in funding")."""
    out: set[str] = set()
    for step, limit in ((1, ahead), (-1, back)):
        j, taken = i + step, 0
        while 0 <= j < len(toks) and taken < limit:
            t = toks[j]
            if t.number or t.norm in ("and", "or", "but", "while"):
                break
            if phrase and step == 1 and t.norm in _AHEAD_STOPS:
                break
            if is_content(t):
                out.add(canon(t))
                taken += 1
            j += step
    return out


def _breaks(text: str, toks: list[Token]) -> list[Token]:
    """Tokens with punctuation between them turned into a stop marker."""
    out: list[Token] = []
    for a, b in zip([None, *toks], toks, strict=False):
        if a is not None and re.search(r"[,;:()\"\u201c\u201d]", text[a.end : b.start]):
            out.append(Token("and", a.end, b.start, False))
        out.append(b)
    return out


def _numbers(claim, ctoks, cterms, sources, aligned, support) -> str:
    ctoks = _breaks(claim, ctoks)
    occurrences: dict[str, list[set[str] | None]] = {}
    for src in sources:
        for (a, _), toks in zip(src.spans, src.toks, strict=True):
            toks = _breaks(
                src.text[a:], [Token(t.norm, t.start, t.end, t.cap, t.number) for t in toks]
            )
            for i, t in enumerate(toks):
                if t.number:
                    occurrences.setdefault(t.norm, []).append(_window(toks, i, 5, 4))
        for t in tokens(src.context, first_is_start=False):
            if t.number:
                occurrences.setdefault(t.norm, []).append(None)
    for i, t in enumerate(ctoks):
        if not t.number:
            continue
        raw = claim[t.start : t.end]
        if t.norm not in occurrences:
            return f"the number {raw} is not in the cited passage"
        if re.fullmatch(r"(19|20)\d\d", t.norm):
            continue
        if ctoks[i - 1].norm in ("to", "of") and any(c.number for c in ctoks[max(0, i - 3) : i]):
            continue  # the second number of "7 to 2", "7 votes to 2": bound through the first
        mine = _window(ctoks, i, 3, 2) - _COMPARATIVES
        plain = UNITS | set(CLASSES.values()) | _COMPARATIVES
        ahead = _window(ctoks, i, 2, 0, phrase=True) - plain
        behind = _window(ctoks, i, 0, 2) - plain
        if raw.lower() in ("a", "an"):  # "a year": only the unit binds
            ahead = behind = set()
        if not any(_bound_alike(mine, ahead, behind, theirs) for theirs in occurrences[t.norm]):
            return f"the number {raw} is tied to something else in the cited passage"
    return ""


def _bound_alike(mine: set[str], ahead: set[str], behind: set[str], theirs) -> bool:
    """Whether a claim number's words (`mine`) fit one occurrence in the source (`theirs`)."""
    classes = set(CLASSES.values())
    if theirs is None:  # a number from the title or date line
        return not (mine & (UNITS | classes))
    for w in mine:
        if (w in UNITS or w in classes) and w not in theirs:
            return False
    if ahead:  # "79 injuries", "2,300 homes": the counted noun must be the same
        return bool(ahead & theirs) or bool(behind & theirs)
    measured = mine & (UNITS | classes)
    if measured and measured != {"percent"}:  # "eleven days": the unit binds it
        return True
    return not behind or bool(behind & theirs)  # "rate ... at 3.1 percent": what it measures


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c and c.strip()]


def negated(text: str) -> int:
    """How many negation cues `text` carries."""
    low = text.lower().replace("\u2019", "'")
    words = re.findall(r"[a-z']+", low)
    count = sum(w in NEGATIONS for w in words)
    count += sum(
        w.startswith("un") and w.endswith("ed") and len(w) > 6 and w not in NOT_NEGATIONS
        for w in words
    )
    count += sum(low.count(p) for p in NEGATION_PHRASES)
    return count - low.count("no one") - low.count("no longer")  # counted twice above


def _polarity(claim, ctoks, cterms, sources, aligned, support) -> str:
    pieces = []
    for k, idx in aligned.items():
        src = sources[k]
        for i in idx:
            a, b = src.spans[i]
            pieces += _clauses(src.text[a:b])
    if not pieces:
        return ""
    piece_terms = [terms(tokens(p)) for p in pieces]
    for clause in _clauses(claim):
        mine = terms(tokens(clause))
        if len(mine) < 2:
            continue
        top = max(len(mine & t) for t in piece_terms)
        if not top:
            continue
        for j in (j for j, t in enumerate(piece_terms) if len(mine & t) == top):
            if (negated(clause) % 2) != (negated(pieces[j]) % 2):
                return "the cited passage says the opposite"
            theirs = piece_terms[j]
            for a in mine - theirs:
                for b in theirs - mine:
                    if frozenset((a, b)) in ANTONYMS:
                        return "the cited passage says the opposite"
    return ""


def _speaker(claim, ctoks, cterms, sources, aligned, support) -> str:
    phrase = speakers.speaker_phrase(claim)
    if not phrase:
        return ""
    mine = speakers.describe(phrase)
    if not mine:
        return ""
    owners = speakers.affiliations(phrase)
    verdicts = []
    for k, idx in aligned.items():
        src = sources[k]
        for i in idx:  # the best-aligned sentence's speaker, else the next one's
            theirs = speakers.source_speaker(src.text, src.spans[i])
            if theirs is not None:
                said = speakers.speaker_phrase(src.text[slice(*src.spans[i])]) or ""
                other = speakers.affiliations(said) - {"s"}
                if owners and other and not owners & (other | theirs):
                    verdicts.append("someone from elsewhere")
                else:
                    verdicts.append(speakers.conflict(mine, theirs, src.text))
                break
    if verdicts and all(verdicts):
        return f"the cited passage gives these words to {verdicts[0]}"
    return ""


def _places(claim, ctoks, cterms, sources, aligned, support) -> str:
    """An entity swapped for another in the same slot, or two entities trading places."""
    mine = [t for t in ctoks if t.cap and not t.number]
    mine_norms = {t.norm for t in mine}
    for k, idx in aligned.items():
        src = sources[k]
        for i in idx:
            theirs = [t for t in src.toks[i] if t.cap and not t.number]
            a = src.spans[i][0]
            for t in mine:
                if t.norm in src.terms[i] or t.norm in speakers.ROLES:
                    continue
                slot = _slot(claim, t)
                for u in theirs:
                    if u.norm in mine_norms or u.norm in speakers.ROLES:
                        continue
                    same_slot = slot and slot == _slot(src.text[a:], u)
                    countries = t.norm in COUNTRIES and u.norm in COUNTRIES
                    if same_slot or countries:
                        return f"{claim[t.start : t.end]!r} where the cited passage names another"
            order = [t.norm for t in theirs if t.norm in mine_norms]
            pos = {n: j for j, n in reversed(list(enumerate(order)))}
            seen = [t for t in mine if t.norm in pos]
            for x, y in zip(seen, seen[1:], strict=False):
                between = claim[x.end : y.start]
                if pos[x.norm] > pos[y.norm] and re.search(
                    r"[a-z]{3,}", between.replace("and", "")
                ):
                    if x.norm in COUNTRIES and y.norm in COUNTRIES:
                        return "the cited passage has these the other way round"
    return ""


def _slot(text: str, tok: Token) -> str:
    before = re.findall(r"[A-Za-z]+", text[max(0, tok.start - 12) : tok.start])
    return before[-1].lower() if before and before[-1].lower() in _PREPS else ""


def _meaning(claim, cterms, sources, aligned, support, similarity, rules: Rules) -> str:
    if not cterms:
        return "it says nothing the cited passage could back"
    context = set().union(*(s.all_terms - set().union(*s.terms) for s in sources))
    share = len(cterms & (support | context)) / len(cterms)
    for clause in _clauses(claim):
        mine = terms(tokens(clause))
        if len(mine) < 2:
            continue
        best = max((len(mine & t) / len(mine) for s in sources for t in s.terms), default=0.0)
        if best < rules.clause_overlap and len(mine) >= 2 and len(mine) != len(cterms):
            return "only part of it is in the cited passage"
    if share >= rules.min_overlap:
        return ""
    if similarity is not None and share >= rules.cosine_floor:
        texts = [
            sources[k].text[slice(*sources[k].spans[i])] for k, idx in aligned.items() for i in idx
        ]
        if texts and max(similarity(claim, texts)) >= rules.min_cosine:
            return ""
    return "the cited passage does not say this"
