"""Options and helpers shared by the CLI command modules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", help="Store folder (default: BRIEFBOT_STORE or a per-user folder)."),
]


def settings_for(store: Path | None = None):
    """Settings from the environment, with --store applied."""
    from bot.config import Settings

    settings = Settings()
    if store is not None:
        settings.store = store
    return settings


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)
