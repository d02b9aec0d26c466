"""`briefbot web`: serve the web chat."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import StoreOpt, console, settings_for


def register(app: typer.Typer) -> None:
    app.command("web")(web)


def web(
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7860,
    store: StoreOpt = None,
    insecure_no_auth: Annotated[
        bool,
        typer.Option(
            "--insecure-no-auth",
            help="Serve a non-loopback address without login (anyone on the network gets in).",
        ),
    ] = False,
) -> None:
    """Serve the web chat: cited answers, sources, uploads and briefs in the browser."""
    from bot.web.server import login_check, serve

    settings = settings_for(store)
    login_check(settings.web_users, host, insecure_no_auth)  # fail before loading anything
    where = "login required" if settings.web_users else "no login"
    console(stderr=True).print(
        f"briefbot web chat on http://{host}:{port} ({where}); Ctrl+C stops it"
    )
    serve(settings, host=host, port=port, insecure_no_auth=insecure_no_auth, block=True)
