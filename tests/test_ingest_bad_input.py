"""Bad input: one clear line per bad file, the others still ingest, exit code non-zero,
nothing stored lost or duplicated. Run through the real `briefbot` command."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from test_ingest_formats import FIXTURES, write_pdf

from ingest.errors import FileRejected
from ingest.loaders import iter_files, load_file

BRIEFBOT = Path(sys.executable).parent / "briefbot"
CP1252_TEXT = (
    "Caf\u00e9 owners in M\u00e1laga back the \u20ac2m river plan\n"
    "\u201cWe have waited ten years,\u201d said Jos\u00e9 Mu\u00f1oz \u2014 the owner of a "
    "caf\u00e9 on the quay \u2014 after the vote on Monday.\n"
)


def encrypted_pdf(path: Path, tmp: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = write_pdf(tmp / "plain-for-encryption.pdf", [["Secret minutes of the basin talks."]])
    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as out:
        writer.write(out)
    plain.unlink()
    return path


def make_bad_folder(root: Path) -> dict[str, str]:
    """A folder of good and bad files; returns {bad file name: words its error must contain}."""
    root.mkdir()
    (root / "good.txt").write_bytes((FIXTURES / "headline.txt").read_bytes())
    (root / "western.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (root / "empty.txt").write_bytes(b"")
    (root / "garbage.txt").write_bytes(random.Random(7).randbytes(4000))
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntruncated")
    encrypted_pdf(root / "locked.pdf", root.parent)
    (root / "huge.txt").write_text("The river rose again overnight. " * 1000)  # 32 KB
    (root / "shape.json").write_text('{"articles": 3, "headline": "no body here"}')
    (root / "numbers.json").write_text("[1, 2, 3]")
    (root / "bad.jsonl").write_text('{"title": "ok", "body": "Fine line."}\n{"title": oops}\n')
    (root / "loop.txt").symlink_to("loop.txt")
    (root / "sub").mkdir()
    (root / "sub" / "back").symlink_to("..", target_is_directory=True)
    return {
        "empty.txt": "empty",
        "garbage.txt": "binary",
        "broken.pdf": "broken pdf",
        "locked.pdf": "encrypted",
        "huge.txt": "limit",
        "shape.json": "no 'body', 'text' or 'content' field",
        "numbers.json": "expected an object",
        "bad.jsonl": "line 2",
        "loop.txt": "symbolic link loop",
        "back": "symbolic link loop",
    }


def run_cli(*args: str, store: Path, max_mb: str = "0.01") -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "BRIEFBOT_EMBEDDINGS": "fake",
        "BRIEFBOT_MAX_FILE_MB": max_mb,
        "COLUMNS": "100",
    }
    return subprocess.run(
        [str(BRIEFBOT), *args, "--store", str(store)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def sources(store: Path) -> list[dict]:
    import json

    result = run_cli("sources", "--json", store=store)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_cli_reports_each_bad_file_once_and_ingests_the_rest(tmp_path):
    folder = tmp_path / "in"
    expected = make_bad_folder(folder)
    store = tmp_path / "store"
    before = run_cli("ingest", "-q", str(FIXTURES / "dateline-lead.txt"), store=store)
    assert before.returncode == 0, before.stderr
    kept = sources(store)

    result = run_cli("ingest", "-q", str(folder), str(tmp_path / "no-such-folder"), store=store)

    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert all(line.startswith("skipped ") for line in lines), result.stderr
    expected["no-such-folder"] = "no such file"
    for name, words in expected.items():
        mine = [line for line in lines if Path(line.split(": ")[0].split()[-1]).name == name]
        assert len(mine) == 1, (name, lines)
        assert words.lower() in mine[0].lower(), mine[0]
    assert len(lines) == len(expected)
    titles = sorted(a["title"] for a in sources(store))
    assert "Orlen parliament ratifies Tessara water accord" in titles  # good.txt
    assert any(t.startswith("Caf\u00e9 owners in M\u00e1laga") for t in titles)  # cp1252 decoded
    assert "ok" in titles  # a JSON Lines file keeps its good lines (the bad one is named)
    after = sources(store)
    assert all(a in after for a in kept)  # nothing stored before was lost
    assert "files failed" in result.stdout

    again = run_cli("ingest", "-q", str(folder), store=store)
    assert again.returncode == 1
    assert sorted(a["title"] for a in sources(store)) == titles  # nothing duplicated


def test_non_utf8_text_is_decoded_not_skipped(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(CP1252_TEXT.encode("cp1252"))
    (raw,) = load_file(path, 10_000_000)
    assert raw.text.strip() == CP1252_TEXT.split("\n", 1)[1].strip()
    assert raw.title == CP1252_TEXT.split("\n", 1)[0]
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(
        "S\u00e3o Paulo and G\u00f6teborg sign a river pact, officials said.\n".encode("latin-1")
    )
    (raw,) = load_file(latin1, 10_000_000)
    assert "S\u00e3o Paulo and G\u00f6teborg" in raw.text


def test_size_limit_is_configurable(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("The river rose again overnight, officials said. " * 100)  # ~4.9 KB
    with pytest.raises(FileRejected, match="over the"):
        load_file(path, 4_000)
    assert load_file(path, 5_000)[0].text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"   \n\n  \t\n", "no text"),
        ("\u00a0Loading...\nShare this article\n".encode(), "no text left"),
    ],
)
def test_blank_or_all_debris_file_is_rejected(tmp_path, content, reason):
    from ingest.embeddings import FakeEmbeddings
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    store = Store(path=tmp_path / "store", embedder_name="fake")
    report = ingest_paths(store, FakeEmbeddings(), [path])
    assert [str(f) for f in report.failures] and reason in str(report.failures[0])
    assert str(path) in str(report.failures[0])
    assert store.count_articles() == 0 and store.count_chunks() == 0


def test_symlink_loop_given_directly(tmp_path):
    loop = tmp_path / "a.txt"
    loop.symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(loop)
    found = list(iter_files([loop]))
    assert len(found) == 1 and found[0][1] is not None
    assert "symbolic link loop" in str(found[0][1])
