"""`briefbot chat`: a terminal conversation; follow-ups are read against the earlier turns."""

from __future__ import annotations

import sys

import typer

from bot.cli.common import StoreOpt, console, settings_for

_QUIT = {"quit", "exit", ":q", "bye"}


def register(app: typer.Typer) -> None:
    app.command("chat")(chat)


def chat(store: StoreOpt = None) -> None:
    """Ask questions in a conversation ("and what did Cambodia say?"); quit or Ctrl-D ends it."""
    from bot.cli.ask_cmd import show_answer
    from bot.errors import BriefbotError
    from bot.service import BriefBot

    out = console()
    bot = BriefBot(settings_for(store))
    out.print(
        "[bold]briefbot chat[/bold] — ask about the stored articles; "
        "[dim]'quit' or Ctrl-D to leave.[/dim]"
    )
    history: list[tuple[str, str]] = []
    while True:
        question = _read("\nyou> ")
        if question is None or question.strip().lower() in _QUIT:
            break
        question = question.strip()
        if not question:
            continue
        try:
            answer = bot.ask(question, history=history)
        except BriefbotError as exc:
            out.print(f"[red]error:[/red] {exc}", soft_wrap=True)
            continue
        out.print("[bold]briefbot>[/bold]")
        show_answer(out, answer, passages=False)
        history.append((question, answer.answer))
    out.print("bye")


def _read(prompt: str) -> str | None:
    """One line from the user, or None at end of input."""
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    return line.rstrip("\n") if line else None
