"""Reading a question's words: stems, stop words, capitalised names, outlets, the speaker asked about.

Pure string work (no store, no model). `bot.question.understanding` puts the pieces together
once per request; answering also uses `words`/`stem`/`find_entities` on passage sentences.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+(?:[.&][^\W_]+|'(?!s\b)[^\W_]+)*")

STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it its
itself just me more most my myself no nor not now of off on once only or other our ours out over
own same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself s t don ve ll re d m o y
what's who's which whose whether
article articles report reports reported reporting piece pieces publication published story
stories source sources news according mention mentioned mentions mentioning discuss discussed
discusses discussing detail detailing details considering consider information regarding
described describe describes suggest suggests suggested indicate indicates indicated claim claims
claimed portray portrayed portrays highlight highlighted highlights between based
compared compare comparison same different differ similar consistent consistency change changed
say said says tell told think thought one two first second latest recent recently new also
another later earlier both either does did do done while whereas than
""".split()
)

MONTHS = frozenset(
    "january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday".split()
)

# A question longer than this asks several things at once: the re-ranker (trained on web
# queries of a few words) reads it part by part, and it is not a short request such as
# "what's next?".
LONG_QUESTION_WORDS = 24

_QUESTION_LEAD = frozenset(
    "what who whom whose which when where why how does did do is was are were "
    "has have had can could would should will considering according regarding following "
    "given during among since "
    "between after before and but in on from by a an the while".split()
)

_OUTLET_NOUN = r"(?:article|articles|report|reports|piece|publication|journalist|writer|editorial)"
_CAP = r"(?:[A-Z][\w&.'’-]*|of|the|and|&|for|-|\|)"
_NAME = rf"[A-Z][\w&.'’-]*(?:\s+{_CAP})*?"
_OUTLET_BEFORE = re.compile(rf"({_NAME})(?:'s|’s)?\s+{_OUTLET_NOUN}\b")
_OPEN_QUOTE = "['\"‘“]"
_OUTLET_AFTER = re.compile(
    rf"(?:published by|reported by|according to|{_OUTLET_NOUN} (?:by|from|in))\s+(?:both\s+|either\s+)?{_OPEN_QUOTE}?(?:the\s+)?"
    rf"({_NAME})(?=[,?.;]|\s+[a-z])"
)
_LEAD = re.compile(
    r"^(?:(?:does|did|do|is|was|are|were|has|have|between|after|before|considering|"
    r"which|what|who|how|when|while|both|according to|and|in|on|from|by|a|an|the|"
    r"but)\s+)+",
    re.I,
)
_SPEAKER_Q = re.compile(
    r"\b(?:what|waht|wat|how)\s+(?:did|does|do|has|have|had|is|was|were|are)\s+(?:the\s+)?(.+?)\s+"
    r"(?:say|said|saying|tell|told|warn|warned|think|thought|thinking|claim|claimed|urge|urged|"
    r"announce|announced|argue|argued|write|wrote|state|stated|mean|respond|responded|react|"
    r"reacted|propose|proposed|believe|predict|predicted|want|wanted|call|called|ask|asked|add|"
    r"added|reveal|revealed|post(?!\s+(?:say|said|write|wrote|report|reported|tell|told))|posted|tweet|tweeted|conclude|concluded|suggest|suggested|"
    r"insist|insisted|demand|demanded|recommend|recommended|comment|commented|make of|"
    r"feel)\b",
    re.I,
)
_SPEAKER_POSSESSIVE = re.compile(
    r"(?:^(?!\s*what\b)|\bwhat(?:'s|’s|\s+(?:is|was|were|are))\s+)(?:the\s+)?([^?,;:]+?)(?:'s|’s|s'|s’)\s+"
    r"(?:position|positions|view|views|take|stance|response|reaction|message|statement|warning|"
    r"comment|comments|remarks|argument|claim|line|reply|verdict|assessment|opinion)\b",
    re.I,
)


