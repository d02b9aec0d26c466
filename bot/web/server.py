"""Start the web chat: login from the users file, refusal to serve a network openly."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ConfigError

QUEUE_SIZE = 200  # waiting requests beyond this get "queue full" instead of piling up
MAX_THREADS = 40  # worker threads; >= ASK_CONCURRENCY plus room for page events


def is_loopback(host: str) -> bool:
    """True when `host` can only be reached from this machine."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def login_check(users_file: Path | None, host: str, insecure_no_auth: bool) -> Callable | None:
    """The login function for Gradio, or None when the chat may run without login."""
    from bot.auth import load_users, verify

    if users_file is None:
        if not is_loopback(host) and not insecure_no_auth:
            raise ConfigError(
                f"refusing to serve on {host} without a login: set BRIEFBOT_WEB_USERS to a users "
                "file (add users with `briefbot users add NAME`), bind to 127.0.0.1, or pass "
                "--insecure-no-auth to serve everyone on the network"
            )
        return None
    if not load_users(users_file):
        raise ConfigError(
            f"BRIEFBOT_WEB_USERS={users_file} has no users: add one with `briefbot users add NAME`"
        )

    async def check(name: str, password: str) -> bool:
        import asyncio

        # Gradio awaits this on its event loop; bcrypt takes ~0.25 s, so run it in a thread.
        return await asyncio.to_thread(verify, users_file, name, password)

    return check


@dataclass
class Running:
    """A launched web chat: its address and how to stop it."""

    url: str
    demo: object

    def close(self) -> None:
        self.demo.close()  # type: ignore[attr-defined]


def serve(
    settings,
    host: str = "127.0.0.1",
    port: int = 7860,
    insecure_no_auth: bool = False,
    bot=None,
    block: bool = True,
    quiet: bool = False,
) -> Running:
    """Open the store and serve the web chat (returns at once when block=False)."""
    auth = login_check(settings.web_users, host, insecure_no_auth)
    from bot.feedback import FeedbackLog
    from bot.service import BriefBot
    from bot.web.app import build_app
    from bot.web.handlers import WebChat
    from bot.web.theme import CSS, HEAD

    bot = bot or BriefBot(settings)
    demo = build_app(WebChat(bot, FeedbackLog.for_settings(settings)))
    demo.queue(default_concurrency_limit=4, max_size=QUEUE_SIZE)
    demo.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        prevent_thread_lock=not block,
        auth_message="Log in with your briefbot user name and password.",
        max_threads=MAX_THREADS,
        max_file_size=settings.max_bytes,
        show_error=True,
        quiet=quiet,
        ssr_mode=False,
        css=CSS,
        head=HEAD,
        footer_links=["api"],
    )
    return Running(url=demo.local_url or f"http://{host}:{port}/", demo=demo)
