"""People an article names, where, and their gender as the article itself shows it, for
resolving "he" and "she": the pronoun goes to the most recent person named before it whose
gender, as the article shows it, does not differ.

Gender comes only from the text: a title in front ("Mr.", "Ms."), or the pronouns that follow
the person's mentions before another person is named (outside quotation marks). No list of
first names is used, so names from any language are treated alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.attribution.lexicon import NOT_NAMES, ORG_NOUNS, ROLE_WORDS
from bot.attribution.speakers import is_person_noun

_CAP = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_NAME = re.compile(rf"\b{_CAP}(?: [A-Z]\.)?(?: {_CAP}){{1,2}}(?: Jr\.?)?\b")
_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_SPOKE = re.compile(
    r"\s+(?:(?:also|then|later|had|has|have)\s+)?(?:said|says|asked|asks|told|tells|added|adds"
    r"|wrote|writes|explained|explains|replied|noted|argued|insisted|warned|recalled)\b"
)
_PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.I)
# words in front of a capitalised pair that make it a place or a business, not a person
_NOT_BEFORE = {"at", "of", "from", "in", "on", "for", "by", "into", "to", "the", "via", "with"}
_NOT_BEFORE |= {"her", "his", "their", "its", "our", "my", "your", "a", "an", "this", "these"}
_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady|[a-z]+)\.?,? +$")
_KIN = {
    "husband",
    "wife",
    "son",
    "daughter",
    "brother",
    "sister",
    "father",
    "mother",
    "uncle",
    "aunt",
    "boyfriend",
    "girlfriend",
    "partner",
    "child",
    "nephew",
    "niece",
}
# words before a name that say its gender ("husband Freddie", "Ms. Franke")
_MALE_TITLES = {
    "mr",
    "sir",
    "lord",
    "husband",
    "father",
    "son",
    "brother",
    "boyfriend",
    "actor",
    "dad",
    "king",
    "prince",
    "uncle",
    "grandfather",
    "nephew",
}
_FEMALE_TITLES = {
    "mrs",
    "ms",
    "miss",
    "dame",
    "lady",
    "wife",
    "mother",
    "daughter",
    "sister",
    "girlfriend",
    "actress",
    "mom",
    "mum",
    "queen",
    "princess",
    "aunt",
    "grandmother",
    "niece",
}


def _inside(pos: int, quoted: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in quoted)


def mentions(text: str, quoted: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, str]]:
    """(offset, full name) of each person named outside quotation marks, in order: full names
    ("Adam Yedidia") and later surnames of those names ("Yedidia")."""
    return list(_mentions(text, tuple(quoted)))


@lru_cache(maxsize=32)
def _mentions(text: str, quoted: tuple[tuple[int, int], ...]) -> tuple[tuple[int, str], ...]:
    found: list[tuple[int, str]] = []
    surnames: dict[str, str] = {}
    for match in _NAME.finditer(text):
        start, name = match.start(), re.sub(r"['’]s$", "", match.group(0))  # "Travis Kelce's"
        while name.count(" ") > 1 and (
            name.split()[0].lower() in ROLE_WORDS | NOT_NAMES
            or is_person_noun(name.split()[0].lower())  # "Engineer Lena Moravec"
        ):
            cut = name.index(" ") + 1  # "President Barack Obama": the title is not the name
            start, name = start + cut, name[cut:]
        words = [w.lower() for w in re.findall(r"[A-Za-z'’-]+", name)]
        if any(w in ROLE_WORDS or w in ORG_NOUNS or w in NOT_NAMES for w in words):
            continue
        before = text[max(0, start - 20) : start].split()
        if before and (
            before[-1].lower() in _NOT_BEFORE or before[-1].lower().rstrip(",") in ORG_NOUNS
        ):
            continue
        if _inside(start, list(quoted)):
            continue
        if re.search(
            r"\b(?:Credit|Photo|Photograph|Image|Picture)s?:\s*$", text[max(0, start - 14) : start]
        ):
            continue  # "Credit: Alex Ellinghausen": a photographer's byline, not in the story
        if re.match(r"\s*[|/]", text[start + len(name) : start + len(name) + 3]):
            continue  # "Carlos Jasso | Bloomberg | Getty Images"
        after = re.match(r"\s+([A-Z][a-z]+)", text[start + len(name) : start + len(name) + 20])
        if after and after.group(1).lower() in ORG_NOUNS:
            continue  # "Australian Strategic Policy Institute": a body's name, cut short
        found.append((start, name))
        surnames.setdefault(surname_of(name), name)
    for surname, full in surnames.items():
        for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
            if not any(s <= match.start() < s + len(n) for s, n in found):
                before = text[max(0, match.start() - 20) : match.start()].split()
                if before and before[-1] in full.split()[:-1]:
                    continue  # "The Associated Press": the full name, left out above
                if not _inside(match.start(), list(quoted)):
                    found.append((match.start(), full))
    return tuple(sorted(found))


def _apposed(text: str, pos: int, name: str) -> bool:
    """The name at `pos` set off as an apposition ("his wife, Ann Lee, said"; "his wife, Ann
    Lee."), not the subject of what follows ("With his wife, Lee now runs ...")."""
    written = name if text.startswith(name, pos) else surname_of(name)
    return (
        re.match(r"\s*(?:[,.;:)]|$)", text[pos + len(written) : pos + len(written) + 2]) is not None
    )


def _next_sentence_end(text: str, pos: int) -> int:
    """The end of the sentence after the one at `pos`: how far a name's pronouns reach."""
    end = pos
    for _ in range(2):
        found = _SENTENCE_END.search(text, end)
        if found is None:
            return len(text)
        end = found.end()
    return end


_SENTENCE_END = re.compile(r"[.!?][”\"’]?(?:\s|$)|\n")


def _job(text: str, pos: int, word: str) -> bool:
    """ "general partner Rana Yared", "managing partner X": a partner at a firm, not kin
    (a partner in life is "his partner", "her partner")."""
    if word.lower() != "partner":
        return False
    before = re.findall(r"[\w’']+", text[max(0, pos - 40) : pos])[-2:-1]
    return not (before and before[0].lower() in {"his", "her", "their", "my", "your"})


def surname_of(name: str) -> str:
    """The family name: the last word, or the one before "Jr"/"Sr"/"III" ("Chuck Hoskin Jr")."""
    words = name.split()
    if len(words) > 2 and re.fullmatch(r"(?:Jr|Sr|I{2,3}|IV)\.?", words[-1]):
        return words[-2]
    return words[-1]


def gender(text: str, name: str, quoted: tuple[tuple[int, int], ...] = (), skip: int = -1) -> str:
    """ "m", "f" or "" for `name`, from titles and the pronouns after its mentions (leaving
    out the pronoun at `skip`: the one being resolved)."""
    found = mentions(text, quoted)
    male = female = 0
    for i, (pos, who) in enumerate(found):
        if who != name:
            continue
        title = _TITLE.search(text[max(0, pos - 16) : pos])
        if title and "," in title.group(0) and not _apposed(text, pos, who):
            title = None  # "With his wife, Ternan works": she is not Ternan
        if title:
            male += 10 * (title.group(1).lower() in _MALE_TITLES)
            female += 10 * (title.group(1).lower() in _FEMALE_TITLES)
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        end = min(end, pos + 400, _next_sentence_end(text, pos))
        for p in _PRONOUN.finditer(text, pos, end):
            if p.start() == skip or _inside(p.start(), list(quoted)):
                continue
            word = p.group(0).lower()
            # "she asked", "he said": a speaker's own pronoun outweighs a possessive nearby
            weight = 3 if word in {"he", "she"} and _SPOKE.match(text, p.end()) else 1
            male += weight * (word in _MALE)
            female += weight * (word in _FEMALE)
    if male > female:
        return "m"
    return "f" if female > male else ""


def antecedent(
    text: str,
    pronoun: str,
    at: int,
    quoted: tuple[tuple[int, int], ...] = (),
    reach: int = 1500,
    first_only: bool = False,
    not_people: frozenset[str] = frozenset(),
) -> tuple[int, str]:
    """(where, who) for "he" or "she" at `at`: the most recent person named before its own
    sentence (within `reach` characters) whose gender does not differ; (-1, "") when none.
    Names earlier in the pronoun's sentence are skipped: in '"X was wrong," he said' and
    'X and he were friends, he said' the speaker is not X. `first_only`: only where a person
    is named for the first time (someone new brought into the story). `not_people`: names the
    article shows to be bodies or places (a speaker quoted as one, a spaCy entity)."""
    want = "m" if pronoun.lower() in _MALE else "f"
    sentence = max(text.rfind(m, 0, at) for m in (". ", "? ", "! ", "\n", ".” ", '." '))
    found = mentions(text, quoted)
    first: dict[str, int] = {}
    for pos, name in found:
        first.setdefault(name, pos)
    for pos, name in reversed(found):
        if pos >= sentence or (first_only and first[name] != pos) or name in not_people:
            continue
        if first_only and not introduced(text, pos, name):
            continue  # "the next World Cup", "Credit: X": not a person taking over the story
        if pos < at - reach:
            break
        kin = _TITLE.search(text[max(0, pos - 16) : pos])
        if kin and kin.group(1).lower() in _KIN and not _job(text, pos, kin.group(1)):
            continue  # "with husband X", "daughter Y, 14": named as a relative, not the topic
        if gender(text, name, quoted, skip=at) in {want, ""}:
            return pos, name
    return -1, ""


SUBJECT_AFTER = re.compile(
    r",?\s+(?:(?:also|then|later|now|has|had|have|is|was|will|would|could|who)\b"
    r"|[a-z]+ed\b|[a-z]{2,}(?<![su])s\b)"
)


def introduced(text: str, pos: int, name: str) -> bool:
    """Whether the name at `pos` is written as a person entering the story: after a title or
    a noun for a person ("coach Eddie Jones", "victim: X"), before an apposition ("X, a
    cocoa trader", "X, CIO at ...", "X, who"), as the subject of a verb ("X told", "X has"),
    or named again later and never after an article ("the next World Cup" is not a person)."""
    plural_possessive = name.endswith("s") and text[pos + len(name) : pos + len(name) + 1] in {
        "'",
        "’",
    }
    if re.search(r"['’]s$", name) or plural_possessive or text[pos - 1 : pos] == "(":
        return False  # a possessive ("Sky Sports' X"), or a name in brackets ("Mona (Selina)")
    if re.search(r"[A-Z][\w’'-]+(?:,\s+|,?\s+and\s+)$", text[max(0, pos - 40) : pos]):
        return False  # one of a list of names ("Mount, Havertz and Joao Felix left")
    if re.match(
        r",?\s+(?:and\s+)?[A-Z][\w’'-]+\s+[A-Z][\w’'-]+,?\s+(?:and\b|[A-Z])",
        text[pos + len(name) :],
    ):
        return False  # the first of such a list ("Mason Mount, Kai Havertz, ...")
    before = re.findall(r"[\w.'’-]+", text[max(0, pos - 40) : pos])
    if before:
        word = before[-1].lower().strip(".")
        if word in ORG_NOUNS:
            return False  # "agency Civic Data"
        if word in ROLE_WORDS or is_person_noun(word) or word.rstrip("’'s") in ROLE_WORDS:
            return True
    after = text[pos + len(name) : pos + len(name) + 40]
    apposition = re.match(r",\s+(?:(a|an|the|who|one|his|her|their|[a-z]+ of)\b|([\w-]+))", after)
    if apposition and (
        apposition.group(1)
        or apposition.group(2).lower() in ROLE_WORDS
        or is_person_noun(apposition.group(2).lower())
        or re.fullmatch(r"C[A-Z]O", apposition.group(2))
    ):
        return True
    if SUBJECT_AFTER.match(after):
        return True
    surname = surname_of(name)
    again = [m.start() for m in re.finditer(rf"\b{re.escape(surname)}\b", text)]
    return len(again) > 1 and not any(_DETERMINED.search(text[max(0, p - 30) : p]) for p in again)


_DETERMINED = re.compile(
    r"\b(?:[Tt]he|[Aa]n?)\s+(?:(?:[A-Z][\w’'-]*|\d+|next|last|new|first)\s+){0,2}$"
)


def compatible(text: str, name: str, pronoun: str, quoted=(), at: int = -1) -> bool:
    """Whether `name` may be the "he" or "she" at `at` as the article shows their gender."""
    want = "m" if pronoun.lower() in _MALE else "f"
    return gender(text, name, tuple(quoted), skip=at) in {want, ""}
