"""Errors raised by ingestion and the store.

    BriefbotError                 every error briefbot raises on purpose
    ├── ConfigError               a setting is missing or invalid
    ├── FileRejected              one input file cannot be ingested (names file + reason)
    ├── StoreError                the vector store cannot be opened or written
    │   └── EmbedderMismatch      the store was built by another embedder
    └── EmbedderError             the embedding model cannot be loaded or run

`bot/errors.py` extends this tree with the answering errors.
"""

from __future__ import annotations


class BriefbotError(Exception):
    """Base of every error meant to be shown to a user as one clear line."""


class ConfigError(BriefbotError):
    """A setting is missing or has an invalid value."""


class FileRejected(BriefbotError):
    """One input file (or one item of it) cannot be ingested; the message names the file
    and why. `part` ("line 3", "item 2") is set when only that part of the file was left
    out and the rest of it was stored."""

    def __init__(self, path: str, reason: str, part: str = "") -> None:
        shown = printable(path)
        super().__init__(f"{shown}: {part + ': ' if part else ''}{reason}")
        self.path = shown
        self.part = part
        self.reason = f"{part}: {reason}" if part else reason


def printable(text: str) -> str:
    """`text` safe to print: bytes of a file name that are not UTF-8 become \\xNN."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class StoreError(BriefbotError):
    """The vector store cannot be opened, read or written."""


class EmbedderMismatch(StoreError):
    """The store's collection was built with a different embedder."""


class EmbedderError(BriefbotError):
    """The embedding model cannot be loaded or run."""
