"""Re-ingesting, changing, shrinking and removing: the store never holds stale or doubled data."""

from __future__ import annotations

import json
from pathlib import Path

from test_ingest_formats import FIXTURES
from typer.testing import CliRunner

from bot.cli import app
from ingest.embeddings import FakeEmbeddings
from ingest.pipeline import ingest_paths
from ingest.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"


def new_store(tmp_path: Path, name: str = "store") -> Store:
    return Store(path=tmp_path / name, embedder_name="fake")


def ingest(store: Store, *paths: Path):
    report = ingest_paths(store, FakeEmbeddings(), list(paths))
    assert not report.failures, report.failures
    return report


def chunk_table(store: Store) -> dict[str, tuple[str, str]]:
    """chunk id -> (doc_id, text) for every chunk in the chunks collection."""
    return {i: (m["doc_id"], t) for i, m, t in store.all_chunks()}


def assert_consistent(store: Store) -> None:
    """Every chunk belongs to a complete article, spans are exact, counts add up."""
    articles = {a.doc_id: a for a in store.list_articles()}
    texts = {d: store.get_article(d).text for d in articles}
    chunks = list(store.all_chunks())
    for _, meta, text in chunks:
        assert meta["doc_id"] in articles, "orphan chunk"
        assert texts[meta["doc_id"]][meta["start"] : meta["end"]] == text
    assert len(chunks) == sum(a.meta["n_chunks"] for a in articles.values())
    assert store.list_articles(status="pending") == []


def test_reingesting_unchanged_files_adds_nothing(tmp_path):
    store = new_store(tmp_path)
    first = ingest(store, EXAMPLES, FIXTURES / "list.json")
    counts = (store.count_articles(), store.count_chunks())
    ids = set(chunk_table(store))
    second = ingest(store, EXAMPLES, FIXTURES / "list.json")
    assert len(first.added) == counts[0] == 4 + 3
    assert second.added == [] and second.chunks == 0
    assert second.unchanged == counts[0]
    assert (store.count_articles(), store.count_chunks()) == counts
    assert set(chunk_table(store)) == ids


def test_changed_file_replaces_its_old_chunks(tmp_path):
    path = tmp_path / "accord.txt"
    path.write_text((EXAMPLES / "tessara-water-accord.txt").read_text())
    store = new_store(tmp_path)
    ingest(store, path)
    (old,) = store.list_articles()
    path.write_text(
        path.read_text().replace("180 cubic metres", "175 cubic metres")
        + "\nA spokesman later confirmed the revised figure of 175 cubic metres per second.\n"
    )
    report = ingest(store, path)
    assert len(report.added) == 1 and len(report.replaced) == 1
    (new,) = store.list_articles()
    assert new.doc_id != old.doc_id
    table = chunk_table(store)
    assert {doc for doc, _ in table.values()} == {new.doc_id}  # no stale chunk left
    assert not any("180 cubic metres" in text for _, text in table.values())
    assert any("revised figure of 175" in text for _, text in table.values())
    assert new.duplicates == []  # an edited file is not a near-duplicate of its old self
    assert_consistent(store)


def test_json_list_shrinking_removes_the_stale_article(tmp_path):
    items = json.loads((FIXTURES / "list.json").read_text())
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(items))
    store = new_store(tmp_path)
    ingest(store, path)
    before = {a.title: a.doc_id for a in store.list_articles()}
    assert len(before) == 3
    path.write_text(json.dumps(items[1:]))  # the first item is dropped from the feed
    report = ingest(store, path)
    after = {a.title: a.doc_id for a in store.list_articles()}
    assert sorted(after) == sorted(i["title"] for i in items[1:])
    assert report.added == [] and report.replaced == [items[0]["title"]]
    assert all(after[t] == before[t] for t in after)  # the others were not re-embedded
    assert_consistent(store)


def test_sources_lists_and_removes_by_id_and_path(tmp_path):
    store_dir = tmp_path / "cli-store"
    env = {"BRIEFBOT_EMBEDDINGS": "fake", "COLUMNS": "200"}
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "-q", str(EXAMPLES), "--store", str(store_dir)], env=env)
    assert result.exit_code == 0, result.output
    listing = runner.invoke(app, ["sources", "--store", str(store_dir), "--json"], env=env)
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    assert len(rows) == 4
    by_title = {r["title"]: r for r in rows}
    farmers = by_title["Delta farmers give cautious welcome to Tessara accord"]
    assert farmers["source"] == "Callow Courier"
    assert farmers["published_at"] == "2025-03-15T08:30:00+00:00"
    assert farmers["chunks"] >= 1
    wire = by_title["Tessara basin states agree minimum river flow in landmark accord"]
    assert len(wire["duplicates"]) == 1  # linked to the original accord story
    table = runner.invoke(app, ["sources", "--store", str(store_dir)], env=env)
    for header in ("title", "source", "date", "chunks", "duplicates"):
        assert header in table.stdout
    assert "Callow Courier" in table.stdout and "2025-03-15" in table.stdout

    store = Store(path=store_dir, embedder_name="fake")
    n_chunks = store.count_chunks()
    gone = runner.invoke(
        app, ["sources", "remove", farmers["doc_id"][:12], "--store", str(store_dir)], env=env
    )
    assert gone.exit_code == 0, gone.output
    assert f"{farmers['chunks']} chunk(s) removed" in gone.stdout
    assert store.count_chunks() == n_chunks - farmers["chunks"]
    assert farmers["doc_id"] not in {d for d, _ in chunk_table(store).values()}

    path = str(EXAMPLES / "tessara-accord-wire-copy.txt")
    gone = runner.invoke(
        app, ["sources", "remove", "--path", path, "--store", str(store_dir)], env=env
    )
    assert gone.exit_code == 0, gone.output
    left = {a.title: a for a in store.list_articles()}
    assert len(left) == 2 and wire["title"] not in left
    assert all(a.duplicates == [] for a in left.values())  # the link back went with it
    assert_consistent(store)

    missing = runner.invoke(
        app, ["sources", "remove", "ffffffffff", "--store", str(store_dir)], env=env
    )
    assert missing.exit_code != 0


