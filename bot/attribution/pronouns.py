"""Mixed into `Registry`: "he" and "she" resolved to a person, the last one quoted or a
person the story has moved on to since, of a gender the article does not contradict."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.attribution.persons import SUBJECT_AFTER, antecedent, compatible, mentions, surname_of
from bot.attribution.speakers import Speaker, speaker_key

_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}


class Pronouns:
    """Needs text, speakers, at, quoted, captions, pronoun_of, not_people, _by_name and
    _role_from_text."""

    text: str
    speakers: list[Speaker]
    at: dict[int, int]
    quoted: list[tuple[int, int]]
    captions: list[tuple[int, int]]
    pronoun_of: dict[str, str]
    not_people: Callable[[], frozenset[str]]
    _by_name: Callable[[str], Speaker | None]
    _role_from_text: Callable[[str, int], str]

    def _person_for(self, pronoun: str, at: int) -> Speaker | None:
        """ "he"/"she": the last person quoted or named before, whichever is more recent, of a
        gender the article does not contradict."""
        quoted = self._unseen(at)
        spoken = next(
            (
                sp
                for sp in reversed(self.speakers)
                if sp.kind == "person" and self._fits(sp.name, pronoun, at)
            ),
            None,
        )
        if spoken is not None:  # a speaker named again as a subject since: "Cselle also
            # questions if ... '...,' he says"
            again = self._speaker_named_again(pronoun, at, spoken)
            if again is not None:
                return again
        # someone named for the first time since the last speaker takes over the story
        pos, name = antecedent(
            self.text,
            pronoun,
            at,
            quoted,
            first_only=spoken is not None,
            not_people=self.not_people(),
        )
        if (
            name
            and (spoken is None or pos > self.at.get(id(spoken), -1))
            and self.pronoun_of.get(speaker_key(name), _GENDER[pronoun]) == _GENDER[pronoun]
        ):
            known = self._by_name(name)
            if known is None or known.kind != "person":
                known = Speaker(name, self._role_from_text(name, at))
            return known
        return spoken

    def _fits(self, name: str, pronoun: str, at: int) -> bool:
        """Whether `name` may be the "he"/"she" at `at`: not quoted before with the other
        pronoun ("she asked"), nor shown otherwise by the article."""
        if self.pronoun_of.get(speaker_key(name), _GENDER[pronoun]) != _GENDER[pronoun]:
            return False
        return compatible(self.text, name, pronoun, self._unseen(at), at)

    def _unseen(self, at: int) -> tuple[tuple[int, int], ...]:
        """Where names are no antecedents for a pronoun at `at`: quotations, and photo
        captions other than the one the pronoun is in."""
        return tuple(self.quoted + [c for c in self.captions if not c[0] <= at < c[1]])

    def _speaker_named_again(self, pronoun: str, at: int, spoken: Speaker) -> Speaker | None:
        """Another person named as the subject of a sentence between the current speaker's
        last words and the pronoun's own sentence: the story has moved on to them ("Altman
        was the main speaker ... Days later, he announced")."""
        sentence = max(self.text.rfind(m, 0, at) for m in (". ", "? ", "! ", "\n", ".” "))
        since = self.at.get(id(spoken), -1)
        not_people = self.not_people()
        for pos, name in reversed(mentions(self.text, self._unseen(at))):
            if pos >= sentence:
                continue
            if pos <= since:
                return None
            known = self._by_name(name)
            if known is spoken or name in not_people or (known and known.kind != "person"):
                continue
            after = self.text[pos + len(name) : pos + len(name) + 2]
            if (
                re.search(r"['’]s$", name)
                or after in {"’s", "'s"}
                or (name.endswith("s") and after[:1] in {"’", "'"})
            ):  # "Civic Data’s analysis", "Sky Sports' Sam Blitz": a possessive, no subject
                continue
            words, have = set(speaker_key(name).split()), set(spoken.key.split())
            if words <= have or have <= words:  # the speaker again, by surname
                continue
            written = name if self.text.startswith(name, pos) else surname_of(name)
            if _topic(self.text, pos, written):  # "For Badger, one ban is not enough."
                if self._fits(name, pronoun, at):
                    return known or Speaker(name, self._role_from_text(name, at))
                continue
            if re.search(
                r"\b(?:of|to|for|with|from|by|at|in|on|about|against)\s+$",
                self.text[max(0, pos - 12) : pos],
            ):
                continue  # "the college friend of X had": X is not the subject
            lead = self.text[max(0, pos - 3) : pos]
            subject = not lead.strip() or lead.rstrip().endswith((".", "\n")) or lead == "\n"
            verb = SUBJECT_AFTER.match(self.text, pos + len(written))
            subject = bool(verb) if known is None else subject or bool(verb)  # new: "X was"
            if subject and self._fits(name, pronoun, at):
                return known or Speaker(name, self._role_from_text(name, at))
        return None


def _topic(text: str, pos: int, written: str) -> bool:
    """A sentence opening on a person as its topic: "For Badger, ...", "To Ruiz, ...": what
    follows is that person's view, so a "she said" after it is theirs."""
    lead = re.search(r"(?:^|[.!?”\"]\s+|\n)(?:For|To)\s+$", text[max(0, pos - 8) : pos])
    return lead is not None and text[pos + len(written) : pos + len(written) + 1] == ","
