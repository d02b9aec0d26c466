"""`briefbot feeds`: RSS/Atom feeds whose new items are fetched and stored."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import StoreOpt, console, settings_for

app = typer.Typer(help="RSS and Atom feeds: add, list, remove, poll.", no_args_is_help=True)


def _bot(store: Path | None):
    from bot.service import BriefBot

    return BriefBot(settings_for(store))


def _registry(store: Path | None):
    """Without opening the article store (quick)."""
    from bot.service import feeds_for

    return feeds_for(settings_for(store))


@app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="The feed's address (http:// or https://).")],
    name: Annotated[str, typer.Option("--name", help="A short name (default: from the URL).")] = "",
    store: StoreOpt = None,
) -> None:
    """Follow a feed; `briefbot feeds poll` fetches its items."""
    feed = _registry(store).add(url, name)
    console().print(f"added feed {feed['name']}: {feed['url']}", soft_wrap=True, markup=False)


@app.command("list")
def list_feeds(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
    store: StoreOpt = None,
) -> None:
    """The feeds followed, with items stored and the last poll."""
    feeds = _registry(store).all()
    if as_json:
        import json

        for f in feeds:
            print(json.dumps({k: f[k] for k in ("name", "url", "items", "polled_at", "status")}))
        return
    if not feeds:
        console().print("No feeds yet: add one with `briefbot feeds add URL`.")
        return
    from rich.table import Table

    table = Table(title=f"{len(feeds)} feeds")
    for col in ("name", "url", "items", "last poll"):
        table.add_column(col, overflow="fold")
    for f in feeds:
        table.add_row(f["name"], f["url"], str(f["items"]), f["status"] or "never polled")
    console().print(table)


@app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The feed's name (see `briefbot feeds list`).")],
    store: StoreOpt = None,
) -> None:
    """Stop following a feed (its stored articles stay)."""
    _registry(store).remove(name)
    console().print(f"removed feed {name}")


@app.command("poll")
def poll(
    names: Annotated[list[str] | None, typer.Argument(help="Only these feeds.")] = None,
    store: StoreOpt = None,
) -> None:
    """Fetch and store the new items of every feed; a failing feed gets one line."""
    out, err = console(), console(stderr=True)
    report, ingested = _bot(store).poll_feeds(names or None)
    for feed in report.feeds:
        (err if feed.error else out).print(feed.line(), soft_wrap=True, markup=False)
        for line in feed.item_errors:
            err.print(f"  item {line}", soft_wrap=True, markup=False)
    added = len(ingested.added) if ingested else 0
    out.print(f"{added} articles added in {report.seconds:.1f} s", soft_wrap=True, markup=False)
    if any(f.error for f in report.feeds) and not added:
        raise typer.Exit(code=1)
