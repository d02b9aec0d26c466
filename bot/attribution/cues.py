"""Speech verbs in a parsed sentence and who speaks by them: the verb's subject (or, for
"issued a statement saying", the subject of the verb it hangs on; "says co-founder X"; "say
asset managers" between commas), "according to X", and the words the verb reports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.attribution.clauses import (
    _absolute,
    _clause_around,
    _clause_before,
    _clause_span,
    _to_sentence_end,
)
from bot.attribution.lexicon import (
    CUE_LEMMA,
    DOCUMENT_NOUNS,
    ROLE_WORDS,
    SPOKES,
    THAT_CUES,
    WEAK_CUES,
)
from bot.attribution.registry import Registry
from bot.attribution.speakers import Mention, Speaker, is_person_noun, read_mention


@dataclass
class _Cue:
    lemma: str
    form: str
    speaker: Speaker | None
    how: str
    mention: str
    at: int  # character offset of the verb in the article
    clause: tuple[int, int] | None  # reported-speech span in the article


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
    subject = _subject(tok, lemma)
    if subject is None or (
        subject.i > tok.i
        and subject.lower_ in ROLE_WORDS | {"co", "-"}
        and not any(c.dep_ == "appos" for c in subject.children)
    ):
        subject = _named_after(tok) or subject  # "says co-founder and CEO Gabor Cselle"
    if subject is not None and subject.lower_ == "who" and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "Rehn, who said ..."
    colon = re.match(r"[^.“\"”:]{0,40}:\s*[“\"]", tok.doc.text[tok.idx + len(tok.text) :])
    weak = lemma in WEAK_CUES and not (
        (lemma in THAT_CUES or (lemma == "suggest" and _a_document(subject))) and _that_clause(tok)
    )  # "the report suggests that ..." is what the report says; "one user suggested" hedges
    if weak and not colon:  # 'Jason then joked: "..."', 'posted Friday on X: "'
        # only right after a quotation: '"...," he joked', '"...," another user joked'
        left = min([tok.idx] + ([t.idx for t in subject.subtree] if subject is not None else []))
        before = tok.doc.text[: min(left, tok.idx)]
        if not before.strip():  # '"...!" Lilly shared.': a sentence of its own after the quote
            before = registry.text[max(0, base - 4) : base]
        if not re.search(r"[”\"],?\s*$", before):
            return None
    if subject is None or any(s <= subject.idx < e for s, e in inside):
        return None
    if subject.lower_ == "it" and tok.dep_ == "xcomp" and subject.head.i != tok.i:
        return None  # "it is safe to say that ...": nobody speaks
    first = min(t.i for t in subject.subtree)
    prev = tok.doc[first - 1] if first > 0 else None
    if prev is not None and prev.lower_ in {"what", "which"} and prev.dep_ != "pobj":
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
    if lemma == "find" and speaker is not None and speaker.kind == "person" and how != "document":
        return None  # "X, a parent, found that the app did little": what she saw, not said
    if speaker is not None:  # a voice: "the company said" may be theirs
        registry.voices.add(speaker.key)
        registry.sources.discard(speaker.key)
    clause = None
    if not weak:
        for child in tok.children:
            if child.dep_ != "ccomp" or _absolute(child) or _relative(tok, child):
                continue
            if any(c.dep_ == "advcl" and tok.i < c.i < child.i for c in tok.children):
                continue  # "..., he theorized, as it is clear that ...": not what he said
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
                (
                    t
                    for t in tok.subtree
                    if t.i > tok.i
                    and t.dep_ == "mark"
                    and t.lower_ == "that"
                    and tok.doc[t.i - 1].lower_ not in {"so", "such"}  # "so that": a purpose
                    and not _in_adverbial(t, tok)  # ", as it is clear that ...": the writer's
                ),
                None,
            )
            if mark is not None:
                clause = _clause_span(mark.head, base)
        if clause is None:  # "A will take over, the company said": the clause it follows
            clause = _clause_before(tok, subject, base) or _clause_around(tok, subject, base)
            if clause is None and subject.i > tok.i:  # "A will take over, stated the company"
                clause = _clause_first(tok, base)
        elif clause[0] > base + tok.idx:
            clause = _to_sentence_end(tok, clause, base)
    return _Cue(lemma, tok.text, speaker, how, mention.text, base + tok.idx, clause)


def _in_adverbial(mark, tok) -> bool:
    """The that-clause hangs on an adverbial clause of the cue (", as it is now clear that
    ..."), not on the cue."""
    node = mark.head
    while node.i != tok.i and node.head.i != node.i:
        if node.dep_ == "advcl":
            return True
        node = node.head
    return False


def _relative(tok, clause) -> bool:
    """A clause after the cue's object whose subject is a relative "that"/"which" is no
    report: "reported revenue that fell short" (the revenue fell short). A relative before
    the cue is: "a move that the firm said would end the conflict" says what the firm said."""
    subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.lower_ not in {"that", "which"} or subject.i < tok.i:
        return False
    return any(c.dep_ == "dobj" and c.i < subject.i for c in tok.children)


def _a_document(subject) -> bool:
    """The subject is a study, report or survey ("Laird’s latest report", "the study")."""
    return subject is not None and subject.lower_ in DOCUMENT_NOUNS


def _that_clause(tok) -> bool:
    """The verb reports a clause opened by "that" ("found that ...", "ruled that ...")."""
    return any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in tok.children
    )


def _source_of(obj):
    """X of "estimates from X", "figures released by X", "data from X": who gave them."""
    if obj.lower_ not in _FIGURES:
        return None
    for node in (obj, *[c for c in obj.children if c.dep_ == "acl"]):
        for prep in node.children:
            if prep.dep_ in {"prep", "agent"} and prep.lower_ in {"from", "by"}:
                found = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if found is not None:
                    return found
    return None


