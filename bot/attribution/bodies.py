"""Organisations an article names, for "the company" and "a spokeswoman for the
organisation" when no body with that word has been quoted: the one named in the sentences
just before, else the one the story is about (named most often); an organisation's legal
name ("Snap Inc."); "investigators" as the body quoted lately with that word; "the agency" as
the public body of that kind named or quoted before; "the club", "the report" with nothing
else to go on as the body of a fitting kind named in the sentence before; "a spokeswoman for
X" under X's fuller name; acronyms spelt out. Names come from
spaCy's entities in the sentences parsed and from names holding an organisation noun."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from bot.attribution.lexicon import BODY_KINDS, ORG_NOUNS, PUBLIC_NOUNS
from bot.attribution.speakers import Speaker, is_person_noun, speaker_key

_FULL_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b"
)


_LEGAL = r"(?:Inc|Corp|Co|Ltd|LLC|PLC|plc|AG|SA|SE|NV|GmbH|Holdings|Limited|Corporation)\b\.?"


class Bodies:
    """Mixed into `Registry`: needs text, entities, bodies, speakers, at, pronoun_of,
    companies and _by_name."""

    text: str
    history: list[tuple[int, Speaker]]
    quoted: list[tuple[int, int]]
    entities: dict[str, Counter]
    bodies: set[str]
    _by_name: Callable[[str], Speaker | None]
    speakers: list[Speaker]
    at: dict[int, int]
    pronoun_of: dict[str, str]
    companies: set[str]
    sources: set[str]

    def _expand(self, name: str) -> str:
        """An acronym as the article spells it out ("RA": "Rugby Australia", "OAIC": "Office
        of the Australian Information Commissioner"), else the name as it is."""
        if not re.fullmatch(r"[A-Z]{2,6}", name):
            return name
        words = r"[A-Z][\w’'-]*"
        phrase = re.compile(rf"{words}(?:\s+(?:(?:of|for|and|the|on)\s+)*{words})+")
        for match in phrase.finditer(self.text):
            tokens = match.group(0).split()
            for lo in range(len(tokens)):
                for hi in range(lo + 2, len(tokens) + 1):
                    part = [t for t in tokens[lo:hi]]
                    if part[-1].islower():
                        continue
                    caps = "".join(t[0] for t in part if t[:1].isupper())
                    every = "".join(t[0].upper() for t in part)
                    if name in {caps, every} and part[0][:1].isupper():
                        return re.sub(r"['’]s$", "", " ".join(part))  # "League’s"
        return name

    def _body_for(self, noun: str, at: int) -> Speaker | None:
        """The organisation "the <noun>" names at `at`: one written with that word before
        ("the Ministry of Interior"), else the organisation named last in the two sentences
        before, else the one the story is about."""
        named = self._named_org(noun, at) or self._recent_org(at) or self._salient_org(at)
        return (self._by_name(named) or Speaker(named, "", "org")) if named else None

    def _spokesperson(self, word: str, at: int) -> Speaker | None:
        """ "A spokesperson said", "according to a spokesperson": the organisation that opens
        the sentence before or this one ("Ukie ... told the BBC that ... According to a
        spokesperson, ..."), else the body quoted last; "Ukie spokesperson"."""
        inside = lambda i: any(s <= i < e for s, e in self.quoted)  # noqa: E731
        lo, seen = at, 0
        while seen < 2 and lo > 0:  # two sentences back, quoted words not counted
            lo = self._sentence_start(lo)
            seen += not inside(lo)
        named = [(self.text.find(n, lo), n) for n in self._orgs_in(lo, at)]
        named += [(p, sp.name) for p, sp in self.history if lo <= p < at]
        named = [(p, n) for p, n in named if not inside(p)]
        body = min(named)[1] if named else ""
        if not body:
            quoted = next((sp for sp in reversed(self.speakers) if self._a_body(sp)), None)
            body = quoted.name if quoted is not None else ""
        return Speaker(f"{body} {word}", "", "org") if body else None

    def _bodies_before(self, at: int) -> list[str]:
        """The organisations named in the sentence before `at` and in this one before `at`, in
        order ("The European Commission fined Brask Telecom. The operator said ...")."""
        lo = at
        for _ in range(2):
            lo = self._sentence_start(lo)
        return self._orgs_in(lo, at)

    def _sentence_start(self, at: int) -> int:
        """Where the sentence ending before `at` starts: the last ". " or line break before
        it (0 at the article's start)."""
        return max(0, max(self.text.rfind(m, 0, max(0, at - 1)) for m in (". ", "\n")))

    def _named_org(self, head: str, at: int) -> str:
        """The last organisation written with `head` before `at`: "the Cambodian Ministry of
        Interior" for "the ministry"; for a public body also its lower-case name after a
        place or people ("the Gaza health ministry", "the Harrow council")."""
        word = head.capitalize()
        pattern = re.compile(
            r"(?:[A-Z][\w'’.-]*\s+){0,4}"
            + word
            + r"s?\b(?:\s+(?:of|for)(?:\s+the)?(?:\s+[A-Z][\w'’-]*)+)?"
        )  # "Tarn Airlines" whole for "the airline", never "Tarn Airline"
        last, where = "", -1
        for match in pattern.finditer(self.text, 0, at):
            found = re.sub(r"^(?:The|A|An)\s+", "", match.group(0)).strip()
            found = re.split(r"(?<=[a-z]{2})\.\s+", found)[-1]  # not "Monday. Council"
            if found != word:
                last, where = found, match.start()
        if head in PUBLIC_NOUNS:
            lower = re.compile(
                r"\b(?:[Tt]he|[Ii]ts)\s+((?:[A-Z][\w'’-]*\s+){1,3}(?:[a-z]+\s+)?"
                + re.escape(head)
                + r")\b"
            )
            for match in lower.finditer(self.text, 0, at):
                if match.start(1) > where:
                    last, where = match.group(1), match.start(1)
        return last

    def _org_in(self, lo: int, hi: int) -> str:
        """The first organisation named between `lo` and `hi` (a sentence)."""
        found = self._orgs_in(lo, hi)
        return found[0] if found else ""

    def _orgs_in(self, lo: int, hi: int) -> list[str]:
        """The organisations named between `lo` and `hi`, in order: names with an organisation
        noun in them ("the Ministry of Health of Veldra") or that spaCy tagged."""
        nouns = "|".join(sorted((n.capitalize() for n in ORG_NOUNS if n.isalpha()), key=len))
        body = re.compile(
            r"(?:[A-Z][\w'’.-]*\s+){0,4}(?:" + nouns + r")\b"
            r"(?:\s+(?:of|for)(?:\s+the)?(?:\s+[A-Z][\w'’-]*)+)?"
        )
        found = []
        for match in body.finditer(self.text, max(0, lo), hi):
            name = re.sub(r"^(?:The|A|An|In|On|At)\s+", "", match.group(0)).strip()
            if " " in name:
                found.append((match.start(), name))
        for name in self._orgs():
            m = re.search(rf"\b{re.escape(name)}\b", self.text[max(0, lo) : hi])
            if m:
                found.append((max(0, lo) + m.start(), name))
        return [name for _, name in sorted(found)]

    def _a_body(self, speaker: Speaker) -> bool:
        """A speaker taken for an organisation that is not written like a person's name
        ("Dana Orlov", tagged ORG by the small model), unless quoted as a body."""
        if speaker.kind != "org":
            return False
        if speaker.name in self.bodies or speaker.name in self._orgs():
            return True
        return not _FULL_NAME.fullmatch(speaker.name)

    def _orgs(self, loose: bool = False) -> list[str]:
        """Names spaCy tagged mostly as an organisation in the sentences parsed (`loose`: or
        as a product or a work, which the small model gives names of bodies it does not know:
        "Beyond Blue")."""
        out = []
        for name, labels in self.entities.items():
            votes = labels["ORG"] + (labels["WORK_OF_ART"] + labels["PRODUCT"] if loose else 0)
            if votes <= labels["PERSON"] + labels["GPE"] or not name[:1].isupper():
                continue
            name = re.sub(r"^(?:The|the)\s+|['’]s$", "", name).strip()
            if len(name) >= 2 and name.lower() not in ORG_NOUNS:
                out.append(name)
        return out

    def _recent_org(self, at: int, sentences: int = 2) -> str:
        """The organisation named last within `sentences` sentences before `at`."""
        lo = at
        for _ in range(sentences + 1):
            lo = max(self.text.rfind(m, 0, lo) for m in (". ", "? ", "! ", "\n"))
            if lo <= 0:
                lo = 0
                break
        best, where = "", -1
        for name in self._orgs(loose=True):
            for m in re.finditer(rf"\b{re.escape(name)}\b", self.text[lo:at]):
                if lo + m.start() > where:
                    best, where = name, lo + m.start()
        return best

    def _salient_org(self, at: int) -> str:
        """The organisation the story is about: of the names spaCy tagged mostly as an
        organisation in the sentences parsed, the one written most often in the article
        (named at least once before `at`)."""
        best, best_key = "", (0, 0)
        for name in self._orgs():
            hits = [m.start() for m in re.finditer(rf"\b{re.escape(name)}\b", self.text)]
            key = (len(hits), -hits[0] if hits else 0)
            if hits and hits[0] < at and key > best_key:
                best, best_key = name, key
        return best

    def not_people(self) -> frozenset[str]:
        """Names the article shows to be bodies or places: quoted as an organisation by an
        acronym or with "the", or tagged only as a place or event by spaCy where parsed."""
        out = set(self.bodies)
        places = {"GPE", "LOC", "FAC", "NORP", "EVENT"}  # the small model's ORG/PERSON is noisy
        out |= {n for n, labels in self.entities.items() if set(labels) <= places}
        return frozenset(out)

    def _legal_name(self, name: str) -> str:
        """The organisation's longer name as the article writes it: "Snap Inc.", "Orvel
        Holdings" for "Snap", "Orvel"; never a product that starts with it ("Snap Maps")."""
        match = re.search(rf"\b{re.escape(name)},?\s+{_LEGAL}", self.text)
        return match.group(0).replace(",", "") if match else ""

    def _org_holding(self, name: str, at: int) -> str:
        """The organisation's fuller name written before `at` that starts with `name`
        ("Lindqvist Motors" for "Lindqvist"; an acronym spelt out), else `name`."""
        name = self._expand(name.strip())
        longer = [n for n in self._orgs_in(0, at) if n.startswith(name + " ")]
        return min(longer, key=len) if longer else name

    def _body_near(self, head: str, at: int) -> Speaker | None:
        """The organisation named last in the sentence before `at` or in this one before it
        whose kind fits `head`: a public body for "the ministry", "the court"; any body for
        other organisation nouns ("the club", "the university") and documents (head "").
        Never a source quoted only for figures ("according to X")."""
        fits = [
            n
            for n in self._bodies_before(at)
            if speaker_key(n) not in self.sources
            and (head not in PUBLIC_NOUNS or _public_body(self._expand(n)))
        ]
        if not fits:
            return None
        return self._by_name(fits[-1]) or Speaker(fits[-1], "", "org")

    def _body_of_kind(self, noun: str, at: int) -> Speaker | None:
        """For "the agency" when no body has that word in its name: the public body of the
        same kind quoted last, else the one named last in the two sentences before."""
        kinds = [k for k in BODY_KINDS if noun in k]
        if not kinds:
            return None
        fits = lambda name: any(w in k for k in kinds for w in speaker_key(name).split())  # noqa: E731
        for speaker in reversed(self.speakers):
            if speaker.kind == "org" and fits(speaker.name):
                return speaker
        lo = at
        for _ in range(3):
            lo = max(0, max(self.text.rfind(m, 0, lo) for m in (". ", "\n")))
        named = [n for n in self._orgs_in(lo, at) if fits(n)]
        return (self._by_name(named[-1]) or Speaker(named[-1], "", "org")) if named else None

    def _last_legal_name(self, at: int) -> str:
        """The last business written with its legal form before `at` ("Orvel Inc."), for
        "the company" when spaCy tagged no organisation the story is about."""
        found = list(re.finditer(rf"\b(?:[A-Z][\w&'’-]*\s+){{1,3}}{_LEGAL}", self.text[:at]))
        return found[-1].group(0).strip() if found else ""

    def _holding(self, words: str, at: int, within: int = 4000) -> Speaker | None:
        """The speaker quoted lately whose name holds all these words ("investigators" after
        "Amnesty investigators said")."""
        want = speaker_key(words).split()
        for speaker in reversed(self.speakers):
            if at - self.at.get(id(speaker), -(10**9)) > within:
                break
            if want and all(w in speaker.key.split() for w in want) and speaker.key.split() != want:
                return speaker
        return None

    def _a_company(self, speaker: Speaker) -> bool:
        """A body, or a one-word name read as a person's that nothing shows to be one (no
        "he"/"she", not tagged a person): "Hikvision said", later "the company"."""
        if self._a_body(speaker) or speaker.key in self.companies:
            return True
        return (
            speaker.kind == "person"
            and " " not in speaker.name.strip()
            and speaker.key not in self.pronoun_of
            and not self._tagged_person(speaker.name)
        )

    def _tagged_person(self, name: str) -> bool:
        """spaCy tagged the name, or a longer one holding it, as a person more often than as
        an organisation, a product or a work ("Jada Pinkett Smith", not "Snap Maps")."""
        votes: Counter = Counter()
        for text, labels in self.entities.items():
            if name in text:
                votes.update(labels)
        return votes["PERSON"] > votes["ORG"] + votes["PRODUCT"] + votes["WORK_OF_ART"]

    def _business(self, one_word: bool, at: int) -> Speaker | None:
        """ "The company said": a business named in this sentence before `at` ("In remarks via
        X’s account, the company reported"), else the one named in the sentence before
        ("Korvan Bank cut its forecast. The lender said"), else the business quoted last, else
        (for one word) the one the story is about or the last written with its legal form.
        Never a public body, nor a source quoted only for figures ("according to X")."""
        here = self._recent_org(at, sentences=0)
        if not here:
            here = next(
                (
                    n
                    for n in self._bodies_before(at)
                    if not _public_body(self._expand(n)) and speaker_key(n) not in self.sources
                ),
                "",
            )
        if here:
            return self._by_name(here) or Speaker(here, "", "org")
        found = next(
            (
                sp
                for sp in reversed(self.speakers)
                if self._a_company(sp)
                and not _public_body(self._expand(sp.name))
                and sp.key not in self.sources  # "according to StreetAccount"
            ),
            None,
        )
        if found is not None:
            return found
        salient = self._salient_org(at) if one_word else ""
        if salient and _public_body(self._expand(salient)):
            salient = ""  # "the company" is not the EU the story is also about
        if not salient and one_word:
            salient = self._last_legal_name(at)  # "Orvel Inc. ... the company said"
        if salient:  # none quoted yet: the business the story is about
            return self._by_name(salient) or Speaker(salient, "", "org")
        return None


def _public_body(name: str) -> bool:
    """A government, court, union or agency ("European Union", "the Commission"), or people
    ("EU officials"): not what "the company" names."""
    words = speaker_key(name).split()
    if any(w in PUBLIC_NOUNS for w in words):
        return True
    last = name.split()[-1] if name.split() else ""
    return last.islower() and is_person_noun(last)  # "EU officials": people, not a body
