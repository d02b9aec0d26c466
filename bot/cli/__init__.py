"""The `briefbot` command. Heavy libraries are imported inside commands, not here."""

from __future__ import annotations

import sys

import typer

from bot.cli import (  # noqa: I001  (briefbot ask, briefbot chat)
    ask_cmd,
    brief_cmd,
    chat_cmd,
    db_cmd,
    eval_cmd,  # noqa: I001  (briefbot eval)
    feeds_cmd,
    ingest_cmd,
    people_cmd,
    slack_cmd,
    sources_cmd,
    users_cmd,
    watch_cmd,
    web_cmd,
)

app = typer.Typer(
    name="briefbot",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
    help="Cited answers and briefings over your news articles and briefing documents.",
)
ingest_cmd.register(app)
app.add_typer(sources_cmd.app, name="sources")
ask_cmd.register(app)
chat_cmd.register(app)
slack_cmd.register(app)
web_cmd.register(app)
app.add_typer(users_cmd.app, name="users")
app.add_typer(eval_cmd.app, name="eval")
brief_cmd.register(app)
people_cmd.register(app)
app.add_typer(db_cmd.db_app, name="db")
app.add_typer(db_cmd.feedback_app, name="feedback")
app.add_typer(feeds_cmd.app, name="feeds")
app.add_typer(watch_cmd.app, name="watch")


def main() -> None:
    """Entry point: run the CLI, turning briefbot errors into one clean line."""
    from bot.errors import BriefbotError

    try:
        app()
    except BriefbotError as exc:
        from rich.console import Console

        Console(stderr=True, soft_wrap=True).print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(1)
