"""Per-app state: events already handled, answers and briefs awaiting a click, the answer pool."""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger("bot.slack")

# Answers and briefs written at once; more wait their turn (their placeholder is already shown).
ANSWER_WORKERS = 8


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
    """What one running Slack app remembers between requests, and the pool answers run on."""

    def __init__(self, answer_workers: int = ANSWER_WORKERS) -> None:
        # Slack retries for up to ~5 minutes after the first delivery; an hour is ample.
        self.seen: Any = Memory(size=20000, ttl=3600)  # build_app puts the shared log here
        self.answers = Memory(size=2000, ttl=7 * 24 * 3600)  # full answer text by message
        self.briefs = Memory(size=200, ttl=24 * 3600)  # briefing messages by share id
        self.answer_workers = answer_workers
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def later(self, work: Callable[..., Any], *args: Any) -> Future:
        """Run slow work (an answer, a brief) on the answer pool, never on Bolt's own threads.

        Bolt's threads acknowledge requests and run the quick follow-ups (thank-yous, shares);
        an answer waiting for the LLM must never hold one of them. Errors are logged.
        """
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=self.answer_workers, thread_name_prefix="briefbot-answer"
                )
        return self._pool.submit(_logged, work, *args)


def _logged(work: Callable[..., Any], *args: Any) -> Any:
    try:
        return work(*args)
    except Exception:
        log.exception("a Slack answer or brief failed")
        return None


_STATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def state_of(app) -> SlackState:
    """The state object belonging to `app` (created on first use)."""
    if app not in _STATES:
        _STATES[app] = SlackState()
    return _STATES[app]