_FIGURES = set("estimates estimate data figures numbers statistics projections forecasts".split())


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
    if not (tok.i == 0 or re.search(r"(?:[”\"],?|,)\s*$", doc.text[: tok.idx])):
        return None  # after its quote, or after its clause ("..., says CEO Gabor Cselle")
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


def _subject(tok, lemma: str):
    """Who speaks: the verb's subject, a passive's agent ("as noted by X"), or the subject
    of the verb a participle hangs on ("issued a statement saying", "he said, adding")."""
    for child in tok.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    inverted = _inverted_subject(tok, lemma)
    if not subjects and inverted is not None:
        return inverted
    if len(subjects) > 1 and subjects[-1].i > tok.i:  # "One of them, say asset managers, is"
        return subjects[-1]
    node = tok
    for _ in range(4):
        for child in node.children:
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and node is not tok):
                return child
        participle = node.lower_.endswith("ing")
        held = _with_subject(node) if participle else None
        if held is not None:  # "..., with Oliver, 16, saying he thought ...": Oliver
            return held
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


def _name_run(to) -> list:
    """The words after an "according to" the parser left without an object, up to the comma,
    when they end on a name: "According to credit analyst Stephane Kovatchev, ..."."""
    doc, run = to.doc, []
    for t in doc[to.i + 1 : to.i + 12]:
        if t.text == ",":
            break
        run.append(t)
    end = run[-1].i + 1 if run else to.i + 1
    if not run or end >= len(doc) or doc[end].text != ",":
        return []
    return run if run[-1].ent_type_ in {"PERSON", "ORG"} else []


def _with_subject(node):
    """X of "with X saying ...": the object of a "with" that the participle follows, with at
    most an apposition and commas between ("with Oliver, 16, saying")."""
    doc = node.doc
    if node.dep_ == "acl" and node.head.dep_ == "pobj" and node.head.head.lower_ == "with":
        return node.head
    if node.dep_ not in {"advcl", "acl", "pcomp"}:
        return None
    j = node.i - 1
    while j >= 0 and doc[j].is_punct:
        j -= 1
    for t in doc[max(0, j - 6) : j + 1]:
        if t.dep_ == "pobj" and t.head.lower_ == "with" and max(x.i for x in t.subtree) >= j:
            return t
    return None


def _clause_first(tok, base: int) -> tuple[int, int] | None:
    """The clause before a cue whose speaker follows it: "A will take over, said the
    company" (the clause is the verb's own ccomp/advcl, before it)."""
    for child in tok.children:
        if child.dep_ in {"ccomp", "advcl"} and child.i < tok.i:
            tokens = [t for t in child.subtree]
            while tokens and tokens[-1].is_punct and tokens[-1].text != "%":
                tokens.pop()
            if len(tokens) >= 4:
                return base + tokens[0].idx, base + tokens[-1].idx + len(tokens[-1].text)
    return None


def _inverted_subject(tok, lemma: str):
    """The speaker after the verb that the parser read as its object: "..., stated the
    artists' groups", "..., said the ministry" (a clause before, a comma, no subject)."""
    if lemma in {"tell", "ask"} or tok.i == 0 or tok.doc[tok.i - 1].text != ",":
        return None
    if not any(c.dep_ in {"ccomp", "advcl", "parataxis"} and c.i < tok.i for c in tok.children):
        return None
    return next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)


def _according(tok, base: int, registry: Registry) -> _Cue | None:
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        to = nxt if nxt is not None and nxt.lower_ == "to" else None
    if to is None:
        return None
    objs = [c for c in to.children if c.dep_ == "pobj"]
    named = [c for c in objs if c.ent_type_ in {"PERSON", "ORG"}]  # "co - CEO Erik Podzuweit"
    obj = (named or objs or [None])[-1 if named else 0]
    run = _name_run(to) if obj is None else []
    if run:  # "According to analyst Stephane Kovatchev, the firm’s cash ..." parsed as a subject
        obj = run[-1]
    if obj is None:
        return None
    source = _source_of(obj)
    if source is not None:  # "according to estimates from AMC Theatres"
        obj = source
    mention = read_mention(obj, registry.is_name)
    if mention is None or (mention.kind == "document" and not mention.name):
        return None  # "according to the report": whose is not said here
    if mention.kind == "name" and obj.ent_type_ != "PERSON":  # "according to McKinsey"
        mention.kind = "org"
    if mention.kind == "org" and obj.ent_type_ not in {"ORG", "PERSON", "NORP", "GPE"}:
        people = obj.lower_.endswith("s") and is_person_noun(obj.lower_)  # "attendees"
        spokes = obj.lower_ in SPOKES  # "according to a spokesperson"
        if not obj.text[:1].isupper() and not (
            people or spokes or obj.lower_ in {"police", "sources"}
        ):
            return None
    speaker, how = registry.resolve(mention, base + obj.idx)
    if speaker is not None and speaker.key not in registry.voices:
        registry.sources.add(speaker.key)
    phrase = sorted({tok, *to.subtree, *run}, key=lambda t: t.i)
    doc = tok.doc
    p_start, p_end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
    text = doc.text
    if p_start <= 2 or re.fullmatch(
        r"\s*(?:And|But|Yet|So|Still|However|Now),?\s*", text[:p_start]
    ):
        s = p_end  # "According to X, clause.", "And, according to X — who ... — clause."
        while s < len(text) and (text[s] in " ,—–"):
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
