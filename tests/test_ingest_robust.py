"""Nothing a bad file does breaks an ingest: random bytes, cut-off real files and files with
the wrong extension reach every loader, and each becomes at most one plain failure line
while the good files beside it are stored.

Property tests (hypothesis) throw generated files at `load_file` and `ingest_paths`; the
CLI tests run the real `briefbot ingest` on the reported case (a `.docx` that is not a zip).
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest_formats import write_pdf
from test_store_idempotence import assert_consistent

from ingest.embeddings import FakeEmbeddings
from ingest.errors import FileRejected, StoreError
from ingest.loaders import load_file
from ingest.pipeline import IngestOptions, ingest_paths
from ingest.store import Store

BRIEFBOT = Path(sys.executable).parent / "briefbot"
LIMIT = 1_000_000
SUFFIXES = [".txt", ".md", ".html", ".pdf", ".docx", ".json", ".jsonl"]
# A Python exception's name (PackageNotFoundError, BadZipFile, KeyError...) or a traceback
# must never reach the user.
TECHNICAL = re.compile(r"Traceback|\b\w*(Error|Exception|BadZipFile)\b|File \"")
PROPERTY = settings(
    max_examples=80,
    deadline=None,
    database=None,  # no .hypothesis folder left behind
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

GOOD_TEXT = (
    "Lowland councils agree a shared flood fund\n"
    "Seven lowland councils agreed on Tuesday to pool part of their budgets into a shared "
    "flood fund, after three wet winters left roads closed for weeks at a time.\n\n"
    "The fund starts with 4.2 million and pays for pumps, sandbags and a warning siren "
    "network along the lower river, the councils said in a joint statement.\n"
)


@functools.cache
def real_files() -> dict[str, bytes]:
    """One small valid file of every supported kind, written here (no shared data)."""
    import docx

    out: dict[str, bytes] = {}
    out[".txt"] = GOOD_TEXT.encode()
    out[".md"] = (
        b"---\ntitle: Ferry timetable changes for the winter\ndate: 2025-11-03\n---\n"
        b"# Ferry timetable changes for the winter\n\n"
        b"The island ferry will run **four** crossings a day from November, down from six, "
        b"the operator said, citing lower demand after the summer season.\n"
    )
    out[".html"] = (
        b"<html><head><title>Library opens a night reading room</title>"
        b'<meta property="article:published_time" content="2025-10-01T09:00:00Z"></head>'
        b"<body><article><h1>Library opens a night reading room</h1>"
        b"<p>The central library will keep one reading room open until midnight from next "
        b"month, a trial that the city council approved after a petition by students.</p>"
        b"<p>Staff said the room would have forty desks and free heating, and that the trial "
        b"would be reviewed in the spring.</p></article></body></html>"
    )
    out[".json"] = json.dumps(
        [
            {
                "title": "Tram line reaches the harbour",
                "body": "The new tram line reached "
                "the harbour district on Monday, two months ahead of the city's plan.",
            },
            {
                "title": "Harbour market to stay open later",
                "text": "Stall holders at the "
                "harbour market may stay open until ten in the evening, the council decided.",
            },
        ]
    ).encode()
    out[".jsonl"] = (
        "\n".join(
            json.dumps(
                {
                    "title": f"Weekly river gauge note {n}",
                    "body": f"Gauge {n} read "
                    f"{n + 2}.1 metres on Friday, the water board said in its note.",
                }
            )
            for n in range(3)
        )
        + "\n"
    ).encode()
    document = docx.Document()
    document.add_paragraph("School roofs to get solar panels", style="Title")
    document.add_paragraph(
        "Twelve schools in the district will get solar panels on their roofs this summer, "
        "paid for by a regional grant, the education office said."
    )
    buffer = io.BytesIO()
    document.save(buffer)
    out[".docx"] = buffer.getvalue()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = write_pdf(
            Path(tmp) / "notice.pdf",
            [
                ["Water board notice: the weir at Lenholm will be closed for repairs."],
                ["Boats must use the side channel until the end of the month."],
            ],
            title="Lenholm weir closure",
        )
        out[".pdf"] = pdf.read_bytes()
    return out


MAGIC = [b"", b"PK\x03\x04", b"%PDF-1.4\n", b"<html><body>", b"{", b"[", b"\xef\xbb\xbf", b"---\n"]

random_files = st.tuples(
    st.sampled_from(SUFFIXES),
    st.builds(lambda magic, junk: magic + junk, st.sampled_from(MAGIC), st.binary(max_size=3000)),
)


@st.composite
def damaged_files(draw) -> tuple[str, bytes]:
    """A real file cut short and/or with bytes overwritten, saved under any extension."""
    kind = draw(st.sampled_from(SUFFIXES))
    name_suffix = draw(st.one_of(st.just(kind), st.sampled_from(SUFFIXES)))
    data = bytearray(real_files()[kind])
    cut = draw(st.integers(min_value=1, max_value=len(data)))
    data = data[:cut]
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data[at] = draw(st.integers(min_value=0, max_value=255))
    return name_suffix, bytes(data)


bad_files = st.one_of(random_files, damaged_files())


def check_loader(path: Path) -> list[str]:
    """Load `path`: it gives articles with text, or one FileRejected naming it in plain words.
    Anything else escaping fails the test. Returns the titles found."""
    try:
        articles = load_file(path, LIMIT)
    except FileRejected as exc:
        message = str(exc)
        assert message.startswith(f"{path}: "), message
        assert not TECHNICAL.search(message), message
        assert "\n" not in message
        return []
    assert articles and all(a.text.strip() for a in articles)
    return [a.title for a in articles]


@PROPERTY
@given(random_files)
def test_random_bytes_never_escape_any_loader(case):
    suffix, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"random{suffix}"
        path.write_bytes(data)
        check_loader(path)


@PROPERTY
@given(damaged_files())
def test_truncated_damaged_or_misnamed_real_files_never_escape(case):
    suffix, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"damaged{suffix}"
        path.write_bytes(data)
        check_loader(path)


def test_every_real_file_under_every_wrong_extension(tmp_path):
    for kind, data in real_files().items():
        assert check_loader(_write(tmp_path / f"right{kind}", data)), kind  # valid as itself
        for suffix in SUFFIXES:
            if suffix != kind:
                check_loader(_write(tmp_path / f"{kind[1:]}-as{suffix}", data))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    return Store(path=tmp_path_factory.mktemp("robust-store"), embedder_name="fake")


GOOD_TITLES = {
    "good.txt": ["Lowland councils agree a shared flood fund"],
    "good.json": ["Tram line reaches the harbour", "Harbour market to stay open later"],
}


@settings(PROPERTY, max_examples=40)
@given(bad_files)
def test_ingest_stores_the_good_files_beside_any_bad_one(shared_store, case):
    suffix, data = case
    folder = Path(tempfile.mkdtemp(dir=shared_store.path.parent))
    (folder / "good.txt").write_bytes(real_files()[".txt"])
    (folder / "good.json").write_bytes(real_files()[".json"])
    bad = _write(folder / f"bad{suffix}", data)

    report = ingest_paths(shared_store, FakeEmbeddings(), [folder])

    assert report.files == 3
    for failure in report.failures:
        assert failure.path == str(bad), failure  # only the bad file is ever named
        assert not TECHNICAL.search(str(failure)), failure
    for name, titles in GOOD_TITLES.items():
        stored = shared_store.articles_at(str((folder / name).resolve()))
        assert sorted(a.title for a in stored) == sorted(titles)
        assert {a.meta["status"] for a in stored} == {"complete"}
    # Take this example's articles out again: the store stays small and each example's
    # good files are stored afresh, not found already there as near-duplicates.
    shared_store.remove([a.doc_id for f in folder.iterdir() for a in _stored_at(shared_store, f)])


def _stored_at(store: Store, path: Path):
    return store.articles_at(str(path.resolve()))


json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
json_items = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"body": st.text(min_size=1)},
        optional={
            "title": json_values,
            "date": json_values,
            "published_at": st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01", "1e300"]),
            "source": st.text(),
            "url": json_values,
        },
    ),
)


@settings(PROPERTY, max_examples=50)
@given(st.lists(json_items, min_size=1, max_size=5), st.booleans())
def test_any_json_content_is_stored_or_named_never_raised(shared_store, items, lines):
    """Odd values (lone surrogates, NULs, far-off dates, nested lists) never stop a run."""
    folder = Path(tempfile.mkdtemp(dir=shared_store.path.parent))
    if lines:
        path = _write(folder / "items.jsonl", "\n".join(json.dumps(i) for i in items).encode())
    else:
        path = _write(folder / "items.json", json.dumps(items).encode())
    report = ingest_paths(shared_store, FakeEmbeddings(), [path])
    assert all(f.path == str(path) for f in report.failures), report.failures
    stored = shared_store.articles_at(str(path.resolve()))
    assert len(stored) == len(report.added)
    assert all(a.meta["status"] == "complete" for a in stored)
    shared_store.remove([a.doc_id for a in stored])


def test_jsonl_with_one_broken_line_keeps_the_others(tmp_path):
    lines = [
        json.dumps(
            {
                "title": f"Canal lock {n} reopens",
                "body": f"Lock {n} on the "
                "east canal reopened to boats on Sunday after winter repairs.",
            }
        )
        for n in range(1, 6)
    ]
    lines[2] = '{"title": "Canal lock 3 reopens", "body": "Lock 3 on the east canal'  # cut off
    path = _write(tmp_path / "items.jsonl", ("\n".join(lines) + "\n").encode())
    store = Store(path=tmp_path / "store", embedder_name="fake")

    report = ingest_paths(store, FakeEmbeddings(), [path])

    assert [str(f) for f in report.failures] == [
        f"{path}: line 3: not valid JSON (Unterminated string starting at)"
    ]
    assert report.failures[0].part == "line 3"
    assert sorted(a.title for a in store.list_articles()) == [
        f"Canal lock {n} reopens" for n in (1, 2, 4, 5)
    ]
    again = ingest_paths(store, FakeEmbeddings(), [path])
    assert again.added == [] and again.unchanged == 4 and len(again.failures) == 1


def test_jsonl_with_every_line_broken_is_one_line_naming_the_first(tmp_path):
    path = _write(tmp_path / "all-bad.jsonl", b"{oops\n[1,\n42\n")
    with pytest.raises(FileRejected) as caught:
        load_file(path, LIMIT, problems=[])
    assert str(caught.value) == (
        f"{path}: line 1: not valid JSON (Expecting property name enclosed in double quotes) "
        "(and 2 more bad lines)"
    )


def test_many_broken_lines_are_named_up_to_ten_then_counted(tmp_path):
    good = json.dumps({"title": "Bridge toll unchanged", "body": "The toll stays at two."})
    path = _write(tmp_path / "noisy.jsonl", "\n".join([good] + ["{bad"] * 25).encode())
    problems: list[FileRejected] = []
    (article,) = load_file(path, LIMIT, problems)
    assert article.title == "Bridge toll unchanged"
    assert [p.part for p in problems[:10]] == [f"line {n}" for n in range(2, 12)]
    assert str(problems[10]) == f"{path}: 15 more bad lines also left out"
    assert len(problems) == 11


def test_unreadable_file_is_one_plain_line(tmp_path, monkeypatch):
    path = _write(tmp_path / "locked.txt", GOOD_TEXT.encode())
    real = Path.read_bytes

    def refuse(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(FileRejected, match=r"locked\.txt: cannot read \(permission denied\)$"):
        load_file(path, LIMIT)


def test_a_file_whose_cleaning_fails_is_named_and_the_run_goes_on(tmp_path, monkeypatch):
    """A bug tripped by one file's text costs that file only (one line), not the run."""
    import ingest.pipeline as pipeline

    real_clean = pipeline.clean_text

    def clean(text):
        if "TRIP" in text:
            raise IndexError("simulated bug")
        return real_clean(text)

    monkeypatch.setattr(pipeline, "clean_text", clean)
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder / "good.txt", real_files()[".txt"])
    _write(folder / "trips.txt", b"Council notes\nTRIP this text makes the cleaner fail.\n")
    store = Store(path=tmp_path / "store", embedder_name="fake")
    report = ingest_paths(store, FakeEmbeddings(), [folder])
    assert [str(f) for f in report.failures] == [
        f"{folder / 'trips.txt'}: could not be prepared for storing "
        "(something in its text trips briefbot up)"
    ]
    assert [a.title for a in store.list_articles()] == GOOD_TITLES["good.txt"]


