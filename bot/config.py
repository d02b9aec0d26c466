"""Settings from BRIEFBOT_* environment variables and `.env`, built once at the entry point."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_store() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("briefbot")) / "store"


def _default_shared() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data"


class Settings(BaseSettings):
    """Every setting briefbot reads; each env var is BRIEFBOT_<FIELD> unless noted."""

    model_config = SettingsConfigDict(env_prefix="BRIEFBOT_", env_file=".env", extra="ignore")

    store: Path = Field(
        default_factory=_default_store, description="Folder of the embedded Chroma store."
    )
    chroma_url: str | None = Field(
        None,
        description="Chroma server URL (http://host:port); "
        "when set, the server is used instead of --store.",
    )
    collection: str = Field("briefbot", description="Prefix of the Chroma collection names.")
    database_url: str | None = Field(
        None,
        description="Database for everything that is not a vector (feedback, Slack retries, "
        "quotes, watches): postgresql+psycopg://user:pass@host/db for a team; "
        "default: a SQLite file in the store folder.",
    )
    embeddings: str = Field("minilm", description="Embedder: minilm | openai:MODEL | fake.")
    reranker: str = Field(
        "minilm-l12",
        description="Re-ranker of retrieved passages: minilm-l12 (local cross-encoder) | none.",
    )
    chunk_size: int = Field(600, ge=100, le=4000, description="Target chunk size in characters.")
    chunk_overlap: int = Field(
        100, ge=0, le=1000, description="Overlap between chunks in characters."
    )
    max_file_mb: float = Field(50.0, gt=0, description="Files larger than this are refused.")
    shared_data: Path = Field(
        default_factory=_default_shared,
        description="Folder holding the shared benchmark data sets.",
    )
    answerer: Literal["extractive", "llm", "auto"] = Field(
        "auto",
        description="Who writes answers: extractive quotes, an LLM, or auto "
        "(the LLM when OPENAI_API_KEY or OPENAI_BASE_URL is set).",
    )
    llm_model: str = Field("gpt-4o-mini", description="Chat model name for the LLM answerer.")
    openai_api_key: str | None = Field(
        None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "BRIEFBOT_OPENAI_API_KEY"),
        description="API key of the OpenAI-compatible server (OPENAI_API_KEY).",
    )
    openai_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("OPENAI_BASE_URL", "BRIEFBOT_OPENAI_BASE_URL"),
        description="Base URL of an OpenAI-compatible server (OPENAI_BASE_URL).",
    )
    llm_timeout: float = Field(
        60.0, gt=0, description="Seconds to wait for the LLM before retrying (per request)."
    )
    llm_max_retries: int = Field(
        2,
        ge=0,
        le=10,
        description="Retries after an LLM timeout, "
        "429 or 5xx before falling back to extractive answers.",
    )
    llm_backoff: float = Field(
        1.0, ge=0, description="First retry delay in seconds; doubles on each retry."
    )
    llm_deadline: float = Field(
        45.0,
        gt=0,
        description="Seconds one LLM answer may take in all, retries and waits included, "
        "before it falls back to quoting the articles.",
    )
    unsupported_policy: Literal["flag", "drop"] = Field(
        "flag",
        description="LLM sentences the citation check cannot verify: flag them "
        "(shown marked '(unverified)') or drop them; both list them under `unsupported`.",
    )
    context_chars: int = Field(
        12000,
        ge=500,
        description="Budget in characters for the "
        "passages sent to the LLM; passages are cut only at sentence ends.",
    )
    web_users: Path | None = Field(
        None,
        description="Users file of the web chat (written by "
        "`briefbot users add`); when set, the web chat asks for a login.",
    )
    slack_bot_token: str | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_BOT_TOKEN", "BRIEFBOT_SLACK_BOT_TOKEN"),
        description="Slack bot token, xoxb-... (SLACK_BOT_TOKEN).",
    )
    slack_app_token: str | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_APP_TOKEN", "BRIEFBOT_SLACK_APP_TOKEN"),
        description="Slack app-level token for Socket Mode, xapp-... (SLACK_APP_TOKEN).",
    )
    slack_signing_secret: str | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "BRIEFBOT_SLACK_SIGNING_SECRET"),
        description="Slack signing secret for the HTTP Events API (SLACK_SIGNING_SECRET).",
    )
    slack_api_url: str | None = Field(
        None,
        description="Slack Web API base URL (default "
        "https://slack.com/api/; for proxies and tests).",
    )
    feed_timeout: float = Field(
        20.0, gt=0, description="Seconds to wait for a feed or page before giving it up."
    )
    feed_max_kb: int = Field(
        5000, gt=0, description="Feeds and pages larger than this (kilobytes) are refused."
    )
    feed_host_delay: float = Field(
        1.0, ge=0, description="Seconds between two requests to the same host (politeness)."
    )

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)


def make_store(settings: Settings):
    """Open the store the settings name, with the embedder that must match it."""
    from ingest.embeddings import embedder_name, make_embedder
    from ingest.store import Store

    embedder = make_embedder(
        settings.embeddings, base_url=settings.openai_base_url, api_key=settings.openai_api_key
    )
    store = Store(
        path=settings.store,
        url=settings.chroma_url,
        embedder_name=embedder_name(embedder),
        collection=settings.collection,
    )
    return store, embedder


def open_store(settings: Settings):
    """Open the store by the configured embedder's name, without loading the model (listing,
    removing)."""
    from ingest.embeddings import spec_name
    from ingest.store import Store

    return Store(
        path=settings.store,
        url=settings.chroma_url,
        embedder_name=spec_name(settings.embeddings),
        collection=settings.collection,
    )


def list_stored(settings: Settings):
    """(articles, where): from an embedded store's catalog file when it is up to date, so a
    listing starts without importing chromadb; else from Chroma."""
    from ingest.embeddings import spec_name
    from ingest.store import read_catalog

    if not settings.chroma_url:
        listed = read_catalog(settings.store, settings.collection, spec_name(settings.embeddings))
        if listed is not None:
            return listed, str(settings.store)
    db = open_store(settings)
    return db.list_articles(), db.location
