"""Who a mention names: a subject phrase read into a name and a role, and later mentions
(surname, pronoun, "the ministry", "the statement") resolved to a speaker named earlier."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.attribution.lexicon import (
    COUNTRY_ALIASES,
    DOCUMENT_NOUNS,
    GROUP_PRONOUNS,
    HONORIFICS,
    NOT_NAMES,
    ORG_NOUNS,
    PEOPLE_NOUNS,
    PERSON_PRONOUNS,
    PRONOUNS,
    ROLE_WORDS,
    STOP_MENTION,
    THING_PRONOUNS,
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
    appos = [c for c in subject.children if c.dep_ == "appos"]
    person = _person_in(core, subject)
    if person and subject not in person and subject.text[:1].islower():
        person = None  # "a Roblox spokesperson", "Rice growers": a name as modifier only
        if subject.lower_ not in ROLE_WORDS:
            return Mention(text, "org", name=_strip_det(text), head=subject.lower_)
    if low in _SOMEONE or (core[0].lower_ in _SOMEONE and subject.lower_ in _PEOPLE_NOUNS):
        return Mention(text, "org", name=text, head=subject.lower_)
    if person and person[0].i == subject.sent.start and len(person) == 1:
        if person[0].ent_type_ != "PERSON" and not is_name(person[0].text):
            person = None
    if person is None and appos:  # "China's Special Envoy, Deng Xijun"
        inner = _core_tokens(appos[0])
        found = _person_in(inner, appos[0])
        if found is not None and _is_role_phrase(core):
            name = _clean_name(_span_text(subject.doc, found))
            return Mention(text, "name", name=name, role=_strip_det(text), head=name)
    if person is not None:
        name_text = _clean_name(_span_text(subject.doc, person))
        before = [t for t in core if t.i < person[0].i]
        role = _strip_det(_span_text(subject.doc, before)) if before else ""
        role = HONORIFICS.sub("", role.rstrip(",'’s ").strip() + " ").strip()
        role = re.sub(r"\s*\b(?:Dr|Mr|Mrs|Ms|Prof)\.?$", "", role).strip()
        if not role and appos:
            role = _strip_det(_span_text(subject.doc, sorted(appos[0].subtree, key=lambda t: t.i)))
        return Mention(text, "name", name=name_text, role=role.strip(" ,"), head=name_text)
    head = subject.lower_
    if head in DOCUMENT_NOUNS:
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
    return None


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
    return run


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
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)


def _clean_name(text: str) -> str:
    return HONORIFICS.sub("", text.strip()).strip(" ,")


_FULL_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b"
)


class Registry:
    """The speakers one article has named so far, most recent last."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.speakers: list[Speaker] = []
        self.at: dict[int, int] = {}  # id(speaker) -> where they were last named
        self.quoted: list[tuple[int, int]] = []  # quotations: names inside are not antecedents

    def resolve(self, mention: Mention, at: int) -> tuple[Speaker | None, str]:
        """(speaker, how) for a mention at character `at`: how is named, surname, pronoun,
        organisation (a later "the ministry") or document ("the statement")."""
        if mention.kind == "name":
            known = self._by_name(mention.name)
            if known is not None:
                if mention.role and not known.role:
                    known.role = mention.role
                self._touch(known, at)
                full = speaker_key(mention.name) == known.key
                return known, "named" if full else "surname"
            speaker = Speaker(mention.name, mention.role or self._role_from_text(mention.name, at))
            fuller = self._fuller_name(mention.name, at)
            if fuller:
                speaker.name = fuller
            self._touch(speaker, at)
            return speaker, "named" if not fuller else "surname"
        if mention.kind == "org":
            known = self._by_name(mention.name)
            if known is None and re.fullmatch(r"[A-Z][a-z]+", mention.name):
                fuller = self._fuller_name(mention.name, at)  # "Jada" of "Jada Pinkett Smith"
                if fuller and mention.head not in ORG_NOUNS:
                    speaker = self._by_name(fuller) or Speaker(
                        fuller, self._role_from_text(mention.name, at)
                    )
                    self._touch(speaker, at)
                    return speaker, "surname"
            speaker = known or Speaker(
                mention.name,
                "",
                "org" if mention.head in ORG_NOUNS or mention.name[:1].isupper() else "group",
            )
            self._touch(speaker, at)
            partial = known is not None and speaker_key(mention.name) != known.key
            return speaker, "surname" if partial else "named"
        if mention.kind == "pronoun":
            want = (
                {"person"}
                if mention.head in PERSON_PRONOUNS
                else ({"org"} if mention.head in THING_PRONOUNS else {"person", "org", "group"})
            )
            if mention.head in GROUP_PRONOUNS:
                want = {"org", "group", "person"}
            found = next((sp for sp in reversed(self.speakers) if sp.kind in want), None)
            if mention.head in PERSON_PRONOUNS:  # someone introduced since that speaker
                since = self.at.get(id(found), 0) if found else 0
                newer = self._introduced(max(since, at - 1500), at)
                if newer:
                    found = self._by_name(newer) or Speaker(newer, self._role_from_text(newer, at))
            if found is not None:
                self._touch(found, at)
                return found, "pronoun"
            return None, "pronoun"
        if mention.kind == "document":  # "the statement said": whoever issued it, an
            found = next((sp for sp in reversed(self.speakers) if sp.kind == "org"), None)
            found = found or self.last()  # organisation first
            if found is not None:
                self._touch(found, at)
            return found, "document"
        if mention.kind == "nominal":
            for speaker in reversed(self.speakers):
                words = set(speaker_key(speaker.name).split()) | set(
                    speaker_key(speaker.role).split()
                )
                if mention.head in words or mention.head.rstrip("s") in words:
                    self._touch(speaker, at)
                    return speaker, "organisation"
            if mention.head in ORG_NOUNS:  # "the company said": the organisation last quoted
                found = next((sp for sp in reversed(self.speakers) if sp.kind == "org"), None)
                if found is not None:
                    self._touch(found, at)
                    return found, "organisation"
            return Speaker(_strip_det(mention.text), "", "group"), "named"
        return None, ""

    def is_name(self, word: str) -> bool:
        """A capitalised word is a name when the article also writes it so mid-sentence."""
        return re.search(r"[a-z,]\s+" + re.escape(word) + r"\b", self.text) is not None

    def last(self) -> Speaker | None:
        return self.speakers[-1] if self.speakers else None

    def _touch(self, speaker: Speaker, at: int | None = None) -> None:
        if speaker in self.speakers:
            self.speakers.remove(speaker)
        self.speakers.append(speaker)
        if at is not None:
            self.at[id(speaker)] = at

    def _introduced(self, lo: int, hi: int) -> str:
        """The last full personal name written in text[lo:hi] ("Marc-Antoine Julliard")."""
        last = ""
        for match in _FULL_NAME.finditer(self.text, lo, hi):
            words = [w.lower() for w in match.group(0).split()]
            if any(w in ROLE_WORDS or w in ORG_NOUNS or w in NOT_NAMES for w in words):
                continue
            if re.search(r"(?:the|The)\s$", self.text[max(0, match.start() - 4) : match.start()]):
                continue
            if any(s <= match.start() < e for s, e in self.quoted):
                continue
            lead = re.split(r"[.!?:\n]\s", self.text[max(0, match.start() - 80) : match.start()])[
                -1
            ]
            role_lead = (
                lead.endswith(", ")
                and len(lead.split()) <= 6
                and any(w.lower().strip(",'’s") in ROLE_WORDS for w in lead.split())
            )
            if lead.strip() and not role_lead:
                continue  # a subject opening its sentence, not "a son, Trey Smith, who"
            # introduced as a person: "Regina Thompson, a basket weaver", "X, who ..."
            after = self.text[match.end() : match.end() + 30]
            if re.match(r",?\s+(?:a|an|the|who|one|[a-z]+\s+of|is|was|has|had)\b", after):
                last = match.group(0)
        return last

    def _by_name(self, name: str) -> Speaker | None:
        words = speaker_key(name).split()
        if not words:
            return None
        for speaker in reversed(self.speakers):
            have = speaker.key.split()
            if have == words:
                return speaker
        for speaker in reversed(self.speakers):
            have = speaker.key.split()
            if speaker.kind == "person" and all(w in have for w in words):
                return speaker
        return None

    def _fuller_name(self, name: str, at: int) -> str:
        """'Anutin' -> 'Anutin Charnvirakul' when the article gave the full name before."""
        if " " in name.strip():
            return ""
        pattern = re.compile(
            r"(?:\b[A-Z][\w'’-]+\s+)?\b" + re.escape(name) + r"(?:\s+[A-Z][\w'’-]+)?\b"
        )
        for match in pattern.finditer(self.text, 0, at):
            found = match.group(0)
            if self.text[max(0, match.start() - 1) : match.start()] in {"@", "#"}:
                continue
            if re.search(r"\b(?:Why|What|How|When|Where|Who|The|This|That|It)\b", found):
                continue
            words = found.split()
            words = [w for w in words if w.lower().strip(".") not in ROLE_WORDS]
            words = [w for w in words if w.lower() not in STOP_MENTION]
            if len(words) >= 2 and words[0][:1].isupper():
                return " ".join(words)
        return ""

    def _role_from_text(self, name: str, at: int) -> str:
        """A title written before the name's first mention ("Thai Prime Minister Anutin")."""
        pattern = re.compile(
            r"((?:\b[A-Z][\w'’.-]*\s+|of\s+|for\s+|the\s+){1,8})"
            + re.escape(name.split()[0])
            + r"\b"
        )
        for match in pattern.finditer(self.text):
            words = match.group(1).split()
            while words and (
                words[0].lower() in STOP_MENTION | {"of", "for"}
                or words[0].lower().strip(".") not in ROLE_WORDS
                and not _nationality_like(words[0])
            ):
                words.pop(0)
            if words and any(w.lower().strip(".,") in ROLE_WORDS for w in words):
                return " ".join(words).strip(" ,")
        return ""


def _nationality_like(word: str) -> bool:
    return word[:1].isupper() and (word.endswith(("an", "ese", "ish", "i", "'s", "’s")))


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
