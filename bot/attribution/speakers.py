"""Who a mention names: a subject phrase read into a name and a role, and later mentions
(surname, pronoun, "the ministry", "the statement") resolved to a speaker named earlier."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.attribution.lexicon import (
    COUNTRY_ALIASES,
    DOCUMENT_NOUNS,
    HONORIFICS,
    NOT_NAMES,
    NOT_SPEAKERS,
    ORG_NOUNS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    PRONOUNS,
    ROLE_WORDS,
    STOP_MENTION,
)

_CUT_DEPS = {"relcl", "acl", "appos", "cc", "conj", "advcl", "parataxis"}


@dataclass
class Speaker:
    """A speaker as the article names them in full."""

    name: str
    role: str = ""
    kind: str = "person"  # person | org | group

    @property
    def key(self) -> str:
        return speaker_key(self.name)


@dataclass
class Mention:
    """A subject phrase as written, before resolution."""

    text: str
    kind: str  # name | org | pronoun | nominal | document
    name: str = ""
    role: str = ""
    head: str = ""


def speaker_key(name: str) -> str:
    """A speaker's name in one form for grouping and matching."""
    name = HONORIFICS.sub("", name.strip())
    words = re.findall(r"[\w'’.-]+", name.lower())
    return " ".join(w.strip(".") for w in words if w not in STOP_MENTION)


