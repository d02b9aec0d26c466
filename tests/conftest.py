"""Shared fixtures. Stores are built in temp folders; the big corpus store once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_data() -> Path:
    """The shared data folder (BRIEFBOT_SHARED_DATA overrides ../shared/data)."""
    return Path(os.environ.get("BRIEFBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))


SEED = shared_data() / "seed" / "thailand-cambodia-ceasefire.txt"
CORPUS = shared_data() / "multihop-rag" / "corpus.json"
QUERIES = shared_data() / "multihop-rag" / "queries.json"


CHROMIUM = Path("/usr/bin/chromium")


def pytest_sessionstart(session):
    """In CI nothing may skip unseen: missing shared data or Chromium fails the run at once."""
    if os.environ.get("CI", "").lower() not in {"true", "1"}:
        return
    from servers.postgres import binaries

    needed = [SEED, CORPUS, QUERIES, CHROMIUM]
    missing = [str(p) for p in needed if not p.exists()]
    if binaries() is None:
        missing.append("PostgreSQL (initdb, pg_ctl)")
    if missing:
        pytest.exit(
            "CI=true but these are missing, so tests would skip: "
            + ", ".join(missing)
            + " (put ../shared beside the clone or set BRIEFBOT_SHARED_DATA; "
            "scripts/test.sh installs chromium and postgresql)",
            returncode=3,
        )


def pytest_collection_finish(session):
    """Build (or find) the cached corpus store before any test runs, outside test time limits."""
    wanted = any("corpus_store" in getattr(item, "fixturenames", ()) for item in session.items)
    if not wanted or not CORPUS.exists():
        return
    from corpus_cache import cached_store_with_bar

    capture = session.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        cached_store_with_bar()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the developer's real store, .env or API keys."""
    for name in list(os.environ):
        if name.startswith("BRIEFBOT_") and name != "BRIEFBOT_SHARED_DATA":
            monkeypatch.delenv(name)
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BRIEFBOT_STORE", str(tmp_path / "default-store"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def minilm():
    """The real local embedder, loaded once."""
    from ingest.embeddings import MiniLMEmbeddings

    return MiniLMEmbeddings()


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory, minilm):
    """A store with the seed article and the whole MultiHop-RAG corpus (built once per run)."""
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    from corpus_cache import copy_of

    from ingest.store import Store

    path = copy_of(tmp_path_factory.mktemp("corpus-store"))  # built once per machine, then copied
    return Store(path=path, embedder_name=minilm.name)


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL server on loopback for the session; yields its SQLAlchemy URL."""
    from servers.postgres import Postgres, binaries

    if binaries() is None:
        pytest.skip("PostgreSQL is not installed (scripts/test.sh installs it)")
    with Postgres() as server:
        yield server.url


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` on a free loopback port; yields its URL; stopped at session end."""
    import shutil
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists() and shutil.which("chroma") is None:
        pytest.skip("the chroma CLI is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = tmp_path_factory.mktemp("chroma-server")
    log = (data / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            str(chroma if chroma.exists() else shutil.which("chroma")),
            "run",
            "--path",
            str(data / "db"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"chroma run did not start: {(data / 'server.log').read_text()[-2000:]}")
        time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
