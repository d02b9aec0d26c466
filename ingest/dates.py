"""Dates in one normal form: ISO 8601 in UTC, e.g. 2023-11-27T08:45:59+00:00."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_NANOS = re.compile(r"(\.\d{6})\d+")


def normalise_date(value: object) -> str:
    """Return `value` as an ISO 8601 UTC timestamp, or "" when it is not a date."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(float(value), UTC).isoformat()
    text = str(value).strip()
    if not text or text.lower() in {"none", "null", "unknown"}:
        return ""
    text = _NANOS.sub(r"\1", text)  # "08:45:59.000000000Z" carries nanoseconds
    from dateutil import parser

    try:
        parsed = parser.parse(text, fuzzy=False)
    except (ValueError, OverflowError):
        return ""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat()


def date_to_timestamp(iso: str) -> int:
    """Seconds since the epoch for a normalised date ("" gives 0)."""
    if not iso:
        return 0
    return int(datetime.fromisoformat(iso).timestamp())


ACCEPTED = (
    'YYYY-MM-DD, YYYY-MM or YYYY, or words such as "yesterday", "last week", '
    '"3 days ago" or "since Monday"'
)
_PREFIX = re.compile(r"^(?:since|from|after|starting|until|till|up to|before|to)\s+", re.I)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ].*)?$")
_PROBES = (datetime(2001, 3, 15, 9, 30), datetime(2013, 8, 3, 17, 45))  # two unrelated "nows"


def parse_user_date(value: str, end_of_day: bool = False, *, now: datetime | None = None) -> int:
    """A --since/--until (or web filter) value as a Unix timestamp; raises ConfigError if unclear.

    Accepts ISO dates and times, "2025-12" and "2025" (their first moment, or with end_of_day
    their last), and relative words that `dateparser` reads ("yesterday", "last week",
    "3 days ago", "since Monday"): those mean the start of that day (its end with end_of_day).
    """
    text = _PREFIX.sub("", str(value or "").strip())
    if _ISO_DAY.match(text):
        iso = normalise_date(text)
        if iso:
            ts = date_to_timestamp(iso)
            return ts + 86399 if end_of_day and len(text) <= 10 else ts
    start, end = _parse_words(text, now or datetime.now(UTC))
    if start is None or end is None:
        from ingest.errors import ConfigError

        raise ConfigError(f"not a date: {value!r} (use {ACCEPTED})")
    return int((end if end_of_day else start).timestamp())


def _parse_words(text: str, now: datetime) -> tuple[datetime | None, datetime | None]:
    """(first, last moment) that `text` names, in UTC; (None, None) when it names no date."""
    if not text or (text.isdigit() and len(text) != 4):
        return None, None  # "5" is not a date, though dateparser reads it as May
    base = now.astimezone(UTC).replace(tzinfo=None)
    found = _dateparse(text, base)
    if found is None:
        return None, None
    day, period = found
    probes = [_dateparse(text, probe) for probe in _PROBES]
    fixed = all(p is not None and _same(p[0], day, period) for p in probes)
    if fixed and period in ("month", "year"):  # "2025-12", "November 2025", "2025"
        first = day.replace(month=1 if period == "year" else day.month, day=1)
        first = first.replace(hour=0, minute=0, second=0, microsecond=0)
        months = 12 if period == "year" else 1
        year, month = divmod(first.month - 1 + months, 12)
        after = first.replace(year=first.year + year, month=month + 1)
        return _utc(first), _utc(after) - timedelta(seconds=1)
    if period == "time":  # "2 hours ago": that moment
        return _utc(day), _utc(day)
    first = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return _utc(first), _utc(first + timedelta(days=1)) - timedelta(seconds=1)


def _dateparse(text: str, base: datetime) -> tuple[datetime, str] | None:
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": base,
            "RETURN_TIME_AS_PERIOD": True,
            "TIMEZONE": "UTC",
            "TO_TIMEZONE": "UTC",
        },
    )
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj.replace(tzinfo=None), data.period or "day"


def _same(a: datetime, b: datetime, period: str) -> bool:
    if period == "year":
        return a.year == b.year
    if period == "month":
        return (a.year, a.month) == (b.year, b.month)
    return a.date() == b.date()


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)
