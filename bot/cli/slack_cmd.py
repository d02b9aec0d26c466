"""`briefbot slack [--port P] [--socket]`: run the Slack app (HTTP Events API or Socket Mode)."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import StoreOpt, console, settings_for


def register(app: typer.Typer) -> None:
    app.command("slack")(slack)


def slack(
    store: StoreOpt = None,
    socket: Annotated[
        bool,
        typer.Option(
            "--socket",
            help="Socket Mode (SLACK_APP_TOKEN + SLACK_BOT_TOKEN): no public URL needed.",
        ),
    ] = False,
    port: Annotated[
        int,
        typer.Option(
            help="HTTP port for the Events API (Request URL http://HOST:PORT/slack/events)."
        ),
    ] = 3000,
    host: Annotated[
        str, typer.Option(help="Interface to listen on for the Events API.")
    ] = "0.0.0.0",
) -> None:
    """Run the Slack app: cited answers to @mentions and DMs, and the /brief command."""
    import logging

    from bot.slack.app import EVENTS_PATH, build_app, check_tokens, run_socket_mode, serve_http

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = settings_for(store)
    check_tokens(
        settings.slack_bot_token,
        settings.slack_signing_secret,
        settings.slack_app_token,
        socket_mode=socket,
    )
    from bot.service import BriefBot  # heavy (Chroma, embedder): only once the tokens are there

    err = console(stderr=True)
    bot = BriefBot(settings)
    app = build_app(
        bot,
        bot_token=settings.slack_bot_token,
        signing_secret=settings.slack_signing_secret,
        api_url=settings.slack_api_url,
        socket_mode=socket,
    )
    if socket:
        err.print("briefbot is connecting to Slack over Socket Mode (Ctrl+C to stop)")
        try:
            run_socket_mode(app, settings.slack_app_token)
        except KeyboardInterrupt:
            pass
        return
    server = serve_http(app, host=host, port=port)
    err.print(
        f"briefbot is listening for Slack events on http://{host}:{port}{EVENTS_PATH} "
        "(Ctrl+C to stop)"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
