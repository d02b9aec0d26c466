"""A small news site on loopback for feed tests: RSS and Atom feeds, article pages, and the
ways real sites fail (a feed that never answers in time, broken XML, a page over the size
limit, a redirect loop). Routes can be changed while it runs."""

from __future__ import annotations

import html
import threading
import time
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class NewsSite:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes, float]] = {}
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # keep test output clean
                pass

            def do_GET(self):
                with site._lock:
                    site.hits[self.path] = site.hits.get(self.path, 0) + 1
                    route = site.routes.get(self.path)
                if route is None:
                    route = (404, {"Content-Type": "text/plain"}, b"not found", 0.0)
                status, headers, body, delay = route
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> NewsSite:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- content ----------------------------------------------------------------------
    def serve(
        self,
        path: str,
        body: bytes | str,
        kind: str = "text/html",
        status: int = 200,
        delay: float = 0.0,
        headers: dict[str, str] | None = None,
    ) -> str:
        data = body.encode() if isinstance(body, str) else body
        with self._lock:
            self.routes[path] = (status, {"Content-Type": kind, **(headers or {})}, data, delay)
        return self.url + path

    def article(self, path: str, article: dict) -> str:
        """An article page (title, paragraphs) at `path`."""
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in article["text"].split("\n\n"))
        page = (
            f"<html><head><title>{html.escape(article['title'])}</title></head><body>"
            "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{html.escape(article['title'])}</h1>{paras}</article>"
            "<footer>Copyright the site</footer></body></html>"
        )
        return self.serve(path, page)

    def rss(self, path: str, items: list[tuple[str, dict]]) -> str:
        """An RSS 2.0 feed of (page path, article) items."""
        entries = "".join(
            f"<item><title>{html.escape(a['title'])}</title><link>{self.url}{p}</link>"
            f"<pubDate>{_rfc822(a['published_at'])}</pubDate></item>"
            for p, a in items
        )
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
            f"<link>{self.url}/</link><description>News</description>{entries}</channel></rss>"
        )
        return self.serve(path, feed, kind="application/rss+xml")

    def atom(self, path: str, items: list[tuple[str, dict]]) -> str:
        """An Atom feed of (page path, article) items."""
        entries = "".join(
            f"<entry><title>{html.escape(a['title'])}</title><link href='{self.url}{p}'/>"
            f"<id>{self.url}{p}</id><updated>{a['published_at']}</updated></entry>"
            for p, a in items
        )
        feed = (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>News</title><id>{self.url}/atom</id><updated>2025-01-01T00:00:00Z</updated>"
            f"{entries}</feed>"
        )
        return self.serve(path, feed, kind="application/atom+xml")

    def redirect_loop(self, path: str) -> str:
        return self.serve(path, b"", status=302, headers={"Location": path})


def _rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))
