"""Dates in one normal form: ISO 8601 in UTC, e.g. 2023-11-27T08:45:59+00:00."""

from __future__ import annotations

import re
from datetime import UTC, datetime

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


def parse_user_date(value: str, end_of_day: bool = False) -> int:
    """Parse a --since/--until value such as 2023-11-02 into a timestamp."""
    iso = normalise_date(value)
    if not iso:
        from ingest.errors import ConfigError

        raise ConfigError(f"not a date: {value!r} (use YYYY-MM-DD)")
    ts = date_to_timestamp(iso)
    if end_of_day and len(value.strip()) <= 10:
        ts += 86399
    return ts
