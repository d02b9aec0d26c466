"""Dated events: sentences that place something in time, each expression resolved to a date
with its precision (day, month, year) and marked past or planned.

The reference date is the article's publication date; without one, it is inferred from a
dateline day ("(Kuala Lumpur, 23rd)") and a weekday written with its date ("Monday (December
22)": the weekday fixes the year, the one nearest the ingest date), and stored as inferred.
`dateparser` reads the explicit dates; the resolution rules are here.

A date written without its year ("November 12", "in January") takes the year that puts it
nearest the publication date, as the sentence's tense allows (`tense.leaning`): a sentence that
looks ahead favours the date ahead, one in the past tense takes the date behind, and without a
cue a date ahead must be twice as near (news looks back more than ahead). All mentions of one
month and day in an article name one date. Past or planned: after the publication day (month,
year) is planned, before it past, and within it as the tense says.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

import bot.attribution.tense as tense
from ingest.chunking import sentence_spans

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = (
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?![A-Za-z])"
)
_WEEKDAY = r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
EXPRESSIONS = re.compile(
    rf"""
    (?P<md>{_MONTH}\s+{_DAY}(?:,?\s+(?P<y1>{_YEAR}))?)(?![\d:])
  | (?P<dm>{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<y2>{_YEAR}))?)
  | (?P<iso>{_YEAR}-[01]\d-[0-3]\d)
  | (?P<wd>(?:(?P<wrel>last|next|this|on|past|coming)\s+)?{_WEEKDAY}(?:['’]s)?(?:\s+\((?P<wpar>[^()]{{1,20}})\))?)
  | (?P<my>(?:(?P<mrel>last|next|this|early|mid|late|in|since|until|by)\s+(?:-\s*)?)?{_MONTH}(?:\s+(?P<y3>{_YEAR}))?)(?!\s+\d)
  | (?P<ago>\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{{1,2}})
      \s+(?P<unit>years?|decades?|months?)\s+ago\b)
  | (?P<rel>\b(?:yesterday|today|tomorrow|tonight|(?:last|next|this)\s+(?:month|year))\b)
  | (?P<year>\b(?:in|since|by|until|of|during|before|after)\s+{_YEAR}\b)
""",
    re.X | re.I,
)
DATELINE = re.compile(r"^\s*\(([^(),]{2,40}),\s*(\d{1,2})(?:st|nd|rd|th)?\)")


@dataclass
class Event:
    """One resolved expression in its sentence."""

    date: str  # YYYY-MM-DD | YYYY-MM | YYYY
    precision: str  # day | month | year
    status: str  # past | planned
    expression: str
    text: str
    start: int  # the sentence
    end: int
    expr_start: int = 0


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _find(pattern: str, text: str, flags: int = re.I) -> str:
    found = re.search(pattern, text, flags)
    return found.group(0) if found else ""


def _month(text: str) -> int:
    key = text.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


def _nearest_year(month: int, day: int, ref: date) -> date | None:
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((d - ref).days) < abs((best - ref).days):
            best = d
    return best


def _pick(behind, ahead, gap_behind: int, gap_ahead: int, lean: str):
    """The reading of a date without a year, `behind` or `ahead` of the publication date
    (gaps in days or months). The nearer one, where a date ahead must be twice as near (news
    looks back far more than ahead); a sentence that looks ahead takes the one ahead unless the
    one behind is three times nearer; one in the past tense takes the one behind."""
    if ahead is None or lean == tense.PAST:
        return behind if behind is not None else ahead
    if behind is None:
        return ahead
    if lean == tense.FUTURE:
        return behind if 3 * gap_behind < gap_ahead else ahead
    return ahead if 2 * gap_ahead < gap_behind else behind


def _day_year(month: int, day: int, ref: date, lean: str) -> date | None:
    """A month and day without a year, within a year of `ref` (see `_pick`)."""
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    behind = max((d for d in options if d <= ref), default=None)
    ahead = min((d for d in options if d > ref), default=None)
    return _pick(
        behind,
        ahead,
        (ref - behind).days if behind else 0,
        (ahead - ref).days if ahead else 0,
        lean,
    )


def _month_year(month: int, ref: date, rel: str, lean: str) -> int:
    """The year of a month named without one: "last"/"next" are strict, "this" is this year;
    otherwise as `_pick`, the publication month itself counting as behind (gap 0)."""
    behind = ref.year if month <= ref.month else ref.year - 1
    ahead = ref.year if month > ref.month else ref.year + 1
    if rel == "last":
        return ref.year - 1 if month >= ref.month else ref.year
    if rel == "next":
        return ahead
    if rel == "this":
        return ref.year
    if rel in {"until", "by"} and lean != tense.PAST:
        lean = tense.FUTURE
    elif rel == "since":
        lean = tense.PAST
    months = ref.year * 12 + ref.month
    return _pick(behind, ahead, months - (behind * 12 + month), ahead * 12 + month - months, lean)


def _weekday_year(month: int, day: int, weekday: int, near: date) -> date | None:
    """The year, nearest `near`, in which month/day falls on `weekday`."""
    found = []
    for year in range(near.year - 12, near.year + 13):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d.weekday() == weekday:
            found.append(d)
    return min(found, key=lambda d: abs((d - near).days)) if found else None


def infer_published(text: str, day: str, today: date) -> date | None:
    """A publication date from a dateline day and a weekday written with its date."""
    if not day:
        match = DATELINE.match(text)
        day = match.group(2) if match else ""
    if not day:
        return None
    pattern = re.compile(rf"({_WEEKDAY})\s*\(\s*({_MONTH})\s+({_DAY})\s*\)", re.I)
    for match in pattern.finditer(text):
        anchor = _weekday_year(
            _month(match.group(2)), _day(match.group(3)), WEEKDAYS[match.group(1).lower()], today
        )
        if anchor is not None:
            return _day_near(_day(day), anchor, after=True)
    explicit = re.search(rf"({_MONTH})\s+({_DAY}),?\s+({_YEAR})", text)
    if explicit:
        anchor = date(int(explicit.group(3)), _month(explicit.group(1)), _day(explicit.group(2)))
        return _day_near(_day(day), anchor, after=True)
    return None


def _day_near(dom: int, anchor: date, after: bool = False) -> date | None:
    """The date with day-of-month `dom` nearest `anchor` (on or after it when `after`)."""
    options = []
    for shift in (-1, 0, 1):
        y, m = anchor.year, anchor.month + shift
        if m == 0:
            y, m = y - 1, 12
        elif m == 13:
            y, m = y + 1, 1
        try:
            options.append(date(y, m, dom))
        except ValueError:
            continue
    if after:
        later = [d for d in options if d >= anchor]
        options = later or options
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


def extract(text: str, ref: date | None, skip: int = 0) -> list[Event]:
    """The dated expressions of `text` (from character `skip`), resolved against `ref`."""
    if ref is None:
        return []
    out: list[Event] = []
    bare: list[tuple[int, tuple[int, int], str]] = []  # (index, (month, day), lean)
    written: dict[tuple[int, int], int] = {}  # (month, day) -> a year the article writes
    for s, e in sentence_spans(text):
        if e <= skip:
            continue
        sentence = text[s:e]
        for match in EXPRESSIONS.finditer(sentence):
            if _proper_name(sentence, match):
                continue
            # a weekday alone reads back to the past week unless a cue before it looks ahead
            after = not match.group("wd")
            lean = tense.leaning(
                sentence, match.start(), match.end(), reach=90 if after else 60, after=after
            )
            resolved = _resolve(match, lean, ref)
            if resolved is None:
                continue
            value, precision = resolved
            expression = match.group(0).strip()
            if expression.endswith(".") and len(expression.split()[-1]) > 5:
                expression = expression[:-1]  # "late August." ends a sentence, not a word
            if match.group("md") or match.group("dm"):
                key = (int(value[5:7]), int(value[8:10]))
                if match.group("y1") or match.group("y2"):
                    written.setdefault(key, int(value[:4]))
                else:
                    bare.append((len(out), key, lean))
            status = _status(value, precision, ref, lean)
            out.append(
                Event(value, precision, status, expression, sentence, s, e, s + match.start())
            )
    _agree(out, bare, written, ref)
    return out


def _agree(
    events: list[Event],
    bare: list[tuple[int, tuple[int, int], str]],
    written: dict[tuple[int, int], int],
    ref: date,
) -> None:
    """One article's mentions of a month and day without a year name one date: a mention
    without a tense cue takes the year the article writes with that day elsewhere (within a
    year of `ref`), else the year its mentions with a tense cue agree on. Mentions with a cue
    keep their own reading."""
    groups: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for i, key, lean in bare:
        groups.setdefault(key, []).append((i, lean))
    for key, mentions in groups.items():
        year = written.get(key)
        if year is None or abs(year - ref.year) > 1:
            leaned = {events[i].date[:4] for i, lean in mentions if lean != tense.NEITHER}
            if len(leaned) != 1:
                continue
            year = int(leaned.pop())
        for i, lean in mentions:
            if lean != tense.NEITHER:
                continue
            try:
                value = date(year, *key).isoformat()
            except ValueError:
                continue
            events[i] = replace(events[i], date=value, status=_status(value, "day", ref, lean))


def _proper_name(sentence: str, match: re.Match) -> bool:
    """ "the Today show", "Entertainment Tonight", "Saturday Night Live": names, not dates."""
    word = match.group(0).strip()
    if match.group("rel") and word[:1].isupper() and match.start() > 0:
        return True
    after = sentence[match.end() : match.end() + 12]
    return (
        bool(match.group("wd"))
        and re.match(r"\s+(?:Night|Times|Morning|Mail|Show)\b", after) is not None
    )


def _resolve(match: re.Match, lean: str, ref: date) -> tuple[str, str] | None:
    g = match.groupdict()
    if g["md"] or g["dm"]:
        words = re.findall(r"[A-Za-z]+|\d+", g["md"] or g["dm"])
        month = next(_month(w) for w in words if w.lower().rstrip(".") in MONTHS)
        day = _day(next(w for w in words if w.isdigit() and len(w) <= 2))
        year = g["y1"] or g["y2"]
        try:
            d = date(int(year), month, day) if year else _day_year(month, day, ref, lean)
        except ValueError:
            return None
        return (d.isoformat(), "day") if d else None
    if g["iso"]:
        import dateparser

        parsed = dateparser.parse(g["iso"], settings={"DATE_ORDER": "YMD"})
        return (parsed.date().isoformat(), "day") if parsed else None
    if g["wd"]:
        weekday = WEEKDAYS[_find(_WEEKDAY, g["wd"], re.I).lower()]
        if g["wpar"]:
            inner = g["wpar"]
            md = re.fullmatch(rf"\s*({_MONTH})\s+({_DAY})\s*", inner, re.I)
            if md:
                d = _nearest_year(_month(md.group(1)), _day(md.group(2)), ref)
                return (d.isoformat(), "day") if d else None
            if re.fullmatch(rf"\s*{_DAY}\s*", inner):
                d = _day_near(_day(inner), ref)
                if d is not None and d.weekday() != weekday:
                    d = next(
                        (
                            x
                            for x in (
                                _day_near(_day(inner), ref + timedelta(days=k)) for k in (-31, 31)
                            )
                            if x and x.weekday() == weekday
                        ),
                        d,
                    )
                return (d.isoformat(), "day") if d else None
        rel = (g["wrel"] or "").lower()
        planned = rel in {"next", "coming"} or (lean == tense.FUTURE and rel != "past")
        delta = (weekday - ref.weekday()) % 7
        if rel == "last":
            d = ref - timedelta(days=(ref.weekday() - weekday) % 7 or 7)
        elif planned and delta:
            d = ref + timedelta(days=delta)
        else:
            d = ref - timedelta(days=(ref.weekday() - weekday) % 7)
        return d.isoformat(), "day"
    if g["my"]:
        word = _find(_MONTH, g["my"], re.I)
        if not word[0].isupper() or (len(word) > 1 and word.isupper()):
            return None  # "this may be", "march on", "a low APR": not months
        if not g["mrel"] and not g["y3"] and not word[0].isupper():
            return None
        month = _month(word)
        if g["y3"]:
            return f"{int(g['y3']):04d}-{month:02d}", "month"
        year = _month_year(month, ref, (g["mrel"] or "").lower(), lean)
        return f"{year:04d}-{month:02d}", "month"
    if g["rel"]:
        word = " ".join(g["rel"].lower().split())
        shifts = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
        if word in shifts:
            return (ref + timedelta(days=shifts[word])).isoformat(), "day"
        if word.endswith("month"):
            step = {"last": -1, "next": 1, "this": 0}[word.split()[0]]
            m = ref.month - 1 + step
            return f"{ref.year + m // 12:04d}-{m % 12 + 1:02d}", "month"
        step = {"last": -1, "next": 1, "this": 0}[word.split()[0]]
        return f"{ref.year + step:04d}", "year"
    if g["ago"]:
        word = g["n"].lower()
        n = int(word) if word.isdigit() else NUMBERS.get(word, 1)
        if g["unit"].lower().startswith("month"):
            m = ref.year * 12 + ref.month - 1 - n
            return f"{m // 12:04d}-{m % 12 + 1:02d}", "month"
        n *= 10 if g["unit"].lower().startswith("decade") else 1
        return f"{ref.year - n:04d}", "year"
    if g["year"]:
        return _find(_YEAR, g["year"]), "year"
    return None


def _status(value: str, precision: str, ref: date, lean: str) -> str:
    """Planned when the date is after the publication date, past when before; within the
    publication day, month or year itself, as the sentence's tense says."""
    mine = value[: {"day": 10, "month": 7, "year": 4}[precision]]
    now = ref.isoformat()[: len(mine)]
    if mine > now:
        return "planned"
    if mine < now:
        return "past"
    return "planned" if lean == tense.FUTURE else "past"
