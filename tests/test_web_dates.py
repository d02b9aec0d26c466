"""Date filters as people type them: ISO days, months, years and words such as "last week"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.dates import parse_user_date
from ingest.errors import ConfigError

NOW = datetime(2025, 11, 20, 15, 30, tzinfo=UTC)  # a Thursday


def day(value: str, end: bool = False) -> str:
    ts = parse_user_date(value, end_of_day=end, now=NOW)
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S")


@pytest.mark.parametrize(
    ("typed", "since", "until"),
    [
        ("2025-11-02", "2025-11-02 00:00:00", "2025-11-02 23:59:59"),
        ("2025-12", "2025-12-01 00:00:00", "2025-12-31 23:59:59"),
        ("2024-02", "2024-02-01 00:00:00", "2024-02-29 23:59:59"),
        ("2025", "2025-01-01 00:00:00", "2025-12-31 23:59:59"),
        ("November 2025", "2025-11-01 00:00:00", "2025-11-30 23:59:59"),
        ("3 Nov 2025", "2025-11-03 00:00:00", "2025-11-03 23:59:59"),
        ("yesterday", "2025-11-19 00:00:00", "2025-11-19 23:59:59"),
        ("last week", "2025-11-13 00:00:00", "2025-11-13 23:59:59"),
        ("3 days ago", "2025-11-17 00:00:00", "2025-11-17 23:59:59"),
        ("since Monday", "2025-11-17 00:00:00", "2025-11-17 23:59:59"),
        ("Monday", "2025-11-17 00:00:00", "2025-11-17 23:59:59"),
        ("today", "2025-11-20 00:00:00", "2025-11-20 23:59:59"),
    ],
)
def test_common_forms_give_the_first_and_last_moment_they_name(typed, since, until):
    assert day(typed) == since
    assert day(typed, end=True) == until


def test_a_full_timestamp_is_kept_to_the_second():
    assert day("2025-11-02T10:15:00Z") == day("2025-11-02T10:15:00Z", end=True)
    assert day("2025-11-02T10:15:00Z") == "2025-11-02 10:15:00"


@pytest.mark.parametrize("typed", ["soon", "last tuesday-ish", "5", "2025-13-45", ""])
def test_anything_else_is_refused_saying_what_is_accepted(typed):
    with pytest.raises(ConfigError) as caught:
        parse_user_date(typed, now=NOW)
    message = str(caught.value)
    assert message.startswith(f"not a date: {typed!r}")
    for form in ("YYYY-MM-DD", "YYYY-MM", "yesterday", "last week", "3 days ago", "since Monday"):
        assert form in message


def test_without_now_relative_words_follow_the_clock():
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    assert parse_user_date("today") == int(today.timestamp())
