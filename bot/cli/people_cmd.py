"""`briefbot quotes` and `briefbot timeline`: who said what, and when."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from bot.cli.common import StoreOpt, console, settings_for

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object a line.")]
TopicOpt = Annotated[str, typer.Option("--topic", help="Only what is about this topic.")]


def register(app: typer.Typer) -> None:
    app.command("quotes")(quotes)
    app.command("timeline")(timeline)


def quotes(
    speaker: Annotated[
        str, typer.Option("--speaker", help="Name, surname, role or country of the speaker.")
    ] = "",
    topic: TopicOpt = "",
    as_json: JsonOpt = False,
    reindex: Annotated[
        bool, typer.Option("--reindex", help="Read every stored article again first.")
    ] = False,
    store: StoreOpt = None,
) -> None:
    """Quotes from the stored articles, each with its speaker and exact words."""
    from bot.service import BriefBot

    bot = BriefBot(settings_for(store))
    if reindex:
        done = bot.index_quotes(rebuild=True)
        console(stderr=True).print(
            f"read {done.indexed} articles again: {done.quotes} quotes, {done.events} dated "
            f"events ({done.seconds:.1f} s)"
        )
    found = bot.quotes(speaker=speaker, topic=topic)
    if as_json:
        _print_json(found)
        return
    from rich.text import Text

    out = console()
    if not found:
        who = f" by {speaker}" if speaker else ""
        about = f" about {topic}" if topic else ""
        out.print(f"No quotes{who}{about} in the stored articles.")
        return
    for q in found:
        head = Text(q["speaker"], style="bold")
        if q["role"]:
            head.append(f", {q['role']}", style="")
        head.append(f"  ({q['kind']}, {q['cue']})", style="dim")
        out.print(head)
        out.print(Text(f"  “{q['quote']}”"))
        out.print(Text(f"  {_where(q)}", style="dim"))


def timeline(
    topic: TopicOpt = "",
    since: Annotated[str, typer.Option("--since", help="From this date (YYYY-MM-DD).")] = "",
    until: Annotated[str, typer.Option("--until", help="Up to this date (YYYY-MM-DD).")] = "",
    as_json: JsonOpt = False,
    store: StoreOpt = None,
) -> None:
    """Dated events from the stored articles, in date order, past and planned."""
    for name, value in (("--since", since), ("--until", until)):
        _check_date(name, value)
    from bot.service import BriefBot

    found = BriefBot(settings_for(store)).timeline(topic=topic, since=since, until=until)
    if as_json:
        _print_json(found)
        return
    from rich.text import Text

    out = console()
    if not found:
        out.print("No dated events in the stored articles" + (f" about {topic}." if topic else "."))
        return
    for e in found:
        head = Text(f"{e['date']:<10} ", style="bold cyan")
        head.append(f"{e['status']:<8} ", style="yellow" if e["status"] == "planned" else "dim")
        head.append(e["text"])
        out.print(head)
        out.print(Text(f"           “{e['expression']}”  {_where(e)}", style="dim"))


def _check_date(name: str, value: str) -> None:
    if not value:
        return
    from datetime import date

    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2025-12-22", param_hint=name
        ) from None


def _where(item: dict) -> str:
    outlets = item.get("outlets") or []
    names = [o["source"] or o["title"] for o in outlets] or [item["source"] or item["title"]]
    names = list(dict.fromkeys(n for n in names if n))
    when = (item.get("published_at") or "")[:10]
    return " · ".join(p for p in (", ".join(names), when) if p)


def _print_json(items: list[dict]) -> None:
    import json

    for item in items:
        print(json.dumps(item, ensure_ascii=False))
