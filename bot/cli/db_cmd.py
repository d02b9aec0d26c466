"""`briefbot db upgrade` and `briefbot feedback export`: the shared database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import StoreOpt, console, settings_for

db_app = typer.Typer(help="The database of feedback, Slack events, quotes and watches.")
feedback_app = typer.Typer(help="Thumbs up/down given on answers in the web chat and Slack.")


@db_app.command("upgrade")
def upgrade(store: StoreOpt = None) -> None:
    """Bring the database's tables up to date (briefbot also does this on start)."""
    from bot.db import database_for

    db = database_for(settings_for(store))
    console().print(f"database {db.safe_url} is at revision {db.revision()}")


@feedback_app.command("export")
def export(
    store: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    down_only: Annotated[bool, typer.Option("--down", help="Only thumbs down.")] = False,
) -> None:
    """Every rating with its question, answer and citations, from every front end."""
    from bot.errors import ConfigError
    from bot.feedback import FeedbackLog

    if fmt not in {"csv", "json"}:
        raise ConfigError(f"--format {fmt!r} is not one of csv, json")
    log = FeedbackLog.for_settings(settings_for(store))
    data = log.export(fmt, rating=-1 if down_only else None)
    if out is None:
        typer.echo(data, nl=False)
    else:
        out.write_text(data, encoding="utf-8")
        console(stderr=True).print(f"wrote {out}")