def test_near_duplicates_are_linked_both_ways_and_unrelated_are_not(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    original = (EXAMPLES / "tessara-water-accord.txt").read_text()
    (folder / "accord.txt").write_text(original)
    (folder / "accord-copy-under-another-name.txt").write_text(original)
    (folder / "wire.txt").write_text((EXAMPLES / "tessara-accord-wire-copy.txt").read_text())
    (folder / "farmers.html").write_text((EXAMPLES / "delta-farmers-react.html").read_text())
    (folder / "briefing.md").write_text((EXAMPLES / "haldor-reservoir-briefing.md").read_text())
    store = new_store(tmp_path)
    report = ingest(store, folder)
    by_path = {Path(a.meta["path"]).name: a for a in store.list_articles()}
    group = {"accord.txt", "accord-copy-under-another-name.txt", "wire.txt"}
    for name in group:
        others = {by_path[o].doc_id for o in group - {name}}
        assert set(by_path[name].duplicates) == others, name  # linked both ways
    for name in ("farmers.html", "briefing.md"):  # same topic, different stories
        assert by_path[name].duplicates == []
    assert len(report.duplicates) == 3  # copy -> accord, wire -> both (pairs, once each)


def test_one_way_duplicate_link_left_by_a_killed_run_is_restored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text((EXAMPLES / "tessara-water-accord.txt").read_text())
    (folder / "b.txt").write_text((EXAMPLES / "tessara-accord-wire-copy.txt").read_text())
    store = new_store(tmp_path)
    ingest(store, folder)
    a, b = sorted(store.list_articles(), key=lambda x: x.meta["path"])
    assert a.duplicates == [b.doc_id] and b.duplicates == [a.doc_id]
    store.set_duplicates(a.doc_id, [])  # as if killed before the link back was written
    ingest(store, folder)
    a, b = sorted(store.list_articles(), key=lambda x: x.meta["path"])
    assert a.duplicates == [b.doc_id] and b.duplicates == [a.doc_id]


def test_sources_listing_is_fast_path_catalog_and_falls_back_after_a_kill(tmp_path):
    """`briefbot sources` lists from a catalog beside the store (no chromadb import) only
    while it is up to date; a write that did not finish sends it back to Chroma."""
    import subprocess
    import sys

    store_dir = tmp_path / "s"
    store = Store(path=store_dir, embedder_name="fake")
    ingest(store, EXAMPLES)
    probe = (
        "import sys, json; from bot.cli import app; sys.argv = ['briefbot', 'sources', '--json',"
        f" '--store', {str(store_dir)!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print('CHROMADB', 'chromadb' in sys.modules)"
    )
    env = {"BRIEFBOT_EMBEDDINGS": "fake", "PATH": "/usr/bin:/bin"}

    def run() -> tuple[list[str], bool]:
        out = subprocess.run(
            [sys.executable, "-c", probe],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.splitlines()
        titles = sorted(json.loads(line)["title"] for line in out if line.startswith("{"))
        return titles, out[-1] == "CHROMADB True"

    expected = sorted(a.title for a in store.list_articles())
    assert run() == (expected, False)  # listed from the catalog
    target = next(a for a in store.list_articles() if a.meta["source"] == "Callow Courier")
    store.remove([target.doc_id])  # a write whose catalog update never came (as if killed)
    titles, used_chroma = run()
    assert used_chroma and titles == sorted(set(expected) - {target.title})
    store.write_catalog()
    assert run() == (titles, False)


def test_sources_with_another_embedder_is_a_clear_error_even_from_the_catalog(tmp_path):
    store_dir = tmp_path / "s"
    ingest(Store(path=store_dir, embedder_name="fake"), FIXTURES / "headline.txt")
    env = {"BRIEFBOT_EMBEDDINGS": "minilm"}
    result = CliRunner().invoke(app, ["sources", "--store", str(store_dir)], env=env)
    assert "built with the 'fake' embedder, not 'minilm'" in str(result.exception)
