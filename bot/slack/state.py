"""Small per-app memories: events already handled, answers and briefs awaiting a button click."""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from typing import Any


class Memory:
    """A bounded, thread-safe dict whose entries expire after `ttl` seconds."""

    def __init__(self, size: int = 5000, ttl: float = 3600.0) -> None:
        self.size, self.ttl = size, ttl
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            item = self._items.get(key)
            if item is None or time.monotonic() - item[0] > self.ttl:
                return default
            return item[1]

    def first_time(self, key: str) -> bool:
        """True the first time `key` is seen (within `ttl`), False for every repeat."""
        with self._lock:
            item = self._items.get(key)
            if item is not None and time.monotonic() - item[0] <= self.ttl:
                return False
            self._items[key] = (time.monotonic(), True)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return True


class SlackState:
    """What one running Slack app remembers between requests."""

    def __init__(self) -> None:
        # Slack retries for up to ~5 minutes after the first delivery; an hour is ample.
        self.seen = Memory(size=20000, ttl=3600)
        self.answers = Memory(size=2000, ttl=7 * 24 * 3600)  # full answer text by message
        self.briefs = Memory(size=200, ttl=24 * 3600)  # briefing messages by share id


_STATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def state_of(app) -> SlackState:
    """The state object belonging to `app` (created on first use)."""
    if app not in _STATES:
        _STATES[app] = SlackState()
    return _STATES[app]
