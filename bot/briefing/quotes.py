"""Who said what: speaker and role of a reported sentence; and what-to-watch cues."""

from __future__ import annotations

import re

from bot.briefing.select import Candidate

_CAP = r"[A-Z][\w'’.\-]*"
_JOIN = r"(?:\s+(?:of|the|for|and|de|da|van|von|al|bin|del|la|le)\s+|\s+)"
NAME = rf"(?:The\s+|the\s+)?{_CAP}(?:{_JOIN}{_CAP})*"
VERBS = (
    r"said|says|told|tells|warned|warns|added|adds|stated|noted|notes|argued|argues|insisted|"
    r"explained|wrote|writes|pointed out|proposed|emphasi[sz]ed|stressed|announced|declared|"
    r"believe|believes|urged|urges|asked|claimed|claims|admitted|revealed|confirmed|denied|"
    r"suggested|suggests|predicted|acknowledged|conceded|replied|commented|described"
)
_APPOSITIVE = r"(?:,\s+(?P<appos>[^,\"“”]{3,120}?),)?"
_BEFORE = re.compile(rf"(?P<who>{NAME}){_APPOSITIVE}\s+(?:\w+ly\s+|also\s+|then\s+)?(?:{VERBS})\b")
_AFTER = re.compile(rf"[,\"”’]\s*(?:{VERBS})\s+(?P<who>{NAME})")
_ACCORDING = re.compile(rf"\b[Aa]ccording to (?P<who>{NAME})")
_PRONOUN = re.compile(rf"^(?:\w+\s*,\s*)?(?P<pron>He|She|They)\s+(?:also\s+)?(?:{VERBS})\b")
_GENERIC = re.compile(
    rf"^(?P<who>Analysts|Experts|Officials|Critics|Observers|Residents|"
    rf"Diplomats|Economists|Investors|Witnesses)\s+(?:{VERBS})\b"
)
_QUOTED = re.compile(r"[\"“]([^\"“”]{12,})[\"”]|‘([^‘’]{12,})’")
_OPENS_WITH_QUOTE = re.compile(r"^\s*[\"“‘']")

ROLE_WORDS = {
    "minister",
    "president",
    "premier",
    "secretary",
    "director",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "envoy",
    "ambassador",
    "senator",
    "governor",
    "mayor",
    "general",
    "professor",
    "lecturer",
    "analyst",
    "manager",
    "chief",
    "official",
    "leader",
    "coach",
    "boss",
    "head",
    "founder",
    "economist",
    "commander",
    "representative",
    "researcher",
    "fellow",
    "editor",
    "judge",
    "prosecutor",
    "attorney",
    "king",
    "queen",
    "prince",
    "chancellor",
    "deputy",
    "captain",
    "striker",
    "midfielder",
}
_NOT_SPEAKERS = {
    "It",
    "This",
    "That",
    "There",
    "The",
    "A",
    "An",
    "But",
    "And",
    "However",
    "In",
    "On",
    "After",
    "Before",
    "When",
    "As",
    "If",
    "Meanwhile",
    "Monday's",
    "Analysis",
    "Research",
    "Data",
    "Reports",
    "Figures",
    "Polls",
    "Studies",
}


def attribute(cands: list[Candidate], article_text: dict[str, str]) -> None:
    """Fill `speaker`/`role` of candidates that report what someone said."""
    last: dict[str, tuple[str, str]] = {}  # doc_id -> last named speaker (for "He said")
    for cand in sorted(cands, key=lambda c: (c.doc_id, c.start)):
        speaker, role = _speaker(cand.text)
        if speaker in {"He", "She", "They"} or (not speaker and _OPENS_WITH_QUOTE.match(cand.text)):
            speaker, role = last.get(cand.doc_id) or _previous_named(
                article_text[cand.doc_id], cand.start
            )
        if speaker:
            if not role:
                role = _role_in_article(article_text.get(cand.doc_id, ""), speaker)
            cand.speaker, cand.role = speaker, role
            last[cand.doc_id] = (speaker, role)


def said(cand: Candidate) -> str:
    """What the speaker said: the quoted words when there are any, else the sentence."""
    found = [a or b for a, b in _QUOTED.findall(cand.text)]
    if found:
        return " … ".join(f"\u201c{q.strip()}\u201d" for q in found)
    return cand.text


