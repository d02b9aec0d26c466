"""`briefbot sources`: list the stored articles, or remove one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import StoreOpt, console, settings_for

app = typer.Typer(help="List the stored articles, or remove one.", invoke_without_command=True)


def _open(store: Path | None):
    """Open the store without loading the embedding model."""
    from bot.config import open_store

    return open_store(settings_for(store))


@app.callback()
def sources(
    ctx: typer.Context,
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """List articles: title, source, date, chunks, duplicates."""
    ctx.obj = store
    if ctx.invoked_subcommand is not None:
        return
    from bot.config import list_stored

    articles, location = list_stored(settings_for(store))
    articles = sorted(articles, key=lambda a: (a.meta.get("published_at", ""), a.title))
    if as_json:
        import json

        for a in articles:
            print(
                json.dumps(
                    {
                        "doc_id": a.doc_id,
                        "title": a.title,
                        "source": a.meta.get("source", ""),
                        "published_at": a.meta.get("published_at", ""),
                        "chunks": a.meta.get("n_chunks", 0),
                        "path": a.meta.get("path", ""),
                        "duplicates": a.duplicates,
                    }
                )
            )
        return
    from rich.table import Table

    table = Table(title=f"{len(articles)} articles in {location}")
    for col in ("id", "title", "source", "date", "chunks", "duplicates"):
        table.add_column(col, overflow="fold")
    for a in articles:
        table.add_row(
            a.doc_id[:10],
            a.title[:80],
            str(a.meta.get("source", "")),
            str(a.meta.get("published_at", ""))[:10],
            str(a.meta.get("n_chunks", "")),
            ", ".join(d[:10] for d in a.duplicates),
        )
    console().print(table)


@app.command("remove")
def remove(
    ctx: typer.Context,
    doc_id: Annotated[
        str | None, typer.Argument(help="Article id (a unique prefix is enough).")
    ] = None,
    path: Annotated[
        Path | None, typer.Option("--path", help="Remove every article from this file.")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Remove an article (by id, or every article from --path) with all its chunks."""
    from bot.errors import BriefbotError

    db = _open(store or ctx.obj)
    if path is not None:
        targets = [a for a in db.articles_at(str(path.resolve()))]
    elif doc_id:
        targets = [a for a in db.list_articles() if a.doc_id.startswith(doc_id)]
        if len(targets) > 1:
            raise BriefbotError(
                f"id prefix {doc_id!r} matches {len(targets)} articles; give more of it"
            )
    else:
        raise BriefbotError("give an article id or --path FILE")
    if not targets:
        raise BriefbotError(f"no stored article matches {str(path or doc_id)!r}")
    chunks = db.remove([a.doc_id for a in targets])
    db.write_catalog()
    for a in targets:
        console().print(f"removed {a.doc_id[:10]} {a.title}")
    console().print(f"{len(targets)} article(s) and {chunks} chunk(s) removed")
