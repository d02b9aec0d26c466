"""What a question says about where to look: stored outlets it names and dates it mentions.

"According to a TechCrunch article published on October 19, 2023, ..." or "what did the
Bangkok Post say on 2025-12-22": an outlet the store holds and a calendar day are evidence
for which articles matter. `Outlets` is the store's outlet list, matched by full and short name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from bot.question.parse import outlet_in, source_names

_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY_FIRST = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.I
)
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SPLIT = re.compile(r"\s+[|\-–—:]\s+|:\s+")
DAY = 86400


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i + 1 for i, m in enumerate(_MONTHS) if m.startswith(name[:3]))


def mentioned_days(query: str) -> list[int]:
    """UTC-midnight timestamps of the calendar dates written in `query`."""
    found: list[tuple[int, int, int]] = []
    for m in _MONTH_FIRST.finditer(query):
        found.append((int(m.group(3)), _month_number(m.group(1)), int(m.group(2))))
    for m in _DAY_FIRST.finditer(query):
        found.append((int(m.group(3)), _month_number(m.group(2)), int(m.group(1))))
    for m in _ISO.finditer(query):
        found.append((int(m.group(1)), int(m.group(2)), int(m.group(3))))
    days = []
    for year, month, day in found:
        try:
            days.append(int(datetime(year, month, day, tzinfo=UTC).timestamp()))
        except ValueError:
            continue
    return sorted(set(days))


def source_aliases(sources: list[str]) -> list[tuple[re.Pattern[str], int]]:
    """A name pattern per outlet: its full name and short form ("Cnbc | World ..." -> "Cnbc").

    Longest names first, so "The Independent - Sports" claims its words before the
    short form "The Independent" that several outlets share.
    """
    out = []
    for i, source in enumerate(sources):
        if not source.strip():
            continue
        names = {source.strip(), _SPLIT.split(source.strip())[0].strip()}
        for name in names:
            bare = re.sub(r"^the\s+", "", name, flags=re.I)
            if len(bare) < 3:
                continue
            out.append(
                (len(bare), re.compile(rf"(?<!\w)(?:the\s+)?{re.escape(bare)}(?!\w)", re.I), i)
            )
    return [(pattern, i) for _, pattern, i in sorted(out, key=lambda t: -t[0])]


def outlet_indexes(query: str, aliases: list[tuple[re.Pattern[str], int]]) -> set[int]:
    """Which outlets (indexes into the list `aliases` was built from) `query` names."""
    found: set[int] = set()
    claimed: list[tuple[int, int]] = []
    for pattern, i in aliases:
        for match in pattern.finditer(query):
            # A one-word outlet such as "Fortune" or "Wired" counts only when capitalised.
            word = match.group(0)
            if " " not in word.strip() and not word[:1].isupper():
                continue
            a, b = match.span()
            if any(a < e and s < b for s, e in claimed) and i not in found:
                continue  # inside a longer outlet name already found
            found.add(i)
            claimed.append((a, b))
    return found


@dataclass(frozen=True)
class Outlets:
    """The outlets the store holds, in the keyword index's order (it breaks ties between
    outlets that share a short name), with their normalised names and name patterns."""

    stored: tuple[str, ...] = ()
    # The words the stored articles use (called when needed): names they use for people,
    # places and organisations are not read as outlets when typed in lower case.
    words: Callable[[], Mapping[str, float]] | None = field(default=None, compare=False)

    @cached_property
    def names(self) -> frozenset[str]:
        """Normalised names and their parts ("the independent - sports" -> independent, ...)."""
        out: set[str] = set()
        for source in self.stored:
            out |= source_names(source)
        return frozenset(out)

    @cached_property
    def aliases(self) -> list[tuple[re.Pattern[str], int]]:
        return source_aliases(list(self.stored))

    def named_in(self, text: str) -> tuple[str, ...]:
        """The stored outlet names `text` names, in stored order."""
        if not self.stored:
            return ()
        found = outlet_indexes(text, self.aliases)
        return tuple(self.stored[i] for i in sorted(found))

    def sources_named(self, names: list[str]) -> tuple[str, ...]:
        """The stored outlets that normalised `names` name ("techcrunch" typed in lower
        case), in stored order."""
        return tuple(s for s in self.stored if any(outlet_in(n, source_names(s)) for n in names))