def read_mention(subject, is_name=lambda word: True) -> Mention | None:
    """A spaCy subject token read into a `Mention` (None for what cannot speak); `is_name`
    says whether a capitalised word is a name where capitals prove nothing (sentence start)."""
    low = subject.lower_
    if low in PRONOUNS:
        return Mention(subject.text, "pronoun", head=low)
    core = _core_tokens(subject)
    if not core:
        return None
    text = _span_text(subject.doc, core)
    called = _called(subject)
    if called is not None:  # "One resident named Sara", "a fan called Ada Brook"
        return Mention(text, "name", name=called, role=_strip_det(text), head=called)
    owner = _owner_before(subject)
    if owner:  # "the Washington Institute’s Satloff", "Crisis Group’s Fabiani": a person
        return Mention(text, "name", name=subject.text, role=owner, head=subject.text)
    appos = [c for c in subject.children if c.dep_ == "appos"]
    person = _person_in(core, subject)
    if person and subject not in person and subject.text[:1].islower():
        person = None  # "a Roblox spokesperson", "Rice growers": a name as modifier only
        if subject.lower_ not in ROLE_WORDS and low not in DOCUMENT_NOUNS:  # "X’s report"
            return Mention(text, "org", name=_strip_det(text), head=subject.lower_)
    if low in _SOMEONE or (core[0].lower_ in _SOMEONE and subject.lower_ in _PEOPLE_NOUNS):
        return Mention(text, "org", name=text, head=subject.lower_)
    if (
        core[0].lower_ == "the"
        and len(core) > 2
        and subject.text.islower()
        and not low.endswith("s")
        and low not in ORG_NOUNS
        and is_person_noun(low)
        and not appos  # "The opposition leader, Tomas Brenn," names them
        and (person is None or subject not in person)
    ):
        return Mention(text, "nominal", head=low)  # "The Cruel Intentions actor added"
    described = bool(appos) and _names_a_person(appos[0])  # "Mjoachim, another user,"
    if person is None and described and re.fullmatch(r"[A-Z][\w'’-]+", subject.text):
        person = [subject]  # a person by the apposition, whatever the entity tagger says
    if person and person[0].i == subject.sent.start and len(person) == 1:
        if person[0].ent_type_ != "PERSON" and not is_name(person[0].text) and not described:
            person = None
    if person is None and appos:  # "China's Special Envoy, Deng Xijun"
        inner = _core_tokens(appos[0])
        found = _person_in(inner, appos[0])
        tagged = found is not None and all(t.ent_type_ == "PERSON" for t in found)
        if found is not None and (
            _is_role_phrase(core) or is_person_noun(low) or (tagged and not subject.ent_type_)
        ):  # "the foundation's VP for advocacy, Rebecca Marr,": a post spaCy saw as none
            # "the lead author of the study, Dr. Valter Longo,": the name, not the role
            name = _clean_name(_span_text(subject.doc, found))
            return Mention(text, "name", name=name, role=_strip_det(text), head=name)
    if person is None and appos and subject.text.islower() and appos[0].text[:1].isupper():
        inner = _core_tokens(appos[0])  # "OpenAI's key business partner, Microsoft,"
        if inner and all(t.text[:1].isupper() or t.is_punct for t in inner):
            name = _span_text(subject.doc, inner)
            return Mention(text, "org", name=name, role=_strip_det(text), head=appos[0].lower_)
    if person is not None:
        name_text = _clean_name(_span_text(subject.doc, person))
        if re.fullmatch(r"[A-Z]{2,6}", name_text):  # "RA said": an acronym is a body
            return Mention(text, "org", name=name_text, head=name_text.lower())
        before = [t for t in core if t.i < person[0].i]
        role = _strip_det(_span_text(subject.doc, before)) if before else ""
        role = HONORIFICS.sub("", role.rstrip(",'’s ").strip() + " ").strip()
        role = re.sub(r"\s*\b(?:Dr|Mr|Mrs|Ms|Prof)\.?$", "", role).strip()
        if not role and appos:
            role = _strip_det(_span_text(subject.doc, sorted(appos[0].subtree, key=lambda t: t.i)))
        return Mention(text, "name", name=name_text, role=role.strip(" ,"), head=name_text)
    head = subject.lower_
    if head in DOCUMENT_NOUNS:
        issuer = [t for t in core if t.i < subject.i and t.text[:1].isupper() and t.i > core[0].i]
        while issuer and issuer[0].lower_ in NOT_NAMES:  # "a July Morgan Stanley survey"
            issuer.pop(0)
        issuer = issuer or [
            t for t in core[:1] if t.text[:1].isupper() and t.lower_ not in STOP_MENTION
        ]
        if issuer and all(t.dep_ in {"compound", "poss", "case"} or t.is_punct for t in issuer):
            name = re.sub(r"['’]s$", "", _span_text(subject.doc, issuer))  # "a Microsoft statement"
            return Mention(text, "document", name=name, head=head)
        author = _author_of(subject)  # "a report by Amnesty", "a study led by X"
        if author:
            return Mention(text, "document", name=author, head=head)
        return Mention(text, "document", head=head)
    definite = core[0].lower_ in {"the", "this", "that", "its"}
    if head in ORG_NOUNS or head[:-1] in ORG_NOUNS or subject.ent_type_ in {"ORG", "GPE", "NORP"}:
        if subject.text[:1].isupper() or any(t.ent_type_ in {"ORG", "GPE"} for t in core):
            return Mention(text, "org", name=_strip_det(text), head=head)
        if definite:
            return Mention(text, "nominal", head=head)
        return Mention(text, "org", name=_strip_det(text), head=head)
    if definite and (head in ROLE_WORDS or head in ORG_NOUNS):
        return Mention(text, "nominal", head=head)
    if subject.text[:1].isupper() and (
        subject.i > subject.sent.start or subject.ent_type_ or is_name(subject.text)
    ):
        return Mention(text, "org", name=_strip_det(text), head=head)
    if head in ROLE_WORDS or head.rstrip("s") in ROLE_WORDS or _plural_people(head):
        return Mention(text, "org", name=_strip_det(text), head=head)
    if low in NOT_SPEAKERS or not is_person_noun(low):
        return None
    # Any other noun for a person that speaks: "the caller said", "a user wrote"
    if definite:
        return Mention(text, "nominal", head=head)
    return Mention(text, "org", name=_strip_det(text), head=head)


