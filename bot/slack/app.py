"""Build the slack_bolt App around a BriefBot and run it over Socket Mode or the HTTP Events API."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.errors import ConfigError
from bot.slack.state import ANSWER_WORKERS, state_of

if TYPE_CHECKING:
    from slack_bolt import App

logger = logging.getLogger("bot.slack")

EVENTS_PATH = "/slack/events"
# Bolt's threads for the quick follow-ups after an ack (thank-yous, shares, starting answers).
QUICK_WORKERS = 16


def build_app(
    bot,
    *,
    bot_token: str | None,
    signing_secret: str | None = None,
    api_url: str | None = None,
    socket_mode: bool = False,
    answer_workers: int = ANSWER_WORKERS,
) -> App:
    """A Bolt App wired to `bot`, with every surface registered.

    Slack wants every request acknowledged within 3 seconds, however busy the app is. So acks
    run on the thread that received the request (`process_before_response`), quick follow-ups
    on Bolt's pool, and answers and briefs on a pool of their own (`answer_workers` at once).
    """
    from concurrent.futures import ThreadPoolExecutor

    from slack_bolt import App
    from slack_bolt.error import BoltError
    from slack_sdk import WebClient

    check_tokens(bot_token, signing_secret, None, socket_mode, app_token_needed=False)
    # Bolt builds its own client unless the Web API lives elsewhere (a proxy; the tests' fake).
    where = (
        {"client": WebClient(token=bot_token, base_url=api_url, logger=logger)}
        if api_url
        else {"token": bot_token}
    )
    try:
        app = App(
            name="briefbot",
            logger=logger,
            **where,
            # Socket Mode requests are not signed; Bolt skips verification for them itself.
            signing_secret=signing_secret or "",
            # Acks run on the request's own thread (the HTTP server's, Socket Mode's), never
            # queued behind work; lazy functions start on `listener_executor` afterwards.
            process_before_response=True,
            listener_executor=ThreadPoolExecutor(
                max_workers=QUICK_WORKERS, thread_name_prefix="briefbot-slack"
            ),
        )
    except BoltError as exc:  # auth.test answered: the token is wrong or revoked
        raise ConfigError(f"Slack did not accept SLACK_BOT_TOKEN: {exc}") from None
    except OSError as exc:  # auth.test never answered
        raise ConfigError(
            f"cannot reach the Slack Web API at {api_url or 'slack.com'}: {exc}"
        ) from None
    state = state_of(app)
    state.answer_workers = answer_workers
    # Events already handled live in the shared database: a retry that lands on another
    # instance behind the same load balancer is still answered once.
    from bot.db import database_for
    from bot.db.seen import SeenOnce

    state.seen = SeenOnce(database_for(bot.settings), ttl=3600)
    app.use(_drop_repeats(state.seen))
    app.error(_log_error)

    from bot.slack import actions, commands, events

    events.register(app, bot)
    commands.register(app, bot)
    actions.register(app, bot)
    return app


def check_tokens(
    bot_token: str | None,
    signing_secret: str | None,
    app_token: str | None,
    socket_mode: bool,
    app_token_needed: bool = True,
) -> None:
    """Fail early, naming the missing setting, before anything slow starts."""
    if not bot_token:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set (the xoxb- token from the app's OAuth & Permissions page)"
        )
    if socket_mode and app_token_needed and not app_token:
        raise ConfigError(
            "SLACK_APP_TOKEN is not set (an xapp- token with connections:write, "
            "needed for --socket; or drop --socket and set SLACK_SIGNING_SECRET)"
        )
    if not socket_mode and not signing_secret:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set (needed for the HTTP Events API; "
            "or use --socket with SLACK_APP_TOKEN)"
        )


def _drop_repeats(seen):
    """Middleware answering each event once: Slack retries, and a DM @mention arrives twice."""

    def drop_repeats(body: dict[str, Any], request, next):
        from slack_bolt import BoltResponse

        if request.lazy_only or body.get("type") != "event_callback":
            return next()
        event = body.get("event") or {}
        keys = [f"event:{body.get('event_id')}"] if body.get("event_id") else []
        if event.get("channel") and event.get("ts"):
            keys.append(f"message:{event['channel']}:{event['ts']}")
        fresh = [seen.first_time(key) for key in keys]
        if keys and not all(fresh):
            retry = request.headers.get("x-slack-retry-num", [""])[0]
            logger.info("skipping repeated event %s (retry %s)", body.get("event_id"), retry or "-")
            return BoltResponse(status=200, body="")
        return next()

    return drop_repeats


def _log_error(error, body, logger):
    """Last-resort handler: log it; users already got a friendly reply from the listener."""
    logger.error("unhandled error in a Slack listener: %s", error, exc_info=error)


def serve_http(app: App, host: str = "0.0.0.0", port: int = 3000, path: str = EVENTS_PATH):
    """A threaded WSGI server for the Events API (call `.serve_forever()`; `.shutdown()` stops it)."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from slack_bolt.adapter.wsgi import SlackRequestHandler

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            logger.debug("%s %s", self.address_string(), format % args)

    return make_server(
        host,
        port,
        SlackRequestHandler(app, path=path),
        server_class=Server,
        handler_class=QuietHandler,
    )


def socket_mode_handler(app: App, app_token: str | None):
    """Bolt's Socket Mode handler for `app` (`.start()` blocks; `.connect()` / `.close()` do not)."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    check_tokens(app.client.token, None, app_token, socket_mode=True)
    return SocketModeHandler(app, app_token)


def run_socket_mode(app: App, app_token: str | None) -> None:
    """Connect over Socket Mode (no public URL needed) and serve until interrupted."""
    socket_mode_handler(app, app_token).start()
