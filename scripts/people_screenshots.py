"""Screenshots of the web app's People and Timeline tabs over some articles (default: the seed).

    python scripts/people_screenshots.py [ARTICLE ...] [--out docs/screenshots] [--width 1400]

Ingests the articles into a temporary store (test embeddings: vectors play no part in who
said what, or when), serves the web app on 127.0.0.1 without a login, and uses Debian's
Chromium through Playwright to save people.png (the most quoted person picked) and
timeline.png (every dated event).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BRIEFBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))
SEED = SHARED / "seed" / "thailand-cambodia-ceasefire.txt"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
WAIT = 90_000  # ms


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_over(articles: list[Path], folder: Path):
    """The web app on a free loopback port over a new store holding `articles`."""
    from bot.config import Settings
    from bot.service import BriefBot
    from bot.web.server import serve

    settings = Settings(store=folder / "store", embeddings="fake", _env_file=None)
    bot = BriefBot(settings)
    report = bot.ingest(articles)
    if report.failures:
        raise SystemExit("; ".join(f"{f.path}: {f.reason}" for f in report.failures))
    return serve(settings, host="127.0.0.1", port=free_port(), bot=bot, block=False, quiet=True)


def take(url: str, out: Path, width: int, height: int) -> list[Path]:
    """Open People (pick the most quoted person, open their first passage) and Timeline."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved = [out / "people.png", out / "timeline.png"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.set_default_timeout(WAIT)
        page.goto(url, wait_until="load")
        page.get_by_role("tab", name="People").click()
        page.locator("#bb-people-list button.bb-speaker").first.click()
        page.locator("#bb-person .bb-said").first.wait_for()
        page.locator("#bb-person details.bb-in-article summary").first.click()
        page.screenshot(path=str(saved[0]), full_page=True)
        page.get_by_role("tab", name="Timeline").click()
        page.locator("#bb-timeline li.bb-event").first.wait_for()
        page.screenshot(path=str(saved[1]), full_page=True)
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", nargs="*", type=Path, default=[SEED])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args(argv)
    missing = [str(a) for a in args.articles if not a.exists()]
    if missing:
        print(f"no such article file: {', '.join(missing)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="briefbot-shots-") as tmp:
        running = serve_over(args.articles, Path(tmp))
        try:
            for path in take(running.url, args.out, args.width, args.height):
                print(path)
        finally:
            running.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