def _speaker(sentence: str) -> tuple[str, str]:
    for pattern in (_PRONOUN, _GENERIC):
        m = pattern.search(sentence)
        if m:
            return m.groupdict().get("who") or m.group("pron"), ""
    for pattern in (_BEFORE, _AFTER, _ACCORDING):
        for m in pattern.finditer(sentence):
            name, role = split_role(m.group("who"))
            appos = (m.groupdict().get("appos") or "").strip()
            if name and name not in _NOT_SPEAKERS:
                return name, role or _clean_appositive(appos) or _role_before(
                    sentence, m.start("who")
                )
    return "", ""


_BREAK = {"and", "that", "the", "as", "by", "but", "while", "when", "after", "said", "says"}


def _role_before(sentence: str, at: int) -> str:
    """'Union leader' in 'Union leader Maria Jansen said': a role written in lower case."""
    tokens = sentence[:at].split()[-4:]
    kept: list[str] = []
    for token in reversed(tokens):
        if token[-1] in ',.:;"“”' or token.lower() in _BREAK:
            break
        kept.insert(0, token)
    return " ".join(kept) if any(t.lower() in ROLE_WORDS for t in kept) else ""


def split_role(phrase: str) -> tuple[str, str]:
    """'Thai Foreign Minister Sihasak' -> ('Sihasak', 'Thai Foreign Minister')."""
    tokens = phrase.split()
    if tokens and tokens[0].lower() == "the":
        return " ".join(tokens), ""  # "The Cambodian Ministry of Interior": an institution
    cut = 0
    for i, token in enumerate(tokens[:-1]):
        if token.lower().strip(".,") in ROLE_WORDS:
            cut = i + 1
    if tokens and tokens[0] in {"Dr.", "Prof.", "Mr.", "Ms.", "Mrs."}:
        return " ".join(tokens[1:]) if cut == 0 else " ".join(tokens[cut:]), " ".join(tokens[:cut])
    return " ".join(tokens[cut:]), " ".join(tokens[:cut])


def _clean_appositive(appos: str) -> str:
    words = appos.split()
    if words and words[0].lower() in {"a", "an", "the"}:
        words = words[1:]
    text = " ".join(words)
    return text if any(w.lower().strip(".,") in ROLE_WORDS for w in words) else ""


def _previous_named(text: str, before: int) -> tuple[str, str]:
    window = text[max(0, before - 600) : before]
    found = list(_BEFORE.finditer(window))
    for m in reversed(found):
        name, role = split_role(m.group("who"))
        if name and name not in _NOT_SPEAKERS:
            return name, role or _clean_appositive((m.groupdict().get("appos") or "").strip())
    return "", ""


def _role_in_article(text: str, speaker: str) -> str:
    """A role written next to the speaker's name elsewhere in the article."""
    if not text or speaker.lower().startswith("the ") or len(speaker) < 3:
        return ""
    last = re.escape(speaker.split()[-1])
    for m in re.finditer(rf"((?:{_CAP}\s+){{1,5}})(?:{re.escape(speaker)}|{last})\b", text):
        _, role = split_role(m.group(1).strip() + " " + speaker)
        if role:
            return role
    found = re.search(rf"{re.escape(speaker)},\s+(?P<appos>[^,\"“”]{{3,120}}?),", text)
    return _clean_appositive(found.group("appos")) if found else ""


_WATCH = re.compile(
    r"\b(?:will|next|upcoming|expected to|plans? to|aims? to|later this|whether|remains? to be seen|"
    r"unclear|uncertain|hard to predict|depends on|could|might|may not|if|risk|challenge|deadline)\b",
    re.IGNORECASE,
)
_STRONG = re.compile(
    r"\b(?:whether|remains? to be seen|unclear|uncertain|hard to predict|"
    r"depends on|challenge|next)\b",
    re.IGNORECASE,
)


def watch_strength(sentence: str) -> int:
    """0 when the sentence is not forward-looking; higher for open questions."""
    return len(_WATCH.findall(sentence)) + 2 * len(_STRONG.findall(sentence))
