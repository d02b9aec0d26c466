"""The speakers one article has named so far, and later mentions resolved to them: a surname
to the full name, "he"/"she" to the last person of that gender, "they" to the last group or
organisation, "the ministry" to the last organisation with that word in its name, "the
statement" to whoever issued the last statement."""

from __future__ import annotations

import re
from collections import Counter

from bot.attribution.bodies import Bodies
from bot.attribution.lexicon import (
    BUSINESS_NOUNS,
    GENERIC_ORG_NOUNS,
    GROUP_PRONOUNS,
    NOT_NAMES,
    ORG_NOUNS,
    PERSON_PRONOUNS,
    ROLE_WORDS,
    SPOKES,
    STOP_MENTION,
    THING_PRONOUNS,
)
from bot.attribution.pronouns import _GENDER, Pronouns
from bot.attribution.speakers import Mention, Speaker, _strip_det, is_person_noun, speaker_key


class Registry(Bodies, Pronouns):
    """The speakers one article has named so far, most recent last."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.speakers: list[Speaker] = []
        self.at: dict[int, int] = {}  # id(speaker) -> where they were last named
        self.quoted: list[tuple[int, int]] = []  # quotations: names inside are not antecedents
        self.captions: list[tuple[int, int]] = []  # photo captions: nor are names in these
        self.history: list[tuple[int, Speaker]] = []  # (where, who) of every resolved mention
        self.entities: dict[str, Counter] = {}  # spaCy entity text -> its labels, counted
        self.bodies: set[str] = set()  # organisations quoted as one: "RA said", "the X said"
        self.pronoun_of: dict[str, str] = {}  # speaker key -> "m"/"f": quoted as "he"/"she"
        # One-word speakers whose own reported words call them "the company" ("Snap
        # confirmed that the company has seen ..."): a business, whatever the tagger said.
        self.companies: set[str] = set()
        self.sources: set[str] = set()  # quoted only by "according to X": figures, not a voice
        self.voices: set[str] = set()  # quoted by a speech verb

    def resolve(self, mention: Mention, at: int) -> tuple[Speaker | None, str]:
        """(speaker, how) for a mention at character `at`: how is named, surname, pronoun,
        organisation (a later "the ministry") or document ("the statement")."""
        owned = self._owned(mention, at)
        if owned is not None:  # "His study found", "Her office said", "its statement"
            return owned
        if mention.kind == "name":
            known = self._by_name(mention.name)
            first = self._fuller_name(mention.name, at) if known is not None else ""
            if (
                first
                and known is not None
                and speaker_key(first) != known.key
                and (0 <= self.text.find(first) < self.text.find(known.name))
            ):  # "Kelce said": Travis, named first, not his mother Donna quoted before
                known = self._by_name(first)
            if known is not None:
                if mention.role and not known.role:
                    known.role = mention.role
                self._touch(known, at)
                full = speaker_key(mention.name) == known.key
                return known, "named" if full else "surname"
            legal = self._legal_name(mention.name)  # "Orvel said" of "Orvel Inc."
            if legal:
                speaker = self._by_name(legal) or Speaker(legal, "", "org")
                self._touch(speaker, at)
                return speaker, "named"
            speaker = Speaker(mention.name, mention.role or self._role_from_text(mention.name, at))
            fuller = self._person_fuller(mention.name, at)
            if fuller:
                speaker.name = fuller
            self._touch(speaker, at)
            return speaker, "named" if not fuller else "surname"
        if mention.kind == "org" and mention.name.lower() in SPOKES:
            found = self._spokesperson(mention.name.lower(), at)  # "a spokesperson said"
            if found is not None:
                self._touch(found, at)
                return found, "organisation"
        if mention.kind == "org":
            known = self._by_name(mention.name)
            if known is None and re.fullmatch(r"[A-Z][a-z]+", mention.name):
                legal = self._legal_name(mention.name)  # "Snap" of "Snap Inc."
                if legal:
                    speaker = self._by_name(legal) or Speaker(legal, "", "org")
                    self._touch(speaker, at)
                    return speaker, "named"
                fuller = self._person_fuller(mention.name, at)  # "Jada Pinkett Smith"
                if fuller and mention.head not in ORG_NOUNS:
                    speaker = self._by_name(fuller) or Speaker(
                        fuller, self._role_from_text(mention.name, at)
                    )
                    self._touch(speaker, at)
                    return speaker, "surname"
            for_name = re.fullmatch(
                r"([a-z]+) (?:for|of|at|from) (?:the )?([A-Z][\w&'’ .-]*)", mention.name
            )
            if known is None and for_name and for_name.group(1) in SPOKES:
                holder = self._org_holding(for_name.group(2), at)  # "a spokeswoman for Lindqvist"
                speaker = self._by_name(f"{holder} {for_name.group(1)}") or Speaker(
                    f"{holder} {for_name.group(1)}", "", "org"
                )
                self._touch(speaker, at)
                return speaker, "named"
            of_body = re.fullmatch(r"([a-z]+) (?:for|of|at|from) the ([a-z]+)", mention.name)
            if known is None and of_body and of_body.group(2) in ORG_NOUNS:
                body = self._body_for(of_body.group(2), at)  # "a spokeswoman for the charity"
                if body is not None:
                    speaker = Speaker(f"{body.name} {of_body.group(1)}", "", "org")
                    self._touch(speaker, at)
                    return speaker, "organisation"
            if known is None and mention.name.islower() and mention.head.endswith("s"):
                known = self._holding(mention.name, at)  # "investigators": "Amnesty investigators"
            if re.fullmatch(r"[A-Z]{2,6}", mention.name) or mention.text[:4].lower() == "the ":
                self.bodies.add(self._expand(mention.name))  # "RA said", "the Commission said"
            speaker = known or Speaker(
                self._expand(mention.name),
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
            if mention.head in GROUP_PRONOUNS:  # "they": a group, or one unnamed person
                want = {"org", "group"}
            if mention.head in PERSON_PRONOUNS:
                found = self._person_for(mention.head, at)
                if found is not None:
                    self.pronoun_of.setdefault(found.key, _GENDER[mention.head])
            else:
                found = next((sp for sp in reversed(self.speakers) if sp.kind in want), None)
                if found is None and mention.head in THING_PRONOUNS:  # "..., it said" before
                    named = self._recent_org(at) or self._salient_org(at)  # any body spoke
                    found = (self._by_name(named) or Speaker(named, "", "org")) if named else None
            if found is not None:
                self._touch(found, at)
                return found, "pronoun"
            return None, "pronoun"
        if mention.kind == "document" and mention.name:  # "an emailed Microsoft statement"
            found = self._by_name(mention.name)
            fuller = self._person_fuller(mention.name, at) if found is None else ""
            if fuller:  # "Lund’s latest report" of Pia Lund, named before
                found = self._by_name(fuller) or Speaker(fuller, self._role_from_text(fuller, at))
            found = found or Speaker(self._expand(mention.name), "", "org")
            self._touch(found, at)
            return found, "document"
        owner = re.match(r"(?:the|its)\s+([a-z]+)['’]s\b", mention.text, flags=re.I)
        if mention.kind == "document" and owner and owner.group(1).lower() in ORG_NOUNS:
            noun = owner.group(1).lower()  # "the company’s statement": the company's
            body, _ = self._nominal(Mention(f"the {noun}", "nominal", head=noun), at)
            if body.kind != "group":
                return body, "document"
        if mention.kind == "document":  # "the statement said": whoever issued it
            found = self._issuer(mention.head, at)
            if found is None and self._document_named(mention.head, at):
                named = self._recent_org(at)  # "X published a report. The report said"
                found = (self._by_name(named) or Speaker(named, "", "org")) if named else None
            found = found or next((sp for sp in reversed(self.speakers) if sp.kind == "org"), None)
            found = found or self._body_near("", at)  # "X published a survey. The report found"
            # else nobody: a statement no sentence ties to a body is left unattributed rather
            # than given to whoever was quoted last
            if found is not None:
                self._touch(found, at)
            return found, "document"
        if mention.kind == "nominal":
            return self._nominal(mention, at)
        return None, ""

    def _owned(self, mention: Mention, at: int) -> tuple[Speaker | None, str] | None:
        """A document or a body's word after "his"/"her"/"its"/"their": the owner the pronoun
        stands for speaks ("Dr Varga ... Her study found": Varga; "its statement": the
        organisation); their office or spokesperson speaks for them ("Mara Olsen’s office").
        None when the mention opens otherwise."""
        match = re.match(r"(his|her|its|their)\s+(\S.*)$", mention.text.strip(), flags=re.I)
        if match is None or mention.kind not in {"document", "org", "nominal"}:
            return None
        pronoun = {"his": "he", "her": "she", "its": "it", "their": "they"}[match.group(1).lower()]
        owner, _ = self.resolve(Mention(match.group(1), "pronoun", head=pronoun), at)
        if owner is None:
            return None, "document" if mention.kind == "document" else "organisation"
        if mention.kind == "document":
            return owner, "document"
        rest = _strip_det(match.group(2))
        name = f"{owner.name} {rest}" if owner.kind != "person" else f"{owner.name}’s {rest}"
        speaker = self._by_name(name) or Speaker(name, "", "org")
        self._touch(speaker, at)
        return speaker, "organisation"

    def _nominal(self, mention: Mention, at: int) -> tuple[Speaker, str]:
        """ "the ministry", "the spokesperson", "the actor": the last speaker with that word in
        their name or role; else the last organisation the text names with it ("the Ministry
        of Interior"); a person's title or epithet with no match: the last person quoted."""
        head = mention.head
        words = _strip_det(mention.text).lower().split()

        for speaker in reversed(self.speakers):
            if speaker.kind == "person" and head in ORG_NOUNS:
                continue  # "the council" is not "Council leader Tom Reyes" but his council
            have = set(speaker_key(speaker.name).split()) | set(speaker_key(speaker.role).split())
            if (head in have or head.rstrip("s") in have) and all(
                w in have or w in STOP_MENTION or not w.isalpha() for w in words
            ):
                self._touch(speaker, at)
                return speaker, "organisation"
        descriptive = all(w.islower() for w in words)  # "the artificial intelligence company"
        if head in ORG_NOUNS and (len(words) == 1 or descriptive):
            named = self._named_org(head, at)
            if named:
                speaker = self._by_name(named) or Speaker(named, "", "org")
                self._touch(speaker, at)
                return speaker, "organisation"
            found = self._business(len(words) == 1, at) if head in BUSINESS_NOUNS else None
            if found is not None:  # "the company said"
                self._touch(found, at)
                return found, "organisation"
        kind = self._body_of_kind(head, at) if len(words) == 1 else None
        if kind is not None:  # "the agency said" of "the Federal Aviation Administration"
            self._touch(kind, at)
            return kind, "organisation"
        if head in GENERIC_ORG_NOUNS:  # "the organisation said": the body last quoted
            found = next((sp for sp in reversed(self.speakers) if self._a_body(sp)), None)
            if found is not None:
                self._touch(found, at)
                return found, "organisation"
        if (
            head not in ORG_NOUNS
            and not head.endswith("s")
            and (len(words) > 1 or head in ROLE_WORDS)
        ):  # "the actor'
            found = next((sp for sp in reversed(self.speakers) if sp.kind == "person"), None)
            if found is not None and at - self.at.get(id(found), 0) < 1500:
                self._touch(found, at)
                return found, "organisation"
        other = head in ORG_NOUNS and head not in BUSINESS_NOUNS and len(words) == 1
        body = self._body_near(head, at) if other else None
        if body is not None:  # "The Sydney Swans ... The club said": the body named just before
            self._touch(body, at)
            return body, "organisation"
        group = Speaker(_strip_det(mention.text), "", "group")  # "the artists’ groups"
        if len(words) > 1:  # quoted: "the statement" and "they" may be theirs later
            self._touch(group, at)
        return group, "named"

    def _issuer(self, noun: str, at: int) -> Speaker | None:
        """Who issued the last `noun` ("statement") written before `at`: the speaker named in
        the same sentence ("X said in a statement", "a statement from X"); None when that
        sentence names no speaker (the caller then takes the last organisation quoted)."""
        word = rf"{re.escape(noun)}(?:ed|s)?" if noun == "report" else re.escape(noun)
        for match in reversed(list(re.finditer(rf"\b{word}\b", self.text[:at]))):  # X reported
            ends = list(_SENTENCE_END.finditer(self.text, 0, match.start()))
            lo = ends[-1].start() if ends else -1
            after = _SENTENCE_END.search(self.text, match.end())  # '... wanted." The report'
            hi = after.start() if after else len(self.text)
            if lo < at <= hi:
                continue  # the mention's own sentence
            near = [(abs(pos - match.start()), sp) for pos, sp in self.history if lo < pos < hi]
            if any(hi < pos < at and _an_organisation(sp) for pos, sp in self.history):
                return None  # an organisation spoke since: "X said it welcomes ... The statement"
            if near:
                return min(near, key=lambda x: x[0])[1]
            named = self._org_in(lo, hi)  # "The Ministry of Health issued a statement"
            return (self._by_name(named) or Speaker(named, "", "org")) if named else None
        return None

    def _document_named(self, noun: str, at: int) -> bool:
        """The document was written of in the sentences just before ("published a report")."""
        lo = max(0, self.text.rfind("\n", 0, max(0, at - 1)))
        return re.search(rf"\b{re.escape(noun)}\b", self.text[lo : max(lo, at - 1)]) is not None

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
            self.history.append((at, speaker))

    def _by_name(self, name: str) -> Speaker | None:
        words = speaker_key(name).split()
        if not words:
            return None
        for speaker in reversed(self.speakers):
            have = speaker.key.split()
            if have == words:
                return speaker
        found = [
            sp
            for sp in reversed(self.speakers)
            if sp.kind == "person" and all(w in sp.key.split() for w in words)
        ]
        if len(found) > 1 and len(words) == 1:  # "Kelce" of Travis, Jason and Donna Kelce:
            named = [(self.text.find(sp.name), i, sp) for i, sp in enumerate(found)]
            named = [n for n in named if n[0] >= 0]  # the one the story names first
            if named:
                return min(named, key=lambda n: n[:2])[2]
        return found[0] if found else None

    def _fuller_name(self, name: str, at: int) -> str:
        """'Anutin' -> 'Anutin Charnvirakul', 'King' -> 'Billie Jean King' when the article
        gave the full name before: capitalised words ending (surname) or starting (given
        name) with it, titles in front left out."""
        if " " in name.strip():
            return ""
        cap = r"[A-Z][\w'’-]+"
        for pattern in (
            rf"(?:\b{cap}\s+){{1,3}}{re.escape(name)}\b",
            rf"\b{re.escape(name)}(?:\s+{cap})\b",
        ):
            for match in re.finditer(pattern, self.text[:at]):
                if self.text[max(0, match.start() - 1) : match.start()] in {"@", "#"}:
                    continue
                words = match.group(0).split()
                keep = words.index(name) if name in words else 0
                run = words[keep:]  # the name and the capitalised words after it
                for word in reversed(words[:keep]):  # and the name words before it
                    if word.lower().strip(".") in ROLE_WORDS | STOP_MENTION or word in _ASKING:
                        break
                    run.insert(0, word)
                words = run
                while len(words) > 2 and is_person_noun(words[0].lower()):
                    words = words[1:]  # "Striker Rafe Molloy": a title opening the sentence
                if len(words) >= 2 and not any(
                    w.lower() in NOT_NAMES or w.lower() in ORG_NOUNS for w in words
                ):
                    return " ".join(words)
        return ""

    def _person_fuller(self, name: str, at: int) -> str:
        """The full name of a person named by one word: "Anutin" of "Anutin Charnvirakul". A
        first word alone ("Jada" of "Jada Pinkett Smith") only when spaCy tagged the longer
        name a person's: news names people again by surname, a product by its maker's name
        first ("Snap" is not "Snap Maps")."""
        fuller = self._fuller_name(name, at)
        if fuller and fuller.split()[0] == name and not self._tagged_person(fuller):
            return ""
        return fuller

    def _role_from_text(self, name: str, at: int) -> str:
        """A title written before the name's first mention ("Thai Prime Minister Anutin")."""
        pattern = re.compile(
            r"((?:\b[A-Z][\w'’.-]*\s+|of\s+|for\s+|the\s+){1,8})"
            + re.escape(name.split()[0])
            + r"\b"
        )
        for match in pattern.finditer(self.text):
            words = match.group(1).split()
            roles = [i for i, w in enumerate(words) if w.lower().strip(".,") in ROLE_WORDS]
            if not roles:
                continue
            # Trailing words after the last title are the name's own ("Minister Ilse Varga"
            # looked up by "Varga"); capitalised words just before the first title are part
            # of it ("Harbour Minister", "Foreign Minister").
            words = words[: roles[-1] + 1]
            first = roles[0]
            while (
                first > 0
                and roles[0] - first < 2
                and words[first - 1][:1].isupper()
                and words[first - 1].lower() not in STOP_MENTION
                and words[first - 1] not in _ASKING
            ):
                first -= 1
            while first < len(words) and words[first].lower() in STOP_MENTION | {"of", "for"}:
                first += 1
            lead = [w for w in words[:first] if _nationality_like(w)][-1:]
            role = " ".join(lead + words[first:]).strip(" ,")
            if role:
                return role
        return ""


def _an_organisation(speaker: Speaker) -> bool:
    """A named body that issues statements: "the Cambodian Ministry of Interior"."""
    return speaker.kind == "org" and any(w in ORG_NOUNS for w in speaker.key.split())


_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s|\n")
_ASKING = {"Why", "What", "How", "When", "Where", "Who", "It", "This", "That"}


def _nationality_like(word: str) -> bool:
    return word[:1].isupper() and (word.endswith(("an", "ese", "ish", "i", "'s", "’s")))
