"""`briefbot ingest PATH...`: add files and folders to the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import StoreOpt, console, settings_for


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)


def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files or folders (searched recursively), or web pages.")
    ],
    store: StoreOpt = None,
    chunk_size: Annotated[int | None, typer.Option(help="Target chunk size in characters.")] = None,
    chunk_overlap: Annotated[int | None, typer.Option(help="Chunk overlap in characters.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest articles: .txt .md .html .pdf .docx .json .jsonl, or a page at http(s)://."""
    from bot.service import BriefBot

    urls = [p for p in paths if p.startswith(("http://", "https://"))]
    # A page that fails is one line; the other pages and the files still go in.
    urls_failed = _ingest_urls(urls, settings_for(store)) if urls else False
    files = [Path(p) for p in paths if p not in urls]
    if not files:
        if urls_failed:
            raise typer.Exit(code=1)
        return

    settings = settings_for(store)
    settings.chunk_size = chunk_size or settings.chunk_size
    if chunk_overlap is not None:
        settings.chunk_overlap = chunk_overlap
    out, err = console(), console(stderr=True)
    bot = BriefBot(settings)
    db = bot.store
    with IngestBar(err, quiet) as progress:
        report = bot.ingest(files, progress=progress)
    from rich.markup import escape

    for failure in report.failures:  # one line each, never wrapped: easy to grep
        what = "skipped part of" if getattr(failure, "part", "") else "skipped"
        err.print(f"[red]{what}[/red] {escape(str(failure))}", soft_wrap=True)
    _summary(out, db, report)
    if report.failures or urls_failed:
        raise typer.Exit(code=1)


def _ingest_urls(urls: list[str], settings) -> bool:
    """Fetch each page and store it; a page that fails is one line, the others go on.
    Returns whether any page failed (the caller goes on with the files, then exits 1)."""
    from bot.errors import BriefbotError
    from bot.service import BriefBot

    bot, out, err = BriefBot(settings), console(), console(stderr=True)
    failed = False
    for url in urls:
        try:
            page, report = bot.ingest_url(url)
        except BriefbotError as exc:
            err.print(f"skipped {exc}", markup=False, soft_wrap=True)
            failed = True
            continue
        except Exception as exc:  # noqa: BLE001 (an unforeseen failure of one page: one line)
            said = " ".join(str(exc).split())[:200] or type(exc).__name__
            err.print(f"skipped {url}: {said}", markup=False, soft_wrap=True)
            failed = True
            continue
        added = bool(report and report.added)
        state = "added" if added else "already stored"
        out.print(f"{state}: {page.title or url} ({url})", markup=False, soft_wrap=True)
    return failed


class IngestBar:
    """A Rich progress bar fed by the pipeline's (event, amount) callbacks."""

    def __init__(self, err, quiet: bool) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.err = err
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=err,
            disable=quiet,
            transient=False,
        )
        self.files = self.bar.add_task("files", total=None, rate="")
        self.chunks = self.bar.add_task("embedded chunks", total=0, rate="")
        self.started = 0.0

    def __enter__(self):
        import time

        self.started = time.perf_counter()
        self.bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)

    def __call__(self, event: str, amount: int) -> None:
        import time

        if event == "busy":
            self.err.print(
                "The store is busy: another briefbot ingest is writing to it. "
                "Waiting for it to finish, then this one goes on…",
                soft_wrap=True,
                highlight=False,
            )
        elif event == "files":
            self.bar.update(self.files, total=amount)
        elif event == "file":
            self.bar.advance(self.files, amount)
        elif event == "chunks":
            task = self.bar.tasks[self.chunks]
            self.bar.update(self.chunks, total=(task.total or 0) + amount)
        elif event == "embedded":
            self.bar.advance(self.chunks, amount)
            done = self.bar.tasks[self.chunks].completed
            rate = done / max(time.perf_counter() - self.started, 1e-6)
            self.bar.update(self.chunks, rate=f"{rate:.0f} chunks/s")


def _summary(out, db, report) -> None:
    from rich.table import Table

    table = Table(title="Ingest summary", show_header=False)
    table.add_row("files read", str(report.files))
    table.add_row("articles added", str(len(report.added)))
    table.add_row("articles replaced (file changed)", str(len(report.replaced)))
    table.add_row("articles unchanged (already stored)", str(report.unchanged))
    table.add_row("chunks added", str(report.chunks))
    for kind, count in sorted(report.removed.items()):
        table.add_row(f"removed: {kind}", str(count))
    table.add_row("near-duplicate articles linked", str(len(report.duplicates)))
    if report.recovered:
        table.add_row(
            "half-written articles from an interrupted run, redone", str(report.recovered)
        )
    parts = sum(1 for f in report.failures if getattr(f, "part", ""))
    table.add_row("files failed", str(len(report.failures) - parts))
    if parts:
        table.add_row("bad lines or items left out (rest of file stored)", str(parts))
    table.add_row("articles in store", str(db.count_articles()))
    table.add_row("time", f"{report.seconds:.1f} s (embedding {report.embed_seconds:.1f} s)")
    out.print(table)