def test_a_file_name_that_is_not_utf8_is_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = folder / os.fsdecode(b"caf\xe9-notes.txt")
    odd.write_bytes(real_files()[".txt"])
    store = Store(path=tmp_path / "store", embedder_name="fake")
    report = ingest_paths(store, FakeEmbeddings(), [folder])
    assert report.failures == [] and len(report.added) == 1
    (article,) = store.list_articles()
    assert article.meta["path"].endswith("caf\\xe9-notes.txt")
    assert ingest_paths(store, FakeEmbeddings(), [folder]).unchanged == 1  # same key again


def test_a_failed_store_write_stops_the_run_and_leaves_nothing_half_written(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(12):
        _write(folder / f"note-{n:02d}.txt", f"Harbour note {n}\n{GOOD_TEXT}".encode())
    options = IngestOptions(batch_chunks=4)  # several batches: the third one fails
    store = Store(path=tmp_path / "store", embedder_name="fake")
    calls = {"n": 0}
    real_add = Store.add_chunks

    def flaky(self, *args):
        calls["n"] += 1
        if calls["n"] == 3:
            real_add(self, args[0][:1], args[1][:1], args[2][:1], args[3][:1])  # half a batch
            raise OSError(28, "No space left on device")
        return real_add(self, *args)

    monkeypatch.setattr(Store, "add_chunks", flaky)
    with pytest.raises(StoreError) as caught:
        ingest_paths(store, FakeEmbeddings(), [folder], options)
    message = str(caught.value)
    assert message.startswith(f"could not write to the store at {store.location} (")
    assert "Nothing half-written was kept" in message and not TECHNICAL.search(message)
    assert_consistent(store)  # no pending record, no orphan passage
    written = store.count_articles()
    assert 0 < written < 12

    monkeypatch.setattr(Store, "add_chunks", real_add)
    rerun = ingest_paths(store, FakeEmbeddings(), [folder], options)
    assert rerun.failures == [] and rerun.unchanged == written
    reference = Store(path=tmp_path / "reference", embedder_name="fake")
    ingest_paths(reference, FakeEmbeddings(), [folder], options)
    assert_consistent(store)
    assert (store.count_articles(), store.count_chunks()) == (
        reference.count_articles(),
        reference.count_chunks(),
    )


# -- the real command -------------------------------------------------------------------


def bad_docx_folder(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    _write(folder / "report.docx", b"PK\x03\x04" + b"this is not a zip archive at all" * 20)
    _write(folder / "council.txt", real_files()[".txt"])
    _write(folder / "notice.pdf", real_files()[".pdf"])
    _write(folder / "gauges.jsonl", real_files()[".jsonl"])
    return folder


def briefbot(*args: str, store: Path, fake: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("BRIEFBOT_EMBEDDINGS", None)
    if fake:
        env["BRIEFBOT_EMBEDDINGS"] = "fake"
    return subprocess.run(
        [str(BRIEFBOT), *args, "--store", str(store)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def stored_titles(store: Path, fake: bool = True) -> list[str]:
    listing = briefbot("sources", "--json", store=store, fake=fake)
    assert listing.returncode == 0, listing.stderr
    return sorted(json.loads(line)["title"] for line in listing.stdout.splitlines())


EXPECTED_TITLES = sorted(
    ["Lowland councils agree a shared flood fund", "Lenholm weir closure"]
    + [f"Weekly river gauge note {n}" for n in range(3)]
)


@pytest.mark.parametrize("fake", [True, False], ids=["fake-embedder", "default-embedder"])
def test_cli_bad_docx_is_one_line_and_the_good_files_are_stored(tmp_path, fake):
    folder = bad_docx_folder(tmp_path)
    store = tmp_path / "store"

    first = briefbot("ingest", "-q", str(folder), store=store, fake=fake)

    assert first.returncode == 1
    assert first.stderr.splitlines() == [
        f"skipped {folder / 'report.docx'}: not a readable Word file "
        "(the file is damaged or not really .docx)"
    ]
    assert "Traceback" not in first.stdout + first.stderr
    assert "│ files failed" in first.stdout and "│ 1 " in first.stdout
    assert stored_titles(store, fake) == EXPECTED_TITLES

    again = briefbot("ingest", "-q", str(folder), store=store, fake=fake)
    assert again.returncode == 1
    assert again.stderr == first.stderr
    assert re.search(r"articles added\s+│ 0 ", again.stdout), again.stdout
    assert stored_titles(store, fake) == EXPECTED_TITLES  # nothing new, nothing twice


def test_cli_jsonl_broken_line_names_it_and_stores_the_rest(tmp_path):
    path = _write(
        tmp_path / "items.jsonl",
        real_files()[".jsonl"].replace(b'{"title": "Weekly river gauge note 1"', b"{oops", 1),
    )
    result = briefbot("ingest", "-q", str(path), store=tmp_path / "store")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"skipped part of {path}: line 2: not valid JSON "
        "(Expecting property name enclosed in double quotes)"
    ]
    assert re.search(r"bad lines or items left out \(rest of file stored\)\s+│ 1 ", result.stdout)
    assert stored_titles(tmp_path / "store") == [
        "Weekly river gauge note 0",
        "Weekly river gauge note 2",
    ]
