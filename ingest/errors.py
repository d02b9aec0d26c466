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
    """One input file cannot be ingested; the message names the file and why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(BriefbotError):
    """The vector store cannot be opened, read or written."""


class EmbedderMismatch(StoreError):
    """The store's collection was built with a different embedder."""


class EmbedderError(BriefbotError):
    """The embedding model cannot be loaded or run."""