def fold_accents(text: str) -> str:
    """`text` without its accents ("Björn" -> "Bjorn"), for matching what people type."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-cased word tokens ("U.S." kept whole, hyphenated words split, possessive 's dropped)."""
    return _TOKEN.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix-stripping stem: agreements -> agreement, Cambodian -> cambodia."""
    for suffix, keep in (
        ("ians", "ia"),
        ("ian", "ia"),
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: len(word) - len(suffix)] + keep
    return word


def stems(text: str) -> set[str]:
    """The stems of every word in `text` (stop words included: callers look up their own terms)."""
    return {stem(w) for w in words(text)}


def norm_name(text: str) -> str:
    """An outlet or entity name reduced to lower-case words, without a leading 'the'."""
    n = " ".join(re.findall(r"[a-z0-9]+", text.lower()))
    return re.sub(r"^the ", "", n)


def find_entities(text: str) -> list[str]:
    """Runs of capitalised words ("Thai Foreign Minister Sihasak"), minus question lead words."""
    out: list[str] = []
    run: list[str] = []
    tokens = re.findall(r"[\w'’.&-]+|[^\w\s]", text)
    for i, tok in enumerate(tokens):
        bare = tok.strip(".'’")
        capital = bool(bare) and (bare[0].isupper() or (bare[0].isdigit() and run))
        if capital and not (i == 0 and bare.lower() in _QUESTION_LEAD):
            run.append(bare)
            continue
        if (
            run
            and tok.lower() in {"of", "de", "la"}
            and i + 1 < len(tokens)
            and tokens[i + 1][:1].isupper()
        ):
            run.append(tok)
            continue
        if run:
            out.append(" ".join(run))
        run = []
    if run:
        out.append(" ".join(run))
    return [e for e in out if e.lower() not in _QUESTION_LEAD and e.lower() not in MONTHS]


def find_outlets(text: str, subject: Callable[[str], bool] | None = None) -> list[str]:
    """Outlet names the question attributes articles to ("a TechCrunch article", "by Bloomberg").

    Read as grammar, not as any capitalised run before "article": "the article from Fortune on
    Rogers Communications Inc. and the article from ..." names Fortune only; "Europe and The
    Verge's article" names The Verge (a possessive before one article is the last name's);
    "the article about Sonos report a victory"
    uses "report" as a verb. `subject(name)`, when given, says a name after "according to"
    is someone the stored articles write about ("according to Eddy Cue"), not an outlet.
    """
    found = [n for m in _OUTLET_BEFORE.finditer(text) if (n := _before_noun(text, m))]
    for m in _OUTLET_AFTER.finditer(text):
        if subject is not None and m.group(0).lower().startswith("according"):
            if subject(norm_name(_LEAD.sub("", m.group(1)))):
                continue
        found.append(m.group(1))
    out: list[str] = []
    for name in found:
        n = re.sub(r" s$", "", norm_name(_LEAD.sub("", name)))
        if n and n not in {"the", "a", "an"} and n not in out:
            out.append(n)
    return out


_AFTER_PREPOSITION = re.compile(
    r"\b(?:about|on|of|for|with|against|over|regarding|involving|to)\s+(?:the\s+)?$", re.I
)
_NOT_A_NOUN = re.compile(r"\s+(?:a|an|the|that|any|no|its|their)\b")


def _before_noun(text: str, m: re.Match[str]) -> str:
    """The outlet name a match of `_OUTLET_BEFORE` holds, or "" when it holds none."""
    name, noun = m.group(1), m.group(0)[len(m.group(1)) :].split()[-1]
    if noun.lower().startswith("report") and _NOT_A_NOUN.match(text, m.end()):
        if _AFTER_PREPOSITION.search(text, 0, m.start()):
            return ""  # "the article about Sonos report a victory": a verb, Sonos its object
    if name.split()[-1] in {"and", "the", "of", "for", "&", "-", "|"}:
        return ""  # "Thomas Ramos and the article": the article has no name before it
    if not noun.lower().endswith("s"):  # "X and The Verge's article", not "Life and Style"
        name = re.split(r"\s(?:and|&)\s+(?=[Tt]he\s)", name)[-1]
    return name


def unknown_outlets(outlets: list[str], sources: set[str]) -> list[str]:
    """The named outlets that match no stored source ("bloomberg and the verge" is split)."""
    missing = []
    for outlet in outlets:
        if outlet_in(outlet, sources):
            continue
        parts = [norm_name(p) for p in outlet.split(" and ")] if " and " in outlet else [outlet]
        missing += [
            p for p in parts if p not in {"", "the", "a", "an"} and not outlet_in(p, sources)
        ]
    return missing


def find_speaker(text: str) -> str:
    """X in "what did X say ...", "what was X's position ..."; "" otherwise."""
    m = _SPEAKER_Q.search(text) or _SPEAKER_POSSESSIVE.search(text)
    return _NOT_NAME.sub("", m.group(1)).strip() if m else ""


_SUBJECT_AFTER = re.compile(
    r"^.*?\b(?:about|on|regarding|concerning|over|of|re)\s+(?:the\s+)?(.+)$", re.I | re.S
)
_SPEECH_WORDS = re.compile(
    r"^(?:(?:'s|’s|s'|s’)\s+)?(?:(?:going|planning|about|expected|likely|set|due|trying)\s+to\s+)?"
    r"(?:\w+)(?:\s+(?:to|that|in|at|for|after|when|his|her|their|the))*\s*",
    re.I,
)


_NOT_NAME = re.compile(r"\s+(?:going|planning|about|expected|likely|set|due|trying)\s+to$", re.I)
_PRONOUN_SUBJECTS = {"it", "this", "that", "them", "these", "those", "him", "her", "there"}


def speaker_subject(text: str, name: str) -> str:
    """Y in "what did X say about Y" / "X's take on Y": what follows the speaker, after a
    preposition when there is one ("" when nothing follows)."""
    at = text.lower().find(name.lower()) if name else -1
    if at < 0:
        return ""
    rest = text[at + len(name) :].strip(" ?!.")
    m = _SUBJECT_AFTER.match(rest)
    subject = m.group(1) if m else _SPEECH_WORDS.sub("", rest, count=1)
    subject = subject.strip(" ?!.,;:()[]\"'")
    if not re.search(r"\w", subject) or subject.lower() in _PRONOUN_SUBJECTS:
        return ""
    return subject


def outlet_in(outlet: str, sources: set[str]) -> bool:
    """Whether a normalised outlet name names one of the stored sources (or a part of one)."""
    for source in sources:
        if outlet == source or outlet.startswith(source + " ") or source.startswith(outlet + " "):
            return True
    return False


def source_names(source: str) -> set[str]:
    """A stored source and its parts ("The Independent - Sports" -> independent sports, independent)."""
    names = {norm_name(source)} | {norm_name(p) for p in re.split(r"\s[-|:]\s|:\s", source)}
    return {n for n in names if n}