_AGENT = re.compile(r"[a-z-]{2,}(?:er|or|ist|ian|ant|ent|ee|ess)s?")


def is_person_noun(word: str) -> bool:
    """A noun for people: listed ("caller", "victim"), a title, or an agent noun by its ending
    ("commenter", "actor", "analyst", "resident"), never a "-ment" ("agreement")."""
    single = word[:-1] if word.endswith("s") else word
    if word in PERSON_NOUNS or single in PERSON_NOUNS or word in PEOPLE_NOUNS:
        return True
    if word in ROLE_WORDS or single in ROLE_WORDS:
        return True
    return _AGENT.fullmatch(word) is not None and not re.search(r"ments?$", word)


def _author_of(doc_noun) -> str:
    """Who wrote a document: the capitalised name after "by"/"from" ("a report by Amnesty
    International", "a study led by the Leland Institute", "figures from the Bureau")."""
    for node in (doc_noun, *[c for c in doc_noun.children if c.dep_ == "acl"]):
        for prep in node.children:
            if prep.dep_ not in {"prep", "agent"} or prep.lower_ not in {"by", "from"}:
                continue
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            core = [t for t in _core_tokens(obj) if t.lower_ not in STOP_MENTION]
            if core and core[-1].text[:1].isupper():
                return re.sub(r"['’]s$", "", _span_text(obj.doc, core))
    return ""


