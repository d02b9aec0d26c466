"""Which way a sentence looks from a date expression in it: ahead ("will", "is due", "before
the vote on", "was moved to"), back (a verb in the past tense) or neither.

The nearest cue before the expression in its clause wins, else the nearest after it: "X told
reporters that talks will resume on May 3" looks ahead and "On Nov. 8, he tried to withdraw"
looks back. Rules are for news English in general: a date that is the target of a change
("postponed to", "moved to") looks ahead even in the past tense; verbs of saying ("said",
"told") are no cue, because the date they carry is often that of what was said; a participle
after "be", a modal or "to" ("will be held", "might get bumped") is no past tense; a future
cue wins where a future and a past cue overlap ("was scheduled for", "was to").
"""

from __future__ import annotations

import re
from functools import lru_cache

FUTURE, PAST, NEITHER = "future", "past", ""

_FUTURE = re.compile(
    r"""\b(?:
        will|shall|won't|wouldn't|would|could|might|going\s+to|about\s+to
      | (?:is|are)\s+(?:also\s+|now\s+|still\s+)?(?:to|on|for)\b|(?:was|were)\s+to
      | (?:plans?|planned|planning|intends?|intended|aims?|aimed|hopes?|hoped|expects?|expected
         |scheduled|slated|set|poised|ready|preparing|prepares?|promised?|vowed?|pledged?)
        \s+to
      | (?:scheduled|slated|planned|earmarked|pencil+ed|expected|anticipated)
      | due(?!\s+to\b)|due\s+to\s+(?:be|start|begin|open|close|end|hold|take|meet|vote|arrive
         |return|resume|launch|expire|sign|visit|speak|appear|report|publish|release|come|go)
      | (?:set|booked|fixed)\s+(?:for|on|in|at)
      | upcoming|forthcoming|next|(?:the|this)\s+coming|later\s+this|ahead\s+of
      | in\s+time\s+for|deadline
      | (?:before|until|till|ahead\s+of)\s+(?:the|a|its|their|next)\s+(?:\w+\s+){0,2}(?:on|in)
      | (?:moved|moves?|postponed|postpones?|delayed|delays?|rescheduled|reschedules?|pushed\s+back
         |brought\s+forward|put\s+off|deferred|defers?|adjourned|adjourns?|shifted|shifts?|changed)
        (?:\s+\w+){0,3}?\s+(?:to|until|till|for)
      | (?:takes?|take)\s+effect|comes?\s+into\s+(?:force|effect)
      | starts|begins|opens|closes|ends|expires|resumes|runs|lasts|kicks\s+off
    )\b
    |'ll\b""",
    re.I | re.X,
)
_IRREGULAR = (
    "met held took made went came began saw gave left won lost led paid sent spoke wrote fell "
    "rose brought bought sought thought found became ran kept knew grew drew threw flew chose "
    "stood understood felt heard meant struck sold got sat broke drove hid rode shook stole swore "
    "tore woke wore spent built lent dealt fought taught caught slept swept wept bore arose fled "
    "sank sang rang forgave forbade froze withdrew undertook overtook upheld"
)
_PAST = re.compile(
    rf"""\b(?:
        was|were|had|did|wasn't|weren't|hadn't|didn't|ago|earlier|previously|formerly
      | (?:{"|".join(_IRREGULAR.split())})(?!')
      | (?P<ed>[a-z]{{2,}}(?:ed|ied))
    )\b""",
    re.I | re.X,
)
# "-ed" words that are not (or rarely) a verb in the past tense
_NOT_PAST = set(
    "need speed feed proceed succeed exceed indeed seed breed hundred sacred naked wicked "
    "united limited based related alleged so-called called-for red bed shed wed fled bred "
    "interested concerned detailed advanced armed embattled beloved aged skilled unified "
    "coordinated organised organized".split()
)
_CLAUSE = re.compile(r"[,;:!?][\"”’']?\s|\s[—–-]\s")
_NONFINITE = re.compile(  # a participle after these is no verb in the past tense
    r"\b(?:is|are|am|be|been|being|'re|'s|will|would|could|might|may|shall|should|must|can|"
    r"to|get|gets|getting)\s+(?:\w+ly\s+)?$",
    re.I,
)
_PARTICIPLES = set(_IRREGULAR.split())


@lru_cache(maxsize=256)  # a sentence with several dates is read once
def _cues(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, FUTURE|PAST) of every cue in `text`, future cues masking past ones."""
    text = text.replace("’", "'")  # "won’t", "we’ll" (same length: offsets hold)
    found = [(m.start(), m.end(), FUTURE) for m in _FUTURE.finditer(text)]
    masked = list(text)
    for s, e, _ in found:
        masked[s:e] = " " * (e - s)
    plain = "".join(masked)
    for m in _PAST.finditer(plain):
        word = m.group(0).lower()
        if m.group("ed") or word in _PARTICIPLES:
            if word in _NOT_PAST or _NONFINITE.search(text[max(0, m.start() - 30) : m.start()]):
                continue  # "the united front", "is required", "might get bumped": no past event
            if (
                m.group("ed")
                and m.start() > 0
                and text[m.start()].isupper()
                and text[m.start() - 1] not in ".\n"
            ):
                continue  # "Mohammed", "Red Bull": a name inside the sentence
        found.append((m.start(), m.end(), PAST))
    return tuple(found)


def leaning(sentence: str, start: int, end: int, reach: int = 90, after: bool = True) -> str:
    """FUTURE, PAST or NEITHER for the expression at sentence[start:end]: the nearest cue
    before it in its clause (the verb it goes with usually comes first), else, when `after`,
    the nearest after it in its clause, or anywhere after it when no cue comes before it ("On
    Nov. 8, in its last days, the exchange froze"); within `reach` characters."""
    before: tuple[int, str] | None = None
    behind: tuple[int, str] | None = None
    clause = max((m.end() for m in _CLAUSE.finditer(sentence, 0, start)), default=0)
    cues = _cues(sentence)
    limit = len(sentence)
    if any(e <= start for _, e, _ in cues):  # a verb before: the expression's own clause
        limit = next((m.start() for m in _CLAUSE.finditer(sentence, end)), limit)
    for s, e, kind in cues:
        if s < end and e > start:
            if kind == FUTURE:  # "next month": the expression says it itself
                return FUTURE
            continue  # "last", "earlier" inside the expression are read by the resolver
        if e <= start and s >= clause and start - e <= reach:
            if before is None or start - e < before[0]:
                before = (start - e, kind)
        elif s >= end and e <= limit and s - end <= reach:
            if behind is None or s - end < behind[0]:
                behind = (s - end, kind)
    if before:
        return before[1]
    return behind[1] if behind and after else NEITHER
