"""`briefbot users`: the people who may log in to the web chat."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import console, settings_for

app = typer.Typer(help="Web chat users (the file BRIEFBOT_WEB_USERS names).", no_args_is_help=True)

FileOpt = Annotated[
    Path | None, typer.Option("--file", help="Users file (default: BRIEFBOT_WEB_USERS).")
]


def _users_file(file: Path | None) -> Path:
    from bot.errors import ConfigError

    path = file or settings_for().web_users
    if path is None:
        raise ConfigError("no users file: set BRIEFBOT_WEB_USERS=/path/to/users or pass --file")
    return path


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="User name to add (or whose password to change).")],
    file: FileOpt = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a user, or set a new password for an existing one."""
    from bot.auth import add_user, check_name, check_password
    from bot.errors import ConfigError

    path = _users_file(file)
    check_name(name)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(f"Password for {name}", hide_input=True)
        check_password(password)
        if typer.prompt("Repeat it", hide_input=True) != password:
            raise ConfigError("the two passwords differ; nothing was changed")
    is_new = add_user(path, name, password)
    console().print(f"{'added' if is_new else 'changed the password of'} {name} in {path}")


@app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="User name to remove.")], file: FileOpt = None
) -> None:
    """Remove a user."""
    from bot.auth import remove_user

    path = _users_file(file)
    remove_user(path, name)
    console().print(f"removed {name} from {path}")


@app.command("list")
def list_users(file: FileOpt = None) -> None:
    """List the user names (never the hashes)."""
    from bot.auth import load_users

    for name in sorted(load_users(_users_file(file))):
        print(name)
