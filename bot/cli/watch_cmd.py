"""`briefbot watch`: topics followed over time, with digests of what changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import StoreOpt, console, settings_for

app = typer.Typer(help="Watched topics: add, list, remove, run, serve.", no_args_is_help=True)


def _bot(store: Path | None):
    from bot.service import BriefBot

    return BriefBot(settings_for(store))


def _registry(store: Path | None):
    """Without opening the article store (quick)."""
    from bot.service import watches_for

    return watches_for(settings_for(store))


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="A short name, e.g. ceasefire.")],
    topic: Annotated[str, typer.Option("--topic", help="What the watch follows.")],
    slack_channel: Annotated[
        str, typer.Option("--slack-channel", help="Post digests to this Slack channel id.")
    ] = "",
    every: Annotated[
        str, typer.Option("--every", help="How often: 1d, 6h, 30m, or a cron line '0 7 * * *'.")
    ] = "1d",
    store: StoreOpt = None,
) -> None:
    """Follow a topic; `watch run` or `watch serve` writes its digests."""
    watch = _registry(store).add(name, topic, every=every, channel=slack_channel)
    where = f", posted to {', '.join(watch.channels)}" if watch.channels else ""
    console().print(
        f"added watch {watch.name}: {watch.topic} (every {watch.every}{where})", markup=False
    )


@app.command("list")
def list_watches(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
    store: StoreOpt = None,
) -> None:
    """The watches, with their last digest."""
    from datetime import UTC, datetime

    watches = _registry(store)
    found = watches.all()
    if as_json:
        for w in found:
            print(json.dumps({**w.as_dict(), "last_run": watches.last_run(w) or None}))
        return
    if not found:
        console().print("No watches yet: add one with `briefbot watch add NAME --topic TEXT`.")
        return
    from rich.table import Table

    table = Table(title=f"{len(found)} watches")
    for col in ("name", "topic", "every", "slack", "last run"):
        table.add_column(col, overflow="fold")
    for w in found:
        last = watches.last_run(w)
        shown = (
            datetime.fromtimestamp(last, UTC).strftime("%Y-%m-%d %H:%M UTC") if last else "never"
        )
        table.add_row(w.name, w.topic, w.every, ", ".join(w.channels) or "-", shown)
    console().print(table)


@app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The watch's name.")],
    store: StoreOpt = None,
) -> None:
    """Stop following a topic (its digests are deleted)."""
    _registry(store).remove(name)
    console().print(f"removed watch {name}", markup=False)


@app.command("run")
def run(
    name: Annotated[str, typer.Argument(help="The watch to run (or --all).")] = "",
    run_all: Annotated[bool, typer.Option("--all", help="Run every watch (for cron).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the digest as JSON.")] = False,
    store: StoreOpt = None,
) -> None:
    """Write the next digest: a full brief the first time, then what changed."""
    bot = _bot(store)
    if run_all == bool(name):
        raise typer.BadParameter("give a watch name or --all (not both)")
    names = [w.name for w in bot.watches.all()] if run_all else [name]
    out, err = console(), console(stderr=True)
    undelivered = False
    for each in names:
        digest = bot.run_watch(each)
        undelivered |= not digest.delivered
        if as_json:
            print(json.dumps(digest.to_dict(), ensure_ascii=False))
        elif digest.nothing_new:
            out.print(f"{each}: nothing new since {digest.since_text}", markup=False)
        else:
            out.print(digest.markdown(), markup=False, soft_wrap=True)
        for line in digest.deliveries:
            err.print(f"{each}: {line}", markup=False, soft_wrap=True)
    if undelivered:
        raise typer.Exit(code=1)


@app.command("serve")
def serve(
    interval: Annotated[float, typer.Option("--interval", help="Seconds between rounds.")] = 60.0,
    rounds: Annotated[int | None, typer.Option("--rounds", help="Stop after N rounds.")] = None,
    store: StoreOpt = None,
) -> None:
    """Poll the feeds and run due watches, posting digests to Slack; one status line a round."""
    out = console()
    try:
        _bot(store).serve_watches(
            say=lambda line: out.print(line, markup=False, soft_wrap=True),
            interval=interval,
            rounds=rounds,
        )
    except KeyboardInterrupt:
        out.print("stopped")
