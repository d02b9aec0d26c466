"""Server mode: the same ingest, listing and removal against a real `chroma run` on loopback."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from test_store_idempotence import EXAMPLES, assert_consistent
from typer.testing import CliRunner

from bot.cli import app
from ingest.errors import EmbedderMismatch
from ingest.store import Store

pytestmark = pytest.mark.server


def cli(env: dict, *args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", **env})


def listing(env: dict, *store_args: str) -> list[dict]:
    result = cli(env, "sources", "--json", *store_args)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    for row in rows:
        row.pop("path")
    return sorted(rows, key=lambda r: r["title"])


def test_ingest_list_remove_through_server_match_embedded(chroma_server, tmp_path):
    collection = f"t{uuid.uuid4().hex[:10]}"
    server = {
        "BRIEFBOT_EMBEDDINGS": "fake",
        "BRIEFBOT_CHROMA_URL": chroma_server,
        "BRIEFBOT_COLLECTION": collection,
    }
    local = {"BRIEFBOT_EMBEDDINGS": "fake", "BRIEFBOT_COLLECTION": collection}
    local_store = str(tmp_path / "embedded")

    first = cli(server, "ingest", "-q", str(EXAMPLES))
    assert first.exit_code == 0, first.output
    assert cli(local, "ingest", "-q", str(EXAMPLES), "--store", local_store).exit_code == 0
    rows = listing(server)
    assert len(rows) == 4
    assert rows == listing(local, "--store", local_store)  # same ids, titles, links, chunks

    again = cli(server, "ingest", "-q", str(EXAMPLES))
    assert again.exit_code == 0 and "articles unchanged (already stored) │ 4" in again.stdout

    target = next(r for r in rows if r["source"] == "Callow Courier")
    for env, extra in ((server, []), (local, ["--store", local_store])):
        gone = cli(env, "sources", "remove", target["doc_id"], *extra)
        assert gone.exit_code == 0, gone.output
        assert f"1 article(s) and {target['chunks']} chunk(s) removed" in gone.stdout
    path = str(EXAMPLES / "haldor-reservoir-briefing.md")
    for env, extra in ((server, []), (local, ["--store", local_store])):
        assert cli(env, "sources", "remove", "--path", path, *extra).exit_code == 0
    assert listing(server) == listing(local, "--store", local_store)
    assert len(listing(server)) == 2
    store = Store(url=chroma_server, embedder_name="fake", collection=collection)
    assert_consistent(store)


@pytest.mark.parametrize("where", ["server", "embedded"])
def test_opening_with_another_embedder_is_a_clear_error(chroma_server, tmp_path, where):
    collection = f"t{uuid.uuid4().hex[:10]}"
    location = {"url": chroma_server} if where == "server" else {"path": tmp_path / "s"}
    store = Store(embedder_name="fake", collection=collection, **location)
    assert store.count_articles() == 0
    with pytest.raises(EmbedderMismatch, match="built with the 'fake' embedder, not 'minilm'"):
        Store(embedder_name="minilm", collection=collection, **location)

    env = {"BRIEFBOT_EMBEDDINGS": "minilm", "BRIEFBOT_COLLECTION": collection}
    if where == "server":
        env["BRIEFBOT_CHROMA_URL"] = chroma_server
    else:
        env["BRIEFBOT_STORE"] = str(tmp_path / "s")
    result = cli(env, "ingest", "-q", str(EXAMPLES / "tessara-water-accord.txt"))
    assert isinstance(result.exception, EmbedderMismatch)
    assert "BRIEFBOT_EMBEDDINGS=fake" in str(result.exception)
    assert Store(embedder_name="fake", collection=collection, **location).count_chunks() == 0


def test_unreachable_server_is_a_clear_error(tmp_path):
    from ingest.errors import StoreError

    with pytest.raises(StoreError, match="cannot reach the Chroma server at http://127.0.0.1:9"):
        Store(url="http://127.0.0.1:9", embedder_name="fake")


def test_cli_prints_one_line_for_store_errors(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "BRIEFBOT_CHROMA_URL": "http://127.0.0.1:9", "BRIEFBOT_EMBEDDINGS": "fake"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "briefbot"), "sources"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach the Chroma server")
