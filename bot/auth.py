"""Web chat users: a file of `name:bcrypt-hash` lines (each hash carries its own salt)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from bot.errors import ConfigError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 8
MAX_PASSWORD_BYTES = 72  # bcrypt looks at no more than 72 bytes; longer would be silently cut
# Hash compared against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = b"$2b$12$cihlvFfyPqAK2kgA7tBMheeO6eUd7ytJQpwXrjfOIHeMF4nRA5obi"


def load_users(path: Path) -> dict[str, bytes]:
    """Name -> password hash from the users file (a missing file has no users)."""
    if not path.exists():
        return {}
    users: dict[str, bytes] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, hashed = line.partition(":")
        if not sep or not hashed.startswith("$2"):
            raise ConfigError(f"{path}, line {number}: not a `name:bcrypt-hash` line")
        users[name] = hashed.encode("ascii")
    return users


def check_name(name: str) -> str:
    """The name if it can be a user name, else a ConfigError saying why."""
    if not _NAME.match(name):
        raise ConfigError(f"user name {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-'")
    return name


def check_password(password: str) -> bytes:
    """The password as bytes if it is acceptable, else a ConfigError saying why."""
    raw = password.encode("utf-8")
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"password: use at least {MIN_PASSWORD} characters")
    if len(raw) > MAX_PASSWORD_BYTES:
        raise ConfigError(f"password: use at most {MAX_PASSWORD_BYTES} bytes (bcrypt's limit)")
    return raw


def add_user(path: Path, name: str, password: str) -> bool:
    """Add or replace `name` in the users file; True when the user is new."""
    import bcrypt

    users = load_users(path)
    is_new = check_name(name) not in users
    users[name] = bcrypt.hashpw(check_password(password), bcrypt.gensalt())
    _write(path, users)
    return is_new


def remove_user(path: Path, name: str) -> None:
    """Remove `name` from the users file."""
    users = load_users(path)
    if name not in users:
        raise ConfigError(f"no user {name!r} in {path}")
    del users[name]
    _write(path, users)


def verify(path: Path, name: str, password: str) -> bool:
    """True when `name` is in the users file with this password (the file is re-read each time)."""
    import bcrypt

    hashed = load_users(path).get(name)
    raw = password.encode("utf-8")[:MAX_PASSWORD_BYTES]
    ok = bcrypt.checkpw(raw, hashed or _DUMMY_HASH)
    return ok and hashed is not None


def _write(path: Path, users: dict[str, bytes]) -> None:
    """Replace the file atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "# briefbot web users: name:bcrypt-hash (written by `briefbot users add`)\n"
    body += "".join(f"{n}:{h.decode('ascii')}\n" for n, h in sorted(users.items()))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".users-")
    try:
        os.chmod(tmp, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
