"""Fetching feeds and pages over HTTP, politely: a timeout on every request, a size limit
read as the bytes arrive, redirects capped, and a pause between two requests to one host.

Every failure becomes one `FetchError` whose message names the URL and says what happened.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlparse

from bot.errors import BriefbotError

MAX_REDIRECTS = 5
USER_AGENT = "briefbot/1 (+feeds; polite: one request per host at a time)"


class FetchError(BriefbotError):
    """A feed or page could not be fetched; the message is one line naming the URL."""


@dataclass
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str


class Polite:
    """At most one request start per `delay` seconds to each host, across threads."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        host = (urlparse(url).hostname or "").lower()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + self.delay
        if start > now:
            time.sleep(start - now)


class Fetcher:
    """GETs with a timeout, a size limit and capped redirects, sharing one politeness."""

    def __init__(self, timeout: float = 20.0, max_bytes: int = 5_000_000, delay: float = 1.0):
        import httpx

        self.timeout = timeout
        self.max_bytes = max_bytes
        self.polite = Polite(delay)
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": USER_AGENT},
        )

    @classmethod
    def from_settings(cls, settings) -> Fetcher:
        return cls(settings.feed_timeout, settings.feed_max_kb * 1000, settings.feed_host_delay)

    def close(self) -> None:
        self.client.close()

    def get(self, url: str) -> Fetched:
        """The body of `url`; raises FetchError with one clear line."""
        import httpx

        check_url(url)
        self.polite.wait(url)
        deadline = time.monotonic() + self.timeout  # a server trickling bytes is cut off too
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(
                        f"{url}: the server answered {response.status_code} "
                        f"{response.reason_phrase or ''}".rstrip()
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(self._too_big(url))
                parts, size = [], 0
                for part in response.iter_bytes():
                    size += len(part)
                    if size > self.max_bytes:
                        raise FetchError(self._too_big(url))
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline")
                    parts.append(part)
                kind = response.headers.get("content-type", "")
                return Fetched(str(response.url), b"".join(parts), kind)
        except httpx.TooManyRedirects:
            raise FetchError(
                f"{url}: more than {MAX_REDIRECTS} redirects (a redirect loop?), not fetched"
            ) from None
        except httpx.TimeoutException:
            raise FetchError(f"{url}: no answer within {self.timeout:g} s, given up") from None
        except httpx.HTTPError as exc:
            reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
            raise FetchError(f"{url}: cannot connect ({reason})") from None

    def _too_big(self, url: str) -> str:
        return f"{url}: larger than {self.max_bytes // 1000} KB, not fetched"


def check_url(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise FetchError(f"{url!r} is not a web address (http:// or https://)")
