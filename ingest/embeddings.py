"""Embedders from a small registry; nothing heavy is imported until one is built.

The classes live in `ingest.embedders` (numpy, LangChain); they are re-exported here
lazily, so `from ingest.embeddings import MiniLMEmbeddings` works and a command that
only lists the store (it needs the embedder's name, not the model) stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ingest.errors import ConfigError

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from ingest.embedders import FakeEmbeddings, MiniLMEmbeddings, OpenAIEmbeddingsBackend

__all__ = [
    "EMBEDDERS",
    "FakeEmbeddings",
    "MiniLMEmbeddings",
    "OpenAIEmbeddingsBackend",
    "embedder_name",
    "make_embedder",
    "spec_name",
]


def _minilm(model: str = "", **_: Any) -> Embeddings:
    from ingest.embedders import MiniLMEmbeddings

    return MiniLMEmbeddings()


def _openai(model: str, **options: Any) -> Embeddings:
    if not model:
        raise ConfigError("openai embeddings need a model name, e.g. openai:text-embedding-3-small")
    from ingest.embedders import OpenAIEmbeddingsBackend

    return OpenAIEmbeddingsBackend(
        model, base_url=options.get("base_url"), api_key=options.get("api_key")
    )


def _fake(model: str = "", **_: Any) -> Embeddings:
    from ingest.embedders import FakeEmbeddings

    return FakeEmbeddings()


EMBEDDERS: dict[str, Callable[..., Embeddings]] = {
    "minilm": _minilm,
    "openai": _openai,
    "fake": _fake,
}


def _parse(spec: str) -> tuple[str, str]:
    kind, _, model = spec.partition(":")
    kind = kind.strip().lower()
    if kind not in EMBEDDERS:
        raise ConfigError(
            f"unknown embedder {spec!r} in BRIEFBOT_EMBEDDINGS; valid: "
            + ", ".join(k + (":MODEL" if k == "openai" else "") for k in EMBEDDERS)
        )
    return kind, model.strip()


def make_embedder(spec: str, **options: str | None) -> Embeddings:
    """Build the embedder named by `spec` ("minilm", "openai:MODEL", "fake")."""
    kind, model = _parse(spec)
    return EMBEDDERS[kind](model, **options)


def spec_name(spec: str) -> str:
    """The name a store records for the embedder `spec` names, without loading it."""
    kind, model = _parse(spec)
    if kind == "openai":
        if not model:
            raise ConfigError(
                "openai embeddings need a model name, e.g. openai:text-embedding-3-small"
            )
        return f"openai:{model}"
    return kind


def embedder_name(embedder: Embeddings) -> str:
    """The name a store records for `embedder` (its class for foreign LangChain embedders)."""
    return (
        getattr(embedder, "name", None) or f"{type(embedder).__module__}.{type(embedder).__name__}"
    )


def __getattr__(name: str) -> Any:
    if name in {"MiniLMEmbeddings", "FakeEmbeddings", "OpenAIEmbeddingsBackend"}:
        from ingest import embedders

        return getattr(embedders, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
