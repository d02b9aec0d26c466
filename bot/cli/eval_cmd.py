"""`briefbot eval multihop-rag`: score retrieval, abstention and answers on MultiHop-RAG."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import StoreOpt, console, settings_for

app = typer.Typer(no_args_is_help=True, help="Measure briefbot on benchmark data sets.")


@app.command("multihop-rag")
def multihop_rag(
    store: StoreOpt = None,
    split: Annotated[
        str,
        typer.Option(
            help="dev = queries at even positions of queries.json, test = odd ones, all = both."
        ),
    ] = "all",
    limit: Annotated[
        int | None, typer.Option(help="Score a fixed random sample of N queries of the split.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    data: Annotated[
        Path | None,
        typer.Option(
            help="Folder with corpus.json and queries.json "
            "(default: BRIEFBOT_SHARED_DATA/multihop-rag)."
        ),
    ] = None,
    corpus: Annotated[Path | None, typer.Option(help="corpus.json (overrides --data).")] = None,
    queries: Annotated[Path | None, typer.Option(help="queries.json (overrides --data).")] = None,
    answers: Annotated[
        bool, typer.Option(help="Also ask every question (abstention, accuracy).")
    ] = True,
) -> None:
    """Hits@4/Hits@10/MRR@10 (paper's rule), abstention and answer accuracy.

    Null questions are asked twice: as written, and with each outlet they name that the
    corpus lacks swapped for one it holds. Answers are scored by substring and by whole words.
    """
    from bot.errors import ConfigError
    from bot.eval import (
        SPLITS,
        corpus_present,
        evaluate,
        load_queries,
        load_sources,
        pick,
        swap_nulls,
    )
    from bot.eval import split as take_split
    from bot.service import BriefBot

    if split not in SPLITS:
        raise typer.BadParameter(f"--split must be one of {', '.join(SPLITS)}, not {split!r}")

    settings = settings_for(store)
    folder = data or settings.shared_data / "multihop-rag"
    corpus, queries = corpus or folder / "corpus.json", queries or folder / "queries.json"
    for path in (corpus, queries):
        if not path.is_file():
            raise ConfigError(
                f"MultiHop-RAG file not found: {path} (use --data or --corpus/--queries)"
            )
    err = console(stderr=True)
    every = load_queries(queries)
    swap_nulls(every, load_sources(corpus))
    chosen = pick(take_split(every, split), limit)
    bot = BriefBot(settings)
    if not corpus_present(bot.store, corpus):
        _ingest(bot, corpus, err)
    with _bar(err, "queries", len(chosen)) as step:
        bot.retriever.refresh()  # build or load the keyword index before timing anything
        result = evaluate(bot, chosen, answers=answers, step=step, name=split)
    if as_json:
        import json

        typer.echo(json.dumps(result))
    else:
        _table(console(), result)


def _ingest(bot, corpus: Path, err) -> None:
    err.print(f"The store lacks the corpus: ingesting {corpus} (a few minutes on a laptop CPU)")
    from bot.cli.ingest_cmd import IngestBar

    with IngestBar(err, quiet=False) as progress:
        report = bot.ingest([corpus], progress=progress)
    if report.failures:
        from bot.errors import StoreError

        raise StoreError(f"could not ingest {corpus}: {report.failures[0]}")


class _bar:
    """A Rich progress bar on stderr; entering it returns a step() function."""

    def __init__(self, err, what: str, total: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(
            TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
        )
        self.task = self.bar.add_task(what, total=total)

    def __enter__(self):
        self.bar.__enter__()
        return lambda: self.bar.advance(self.task)

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)


def _table(out, result: dict) -> None:
    from rich.table import Table

    table = Table(title=f"MultiHop-RAG ({result.get('split', 'all')} split)", show_header=False)
    for key, value in result.items():
        if isinstance(value, dict):  # per question type
            for kind, figures in value.items():
                shown = ", ".join(f"{k} {v}" for k, v in figures.items())
                table.add_row(kind.replace("_query", " questions"), shown)
        else:
            table.add_row(key, str(value))
    out.print(table)
