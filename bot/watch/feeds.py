"""RSS and Atom feeds: the registry in the shared database, and polling them for new articles.

A poll reads every feed (a few at once; feedparser parses them), fetches each new item's page
(`Fetcher`: timeouts, size limit, capped redirects, a pause per host), extracts its main text
with trafilatura, and writes it as a JSON article file for the ordinary ingest to store.
Items already fetched are skipped by URL and by content hash, so no item is stored twice.
A feed that is down, slow or serves garbage gives one line in the report; the others go on.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

import bot.db.schema as schema
from bot.errors import ConfigError
from bot.watch.fetch import Fetcher, FetchError, check_url

FEED_WORKERS = 4


@dataclass
class Page:
    """One fetched article, written to `path` for the ingest."""

    url: str
    title: str
    content_hash: str
    path: Path
    feed_id: int | None = None


@dataclass
class FeedResult:
    name: str
    url: str
    new: int = 0
    known: int = 0
    error: str = ""  # the one line saying why the feed (or an item) failed
    item_errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.error:
            return f"feed {self.name}: {self.error}"
        bad = f", {len(self.item_errors)} item(s) failed" if self.item_errors else ""
        return f"feed {self.name}: {self.new} new, {self.known} already stored{bad}"


@dataclass
class PollReport:
    feeds: list[FeedResult] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = []
        for feed in self.feeds:
            out.append(feed.line())
            out.extend(f"  item {e}" for e in feed.item_errors)
        return out


def url_key(url: str) -> str:
    return hashlib.sha256(url.strip().encode()).hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).lower().encode()).hexdigest()


class Feeds:
    """The feed registry and the items fetched, in the shared database."""

    def __init__(self, db, folder: Path) -> None:
        self.db = db
        self.folder = Path(folder)  # where fetched pages are written as JSON articles

    # -- registry ---------------------------------------------------------------------
    def add(self, url: str, name: str = "") -> dict:
        check_url(url)
        name = (name or _name_from(url)).strip()
        if not name:
            raise ConfigError("feed name: give one with --name")
        try:
            with self.db.engine.begin() as conn:
                conn.execute(insert(schema.feeds).values(name=name, url=url, added_at=time.time()))
        except IntegrityError:
            raise ConfigError(f"a feed named {name!r} already exists") from None
        return self.get(name)

    def get(self, name: str) -> dict:
        with self.db.engine.connect() as conn:
            row = conn.execute(select(schema.feeds).where(schema.feeds.c.name == name)).first()
        if row is None:
            known = ", ".join(f["name"] for f in self.all()) or "none yet"
            raise ConfigError(f"no feed named {name!r} (feeds: {known})")
        return dict(row._mapping)

    def all(self) -> list[dict]:
        f, i = schema.feeds, schema.feed_items
        from sqlalchemy import func

        query = (
            select(f, func.count(i.c.id).label("items"))
            .outerjoin(i, i.c.feed_id == f.c.id)
            .group_by(f.c.id)
            .order_by(f.c.name)
        )
        with self.db.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def remove(self, name: str) -> None:
        feed = self.get(name)
        with self.db.engine.begin() as conn:
            # The items stay known (their articles stay stored), so re-adding fetches nothing twice.
            conn.execute(
                update(schema.feed_items)
                .where(schema.feed_items.c.feed_id == feed["id"])
                .values(feed_id=None)
            )
            conn.execute(delete(schema.feeds).where(schema.feeds.c.id == feed["id"]))

    # -- what was fetched ---------------------------------------------------------------
    def known(self, url: str) -> bool:
        with self.db.engine.connect() as conn:
            row = conn.execute(
                select(schema.feed_items.c.id).where(schema.feed_items.c.url_key == url_key(url))
            ).first()
        return row is not None

    def known_hash(self, digest: str) -> bool:
        with self.db.engine.connect() as conn:
            row = conn.execute(
                select(schema.feed_items.c.id).where(schema.feed_items.c.content_hash == digest)
            ).first()
        return row is not None

    def remember(self, pages: list[Page]) -> None:
        """Record pages as stored (after the ingest took them)."""
        for page in pages:
            row = {
                "feed_id": page.feed_id,
                "url_key": url_key(page.url),
                "url": page.url,
                "content_hash": page.content_hash,
                "title": page.title,
                "path": str(page.path),
                "fetched_at": time.time(),
            }
            try:
                with self.db.engine.begin() as conn:
                    conn.execute(insert(schema.feed_items).values(**row))
            except IntegrityError:  # another instance stored it at the same moment
                continue

    # -- polling ----------------------------------------------------------------------
    def poll(self, fetcher: Fetcher, names: list[str] | None = None) -> PollReport:
        """Fetch the new items of every feed (or of `names`); the caller ingests
        `report.pages` and then calls `remember`."""
        started = time.perf_counter()
        feeds = [f for f in self.all() if not names or f["name"] in names]
        report = PollReport(feeds=[FeedResult(f["name"], f["url"]) for f in feeds])
        claimed: set[str] = set()  # urls and hashes taken by this poll (one feed each)
        lock = threading.Lock()

        def one(feed: dict, result: FeedResult) -> list[Page]:
            pages = self._poll_feed(fetcher, feed, result, claimed, lock)
            with self.db.engine.begin() as conn:
                conn.execute(
                    update(schema.feeds)
                    .where(schema.feeds.c.id == feed["id"])
                    .values(polled_at=time.time(), status=result.line()[:1000])
                )
            return pages

        if feeds:
            with ThreadPoolExecutor(min(FEED_WORKERS, len(feeds)), "briefbot-feed") as pool:
                futures = [pool.submit(one, f, r) for f, r in zip(feeds, report.feeds, strict=True)]
                for future in futures:
                    report.pages.extend(future.result())
        report.seconds = time.perf_counter() - started
        return report

    def _poll_feed(self, fetcher, feed, result: FeedResult, claimed, lock) -> list[Page]:
        try:
            got = fetcher.get(feed["url"])
            entries = parse_feed(got.body, feed["url"])
        except FetchError as exc:
            result.error = str(exc)
            return []
        pages = []
        for link, entry in entries:
            with lock:
                if link in claimed:
                    continue
                claimed.add(link)
            if self.known(link):
                result.known += 1
                continue
            try:
                page = self.fetch_page(fetcher, link, source=feed["name"], entry=entry)
            except FetchError as exc:
                result.item_errors.append(str(exc))
                continue
            with lock:
                if page.content_hash in claimed or self.known_hash(page.content_hash):
                    result.known += 1
                    continue
                claimed.add(page.content_hash)
            page.feed_id = feed["id"]
            pages.append(page)
            result.new += 1
        return pages

    def fetch_page(self, fetcher: Fetcher, url: str, source: str = "", entry=None) -> Page:
        """Fetch one article page and write it as a JSON article file; raises FetchError."""
        got = fetcher.get(url)
        entry = entry or {}
        article = extract_article(got.body, got.url)
        if not article.get("text", "").strip():
            raise FetchError(f"{url}: no article text found on the page")
        record = {
            "title": article.get("title") or entry.get("title") or "",
            "source": source or article.get("sitename") or article.get("hostname") or "",
            "url": url,
            "published_at": entry.get("published") or article.get("date") or "",
            "text": article["text"],
        }
        digest = text_hash(record["text"])
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{url_key(url)[:24]}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        return Page(url=url, title=record["title"], content_hash=digest, path=path)


def parse_feed(body: bytes, url: str) -> list[tuple[str, dict]]:
    """(link, {title, published}) of each entry; FetchError when it is not a feed."""
    import feedparser

    parsed = feedparser.parse(body)
    entries = []
    for entry in parsed.entries:
        link = str(entry.get("link") or "").strip()
        if not link.startswith(("http://", "https://")):
            continue
        published = ""
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            published = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", stamp)
        entries.append((link, {"title": str(entry.get("title") or ""), "published": published}))
    if not entries and (parsed.bozo or not parsed.get("version")):
        reason = getattr(parsed, "bozo_exception", None)
        why = f" ({_one_line(reason)})" if reason else ""
        raise FetchError(f"{url}: not a valid RSS or Atom feed{why}")
    return entries


def extract_article(body: bytes, url: str) -> dict:
    """Main text and metadata of an HTML page (trafilatura), {} when none is found."""
    import trafilatura

    html = body.decode("utf-8", errors="replace")
    found = trafilatura.extract(
        html, url=url, output_format="json", with_metadata=True, include_comments=False
    )
    return json.loads(found) if found else {}


def _name_from(url: str) -> str:
    from urllib.parse import urlparse

    parsed = urlparse(url)
    path = re.sub(r"[^\w]+", "-", parsed.path).strip("-")
    return f"{parsed.hostname or 'feed'}{'-' + path if path else ''}"[:200]


def _one_line(exc) -> str:
    return " ".join(str(exc).split())[:160]
