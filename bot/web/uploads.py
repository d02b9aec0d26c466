"""Uploaded files kept in the store's folder under safe names, refused when too big.

A browser (or a script) chooses the file name, so it is treated as untrusted text: only its
last path part is kept, without NUL or control characters, leading dots or more than
`MAX_NAME_BYTES` bytes. Each upload goes to `uploads/<content digest>/<name>`: the same file
uploaded twice lands in the same place (stored once), two different files with one name
never overwrite each other.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from pathlib import Path

from bot.errors import FileRejected

UPLOADS = "uploads"
MAX_NAME_BYTES = 120  # well under the 255 bytes file systems allow, with room for a suffix
_NOT_IN_NAMES = set('<>:"|?*\\/')
_READ = 1 << 20


def safe_name(original: str) -> str:
    """A file name made from an uploaded one: no folders, no hidden or control characters."""
    text = unicodedata.normalize("NFC", str(original or "")).replace("\\", "/")
    last = text.rsplit("/", 1)[-1]
    name = "".join(ch for ch in last if ch.isprintable() and ch not in _NOT_IN_NAMES)
    name = " ".join(name.split()).lstrip(".- ").rstrip(". ")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    stem = _cut(stem, MAX_NAME_BYTES - len(suffix.encode())).rstrip(". ") or "upload"
    return stem + suffix


def _cut(text: str, limit: int) -> str:
    """`text` shortened to at most `limit` UTF-8 bytes without splitting a character."""
    return text.encode()[:limit].decode("utf-8", errors="ignore")


def size_text(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


def store_upload(source: Path, original_name: str, folder: Path, max_bytes: int) -> Path:
    """Copy one uploaded file to `folder/uploads/<digest>/<safe name>` and return that path.

    Raises FileRejected naming the file when it is over `max_bytes` (checked from the file
    system before a byte is read) or cannot be read.
    """
    name = safe_name(original_name)
    try:
        size = os.stat(source).st_size
    except OSError as exc:
        raise FileRejected(name, f"cannot read the upload ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise FileRejected(
            name,
            f"file is {size_text(size)}, over the {size_text(max_bytes)} limit; it was not read",
        )
    root = (Path(folder) / UPLOADS).resolve()
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(dir=root, prefix=".incoming-", delete=False) as out:
        try:
            with open(source, "rb") as src:
                copied = 0
                while block := src.read(_READ):
                    copied += len(block)
                    if copied > max_bytes:  # it grew after the size check
                        raise FileRejected(name, f"file is over the {size_text(max_bytes)} limit")
                    digest.update(block)
                    out.write(block)
        except OSError as exc:
            os.unlink(out.name)
            raise FileRejected(name, f"cannot read the upload ({exc.strerror or exc})") from None
        except FileRejected:
            os.unlink(out.name)
            raise
    target = root / digest.hexdigest()[:16] / name
    if not target.resolve().is_relative_to(root):  # cannot happen with a safe name; never trust
        os.unlink(out.name)
        raise FileRejected(name, "file name is not allowed")
    target.parent.mkdir(exist_ok=True)
    os.replace(out.name, target)  # atomic: two uploads of one file leave one whole copy
    return target


def shown_name(path: str) -> str:
    """The file name to show for a stored path (the upload's own name, not its digest)."""
    return Path(str(path).split("#", 1)[0]).name