def _owner_before(subject) -> str:
    """The organisation or place in "<Body>’s <Surname>" ("Crisis Group’s Fabiani", "Israel’s
    Netanyahu"): a subject of one capitalised word, not a body's or a title's, whose only
    modifier is a capitalised possessor; "" otherwise."""
    if not re.fullmatch(r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?", subject.text):
        return ""
    low = subject.lower_
    if low in ORG_NOUNS or low in ROLE_WORDS or low in NOT_NAMES or is_person_noun(low):
        return ""
    mods = [c for c in subject.children if c.i < subject.i and not c.is_punct]
    poss = [c for c in mods if c.dep_ == "poss"]
    if len(poss) != 1 or any(c.dep_ not in {"poss", "det"} for c in mods):
        return ""
    owner = [t for t in poss[0].subtree if t.lower_ not in {"'s", "’s", "the"}]
    if not owner or not all(t.text[:1].isupper() or t.lower_ in {"of", "for"} for t in owner):
        return ""  # "her Satloff", "the city's Mayor"
    return _span_text(subject.doc, owner)


def _called(subject) -> str | None:
    """The name in "a resident named Sara" / "a man called Ada Brook": a person noun with
    "named"/"called" and a capitalised name after it."""
    if not is_person_noun(subject.lower_) or subject.text[:1].isupper():
        return None
    for acl in subject.children:
        if acl.dep_ == "acl" and acl.lower_ in {"named", "called"}:
            name = [t for t in acl.subtree if t.i > acl.i]
            if name and all(re.fullmatch(r"[A-Z][\w'’-]*", t.text) for t in name):
                return _span_text(subject.doc, name)
    return None


def _names_a_person(appos) -> bool:
    """An apposition that says its noun is a person: "another user", "a professor"."""
    head = appos.lower_
    return head in PERSON_NOUNS or head in ROLE_WORDS or head in PEOPLE_NOUNS


_SOMEONE = {"one", "another", "someone", "somebody", "others"}
_PEOPLE_NOUNS = {"user", "person", "fan", "commenter", "viewer", "reader", "else", "one"}


def _plural_people(head: str) -> bool:
    return head in PEOPLE_NOUNS


def _core_tokens(head) -> list:
    """The head's phrase without relative clauses, appositions and conjuncts."""
    out = [head]
    for child in head.children:
        if child.dep_ in _CUT_DEPS or (child.is_punct and child.text not in "-–'’."):
            continue
        out.extend(child.subtree)
    out.sort(key=lambda t: t.i)
    # keep the contiguous run around the head
    idx = [t.i for t in out]
    lo = hi = idx.index(head.i)
    while lo > 0 and idx[lo - 1] == idx[lo] - 1:
        lo -= 1
    while hi < len(idx) - 1 and idx[hi + 1] == idx[hi] + 1:
        hi += 1
    run = out[lo : hi + 1]
    while run and (run[-1].is_punct or run[-1].lower_ in {"'s", "’s"}):
        run.pop()
    while run and run[0].is_punct:
        run.pop(0)
    while len(run) > 1 and run[0].i == run[0].sent.start and run[0].lower_ in _OPENERS:
        run.pop(0)  # "Meanwhile Sophie ... told the BBC": the sentence's opener, not her name
    return run


# Adverbs that open a sentence and that the parser may join to the name after them.
_OPENERS = set(
    "meanwhile however also still later earlier separately instead similarly additionally "
    "moreover furthermore finally then now yet elsewhere overall indeed today yesterday".split()
)


def _person_in(tokens: list, head) -> list | None:
    """The name part of a phrase: a PERSON entity, else trailing capitalised non-title words."""
    runs: list[list] = []
    for t in tokens:
        if t.ent_type_ == "PERSON":
            if runs and runs[-1][-1].i == t.i - 1 and t.ent_iob_ != "B":
                runs[-1].append(t)
            else:
                runs.append([t])
    if runs:  # the run holding the head ("Check Point President Rupal Shah Hollenbeck")
        return next((r for r in runs if head in r), runs[-1])
    if head.lower_ in ORG_NOUNS or head.ent_type_ in {"ORG", "GPE", "NORP"}:
        return None
    name: list = []
    for t in reversed(tokens):
        if t.i > head.i:
            continue
        joined = name and (t.text == "-" or t.idx + len(t.text) == name[0].idx)
        if joined or (
            t.text[:1].isupper()
            and re.fullmatch(r"[A-Z][a-z'’-]+", t.text)
            and t.lower_.strip(".") not in ROLE_WORDS
            and t.ent_type_ in {"PERSON", ""}
        ):
            name.insert(0, t)
        else:
            break
    if name and name[-1].i == head.i and head.ent_type_ in {"PERSON", ""} and len(head.text) > 2:
        return name
    return None


def _is_role_phrase(tokens: list) -> bool:
    return any(
        t.lower_.strip(".") in ROLE_WORDS and t.lower_ not in {"the", "of", "for"} for t in tokens
    )


def _span_text(doc, tokens: list) -> str:
    if not tokens:
        return ""
    return doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


def _strip_det(text: str) -> str:
    """Without an article or a descriptor in front: "the company", "ChatGPT-maker Open AI"."""
    text = re.sub(r"^(?:(?:both|either|neither|the|a|an)\s+)+", "", text.strip(), flags=re.I)
    return re.sub(r"^[\w.]+-(?:maker|owned|based|backed|led|focused)\s+(?=[A-Z])", "", text)


def _clean_name(text: str) -> str:
    return HONORIFICS.sub("", text.strip()).strip(" ,")


def place_words(text: str) -> set[str]:
    """Country-like words of a speaker's name or role, normalised ("Thai" and "Thailand")."""
    out = set()
    for word in re.findall(r"[A-Za-z][\w.'’-]*", text):
        low = word.lower().rstrip("'’s").rstrip("’")
        if low in COUNTRY_ALIASES:
            out.add(COUNTRY_ALIASES[low])
        out.add(low)
    return out


def words_match(a: str, b: str) -> bool:
    """Same word, or a country and its people ("Cambodia"/"Cambodian", "Thai"/"Thailand")."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    a, b = COUNTRY_ALIASES.get(a, a), COUNTRY_ALIASES.get(b, b)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < 4:
        return False
    common = 0
    for x, y in zip(short, long, strict=False):
        if x != y:
            break
        common += 1
    return common >= 4 and common >= len(short) - 1
