"""Uploads are kept inside the store's folder under safe names; too-big files are never read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.web.uploads import MAX_NAME_BYTES, UPLOADS, safe_name, store_upload
from ingest.errors import FileRejected

HOSTILE = [
    "../../../escape.json",
    "/etc/cron.d/absolute.txt",
    "C:\\Windows\\system32\\drive.txt",
    "nul\x00byte.txt",
    "x" * 300 + ".txt",
    "é" * 200 + ".md",
    "..",
    ".hidden.txt",
    "line\nbreak\t.txt",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_safe_name_is_one_plain_file_name_that_keeps_the_extension(name):
    safe = safe_name(name)
    assert safe and "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert not safe.startswith(".") and safe.isprintable()
    assert len(safe.encode()) <= MAX_NAME_BYTES
    if name.endswith((".txt", ".json", ".md")):
        assert Path(safe).suffix == Path(name).suffix


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_is_stored_inside_the_uploads_folder(tmp_path, name):
    source = tmp_path / "incoming" / "upload.bin"
    source.parent.mkdir()
    source.write_bytes(b"Some article text.\n")
    store = tmp_path / "deep" / "store"
    before = files_under(tmp_path)
    kept = store_upload(source, name, store, max_bytes=1000)
    assert kept.resolve().is_relative_to((store / UPLOADS).resolve())
    assert kept.read_bytes() == source.read_bytes()
    assert files_under(tmp_path) - before == {kept}  # nothing written anywhere else


def test_one_file_uploaded_twice_is_kept_once_and_namesakes_do_not_overwrite(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("first article")
    b.write_text("another article")
    first = store_upload(a, "report.txt", tmp_path / "store", 1000)
    again = store_upload(a, "report.txt", tmp_path / "store", 1000)
    other = store_upload(b, "report.txt", tmp_path / "store", 1000)
    assert first == again and other != first
    assert first.read_text() == "first article" and other.read_text() == "another article"


def test_a_file_over_the_limit_is_refused_by_name_without_being_read(tmp_path, monkeypatch):
    big = tmp_path / "upload.bin"
    with big.open("wb") as out:  # sparse: 5 MB on paper, nothing on disk
        out.truncate(5_000_000)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr("builtins.open", no_reading)
    with pytest.raises(FileRejected) as caught:
        store_upload(big, "../annual report.pdf", tmp_path / "store", max_bytes=1_000_000)
    assert str(caught.value) == (
        "annual report.pdf: file is 5.0 MB, over the 1.0 MB limit; it was not read"
    )
    assert not (tmp_path / "store" / UPLOADS).exists()


def test_web_uploads_with_hostile_names_go_into_the_real_store(tmp_path, minilm):
    """Real store: each article stored once, files only inside the store's folder."""
    from bot.config import Settings
    from bot.service import BriefBot
    from bot.web.handlers import WebChat
    from ingest.store import Store

    settings = Settings(store=tmp_path / "store", max_file_mb=0.01, _env_file=None)
    bot = BriefBot(
        settings, store=Store(path=settings.store, embedder_name=minilm.name), embedder=minilm
    )
    chat = WebChat(bot)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    uploads = []
    for i, name in enumerate(HOSTILE[:5]):
        path = incoming / f"{i}.bin"
        body = f"Harbour pilots on shift {i} reported calm water and {i + 2} ships at anchor."
        if name.endswith(".json"):
            path.write_text(json.dumps({"title": f"Pilot log {i}", "body": body}))
        else:
            path.write_text(f"Pilot log {i}\n\n{body}\n")
        uploads.append((path, name))
    big = incoming / "big.bin"
    big.write_text("word " * 5000)  # 25 kB, over the 10 kB limit
    uploads.append((big, "../../big-scan.txt"))
    outside_before = files_under(tmp_path) - files_under(settings.store)

    report = chat.add_uploads(uploads)
    assert len(report.added) == 5
    assert [f"{f.path}: {f.reason}" for f in report.failures] == [
        "big-scan.txt: file is 25 kB, over the 10 kB limit; it was not read"
    ]
    stored = bot.store.list_articles()
    assert sorted(a.title for a in stored) == [f"Pilot log {i}" for i in range(5)]
    root = (settings.store / UPLOADS).resolve()
    assert all(Path(a.meta["path"]).resolve().is_relative_to(root) for a in stored)
    assert files_under(tmp_path) - files_under(settings.store) == outside_before

    again = chat.add_uploads(uploads[:5])  # the same files again: nothing doubled
    assert again.added == [] and again.unchanged == 5
    assert bot.store.count_articles() == 5
