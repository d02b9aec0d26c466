"""`briefbot brief`: a one-page cited briefing on a topic, a period or one article."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import StoreOpt, console, settings_for


def register(app: typer.Typer) -> None:
    app.command("brief")(brief)


def brief(
    topic: Annotated[
        str | None, typer.Option("--topic", help="What the briefing is about.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only articles published on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only articles published on or before this date.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Only articles from this outlet.")] = None,
    doc: Annotated[
        str | None, typer.Option("--doc", help="Summarise one article (id or unique prefix).")
    ] = None,
    max_words: Annotated[
        int, typer.Option(min=60, max=3000, help="Length budget in words (about one page).")
    ] = 400,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="md | html | docx | json (default: from --out, else md)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of the terminal.")
    ] = None,
    store: StoreOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Write a briefing in which every bullet cites the exact passage it comes from."""
    from bot.errors import ConfigError
    from bot.models import EXPORT_FORMATS as FORMATS
    from bot.models import Filters
    from bot.service import BriefBot

    fmt = fmt or (out.suffix.lstrip(".").lower() if out and out.suffix else "md")
    fmt = {"markdown": "md", "htm": "html"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ConfigError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "docx" and out is None:
        raise ConfigError("--format docx writes a file: give --out FILE.docx")
    filters = Filters.parse(source, since, until)
    briefing = _run(settings_for(store), topic or "", filters, doc or "", max_words, quiet)
    data = BriefBot.export(briefing, fmt, out)
    if out is not None:
        console(stderr=True).print(
            f"wrote {out} ({len(briefing.citations)} citations, {len(briefing.sources)} sources)"
        )
    else:
        typer.echo(data)


def _run(settings, topic: str, filters, doc: str, max_words: int, quiet: bool):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from bot.models import BRIEF_STEPS as STEPS
    from bot.models import BriefRequest
    from bot.service import BriefBot

    request = BriefRequest(topic=topic, filters=filters, doc_id=doc, max_words=max_words)
    bar = Progress(
        TextColumn("briefing: {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        disable=quiet,
        transient=True,
    )
    with bar:
        task = bar.add_task("open store", total=len(STEPS))
        bot = BriefBot(settings)

        def step(name: str) -> None:
            if name in STEPS:
                bar.update(task, description=name, completed=STEPS.index(name))
            else:  # LLM map-reduce steps: show them without moving the bar
                bar.update(task, description=name)

        result = bot.brief(request, progress=step)
        bar.update(task, completed=len(STEPS))
    return result
