"""`briefbot ingest URL FILE…`: a page that cannot be fetched is one line on stderr, and the
other pages and the files still go in (real CLI, real HTTP server on loopback, real store)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from servers.news_site import NewsSite

from bench.watch_stories import KESTREL

BRIEFBOT = str(Path(sys.executable).parent / "briefbot")

NOTE = (
    "Harbour board meets on dredging\n\n"
    "PORT MERRIN - The harbour board of Port Merrin agreed on Tuesday to dredge the east "
    "channel before the autumn storms, its chair Ilse Varga said.\n\n"
    "The work is expected to take six weeks and to cost 2.4 million crowns."
)


def test_a_failing_url_does_not_stop_the_files_or_other_pages(tmp_path):
    note = tmp_path / "harbour.txt"
    note.write_text(NOTE, encoding="utf-8")
    missing = tmp_path / "not-there.txt"
    env = {
        **os.environ,
        "BRIEFBOT_EMBEDDINGS": "fake",
        "BRIEFBOT_RERANKER": "none",
        "BRIEFBOT_STORE": str(tmp_path / "store"),
        "BRIEFBOT_FEED_TIMEOUT": "5",
        "BRIEFBOT_FEED_HOST_DELAY": "0",
    }
    with NewsSite() as site:
        site.article("/kestrel/0", KESTREL["steps"][0]["articles"][0])
        site.redirect_loop("/loop")
        site.serve("/gone", "gone", status=404)
        done = subprocess.run(
            [
                BRIEFBOT,
                "ingest",
                "-q",
                f"{site.url}/loop",
                f"{site.url}/gone",
                str(note),
                f"{site.url}/kestrel/0",
                str(missing),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 1  # something failed, and the exit code says so
    skipped = [ln for ln in done.stderr.splitlines() if ln.startswith("skipped")]
    assert len(skipped) == 3, done.stderr  # the two pages and the missing file: a line each
    assert any("/loop" in ln and "more than 5 redirects" in ln for ln in skipped)
    assert any("/gone" in ln and "404" in ln for ln in skipped)
    assert any("not-there.txt" in ln for ln in skipped)
    assert "Traceback" not in done.stderr
    assert "added: Kestrel Bay floods: relief effort begins" in done.stdout
    assert "articles added" in done.stdout  # the files' summary was printed

    from bot.config import Settings
    from bot.service import BriefBot

    bot = BriefBot(Settings(store=tmp_path / "store", embeddings="fake", reranker="none"))
    titles = {a.title for a in bot.store.list_articles()}
    assert "Harbour board meets on dredging" in titles
    assert "Kestrel Bay floods: relief effort begins" in titles
