"""Errors briefbot raises on purpose, each written for the person reading it.

    BriefbotError                 (ingest.errors) root of the tree
    ├── ConfigError               a setting is missing or invalid
    ├── FileRejected              one input file cannot be ingested
    ├── StoreError                the vector store cannot be opened or written
    │   └── EmbedderMismatch      the store was built by another embedder
    ├── EmbedderError             the embedding model cannot be loaded or run
    ├── EmptyStore                a question was asked of a store with no articles
    ├── NothingToBrief            no stored article matches what a briefing asked for
    └── LLMError                  the language model failed after retries

Front ends translate these once: the CLI prints the message and exits non-zero,
the web chat raises `gr.Error`, Slack posts a short reply and logs the exception.
"""

from __future__ import annotations

from ingest.errors import (
    BriefbotError,
    ConfigError,
    EmbedderError,
    EmbedderMismatch,
    FileRejected,
    StoreError,
)

__all__ = [
    "BriefbotError",
    "ConfigError",
    "EmbedderError",
    "EmbedderMismatch",
    "EmptyStore",
    "FileRejected",
    "LLMError",
    "NothingToBrief",
    "StoreError",
]


class EmptyStore(BriefbotError):
    """The store holds no articles yet."""


class LLMError(BriefbotError):
    """The language model could not produce an answer."""


class NothingToBrief(BriefbotError):
    """No stored article matches the topic, filters or id asked for."""
