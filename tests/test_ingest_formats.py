"""Each input format becomes articles with the right text and metadata (fixtures in tests/fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.dates import normalise_date
from ingest.embeddings import FakeEmbeddings
from ingest.loaders import load_file
from ingest.pipeline import ingest_paths
from ingest.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
LIMIT = 50_000_000


def write_pdf(
    path: Path, pages: list[list[str]], title: str = "", author: str = "", created: str = ""
) -> Path:
    """Write a minimal PDF (Helvetica text, one list of lines per page) with no library."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        body = "BT /F1 11 Tf 14 TL 72 740 Td " + " ".join(f"({esc(line)}) Tj T*" for line in lines)
        stream = (body + " ET").encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_no = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_no
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = " ".join(
        f"/{k} ({esc(v)})"
        for k, v in (("Title", title), ("Author", author), ("CreationDate", created))
        if v
    )
    objects.append(f"<< {info} >>".encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def write_docx(path: Path) -> Path:
    """A Word file with a Title paragraph, body paragraphs and core properties."""
    from datetime import datetime

    import docx

    document = docx.Document()
    document.add_paragraph("Sarin alert network: first month in review", style="Title")
    document.add_paragraph(
        "The network sent 214 alerts in its first month, most of them in the lower basin."
    )
    document.add_paragraph("")
    document.add_paragraph(
        "District officers said no alert had arrived later than ten minutes after a rise."
    )
    document.core_properties.author = "Basin Monitor desk"
    document.core_properties.created = datetime(2026, 1, 9, 16, 0, 0)
    document.save(str(path))
    return path


def ingest_one(tmp_path: Path, *paths: Path) -> Store:
    store = Store(path=tmp_path / "store", embedder_name="fake")
    report = ingest_paths(store, FakeEmbeddings(), list(paths))
    assert not report.failures, report.failures
    return store


def stored(store: Store) -> dict[str, dict]:
    """Stored articles by title, each with its clean text under "text"."""
    out = {}
    for article in store.list_articles():
        full = store.get_article(article.doc_id)
        assert full is not None
        out[article.title] = {**full.meta, "text": full.text}
    return out


def test_txt_first_line_headline_becomes_title(tmp_path):
    (raw,) = load_file(FIXTURES / "headline.txt", LIMIT)
    assert raw.title == "Orlen parliament ratifies Tessara water accord"
    assert raw.title_from_text
    assert raw.text.startswith("The parliament of Orlen voted 112 to 41")
    assert "ratifies Tessara" not in raw.text


def test_txt_dateline_kept_as_place_and_day_and_lead_phrase_title(tmp_path):
    (raw,) = load_file(FIXTURES / "dateline-lead.txt", LIMIT)
    assert (raw.place, raw.day) == ("Kuala Lumpur", "23rd")
    assert raw.title == ""  # the first line is a sentence, not a headline
    assert raw.text.startswith("Delegates from the five riparian states")
    store = ingest_one(tmp_path, FIXTURES / "dateline-lead.txt")
    (article,) = stored(store).values()
    assert article["title"] == "Delegates from the five riparian states of the Sarin basin…"
    assert (article["place"], article["day"]) == ("Kuala Lumpur", "23rd")


def test_txt_headline_followed_by_dateline(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text(
        "Sarin alerts reach the coast\n(Port Callow, 3rd) The coastal districts joined the "
        "flood-alert network on Wednesday, officials said.\n"
    )
    (raw,) = load_file(path, LIMIT)
    assert raw.title == "Sarin alerts reach the coast"
    assert (raw.place, raw.day) == ("Port Callow", "3rd")
    assert raw.text.startswith("The coastal districts joined")


def test_markdown_front_matter_heading_and_marks(tmp_path):
    (raw,) = load_file(FIXTURES / "briefing.md", LIMIT)
    assert raw.title == "Sarin flood-warning pact, explained"
    assert (raw.author, raw.source) == ("Regional Desk", "Basin Monitor")
    assert raw.published_at == "2025-03-24T14:05:00+00:00"
    assert "**" not in raw.text and "](" not in raw.text and "#" not in raw.text
    assert (
        "The five states of the Sarin basin will share gauge readings every fifteen minutes, "
        "according to the joint statement." in raw.text
    )
    assert "Each state pays in proportion to its river bank." in raw.text
    assert raw.text.startswith("What was agreed\n")  # front matter gave the title


def test_markdown_heading_is_title_without_front_matter(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Gauges on the upper Sarin\n\nThirty gauges were installed on Monday.\n")
    (raw,) = load_file(path, LIMIT)
    assert raw.title == "Gauges on the upper Sarin"
    assert raw.text.strip() == "Thirty gauges were installed on Monday."


def test_html_main_text_and_metadata(tmp_path):
    (raw,) = load_file(FIXTURES / "page.html", LIMIT)
    assert raw.title == "Sarin states switch on shared flood alerts"
    assert raw.author == "Leila Marsh"
    assert raw.source == "Riverside Gazette"
    assert raw.url == "https://gazette.example/2025/12/sarin-flood-alerts"
    assert raw.published_at == "2025-12-01T23:15:00+00:00"  # 07:15 at +08:00, in UTC
    assert "The network connects 96 gauges." in raw.text
    assert "minute by minute" in raw.text
    for debris in ("cookies", "newsletter", "Port traffic falls", "Business"):
        assert debris not in raw.text
    assert not raw.text.startswith("Sarin states switch on")  # the <h1> is the title, not text


def test_pdf_text_per_page_with_page_numbers(tmp_path):
    pdf = write_pdf(
        tmp_path / "report.pdf",
        [
            ["Sarin basin commission annual report.", "Gauges installed: 96."],
            ["Alerts sent in the first month: 214.", "Budget spent: 14 million dollars."],
        ],
        title="Sarin commission report 2025",
        author="Commission secretariat",
        created="D:20251215093000Z",
    )
    (raw,) = load_file(pdf, LIMIT)
    assert raw.title == "Sarin commission report 2025"
    assert raw.author == "Commission secretariat"
    assert raw.published_at == "2025-12-15T00:00:00+00:00"
    assert [p for p, _ in raw.pages] == [1, 2]
    second = raw.pages[1][1]
    assert raw.text[:second].startswith("Sarin basin commission annual report.")
    assert raw.text[second:].startswith("Alerts sent in the first month: 214.")
    store = ingest_one(tmp_path, pdf)
    (article,) = stored(store).values()
    pages = json.loads(article["pages"])
    assert [p for p, _ in pages] == [1, 2]
    assert "Budget spent" in article["text"][pages[1][1] :]


def test_docx_title_body_and_properties(tmp_path):
    (raw,) = load_file(write_docx(tmp_path / "review.docx"), LIMIT)
    assert raw.title == "Sarin alert network: first month in review"
    assert raw.author == "Basin Monitor desk"
    assert raw.published_at == "2026-01-09T16:00:00+00:00"
    assert raw.text.splitlines() == [
        "The network sent 214 alerts in its first month, most of them in the lower basin.",
        "District officers said no alert had arrived later than ten minutes after a rise.",
    ]


def test_json_single_object_with_aliases():
    (raw,) = load_file(FIXTURES / "single.json", LIMIT)
    assert raw.title == "Sarin bank approves flood-alert loan"
    assert raw.text.startswith("The Sarin Regional Bank approved")  # from "content"
    assert raw.published_at == "2025-03-28T00:00:00+00:00"  # from "date"
    assert (raw.source, raw.author, raw.url) == (
        "Sarin Regional Bank",
        "Press Office",
        "https://bank.example/press/flood-loan",
    )


def test_json_list_with_every_field_alias():
    raws = load_file(FIXTURES / "list.json", LIMIT)
    assert [r.title for r in raws] == [
        "Gauges installed on upper Sarin",
        "Landslide cuts two gauges",
        "Village drills test the new alerts",
    ]
    assert raws[0].text.startswith("Contractors finished")  # body
    assert raws[1].text.startswith("A landslide")  # text
    assert raws[2].text.startswith("Twelve villages")  # content
    assert [r.published_at for r in raws] == [
        "2025-06-02T08:00:00+00:00",
        "2025-10-12T06:30:00+00:00",
        "2025-10-09T08:53:20+00:00",
    ]
    assert raws[0].category == "environment"
    assert raws[1].author == ""  # JSON null is no author, not "None"


def test_jsonl_one_article_per_line(tmp_path):
    raws = load_file(FIXTURES / "items.jsonl", LIMIT)
    assert [r.source for r in raws] == ["Sarin Shipping News", "Basin Business"]
    assert [r.published_at for r in raws] == [
        "2025-12-03T00:00:00+00:00",
        "2025-12-04T09:00:00+00:00",
    ]
    store = ingest_one(tmp_path, FIXTURES / "items.jsonl", FIXTURES / "list.json")
    assert store.count_articles() == 5


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-11-27 08:45:59.000000000Z", "2023-11-27T08:45:59+00:00"),
        ("2023-09-30T14:00:00-04:00", "2023-09-30T18:00:00+00:00"),
        ("Sat, 30 Sep 2023 10:00:00 GMT", "2023-09-30T10:00:00+00:00"),
        ("30 September 2023", "2023-09-30T00:00:00+00:00"),
        (1696068000, "2023-09-30T10:00:00+00:00"),
        ("None", ""),
        ("not a date at all", ""),
    ],
)
def test_dates_normalised_to_iso_utc(value, expected):
    assert normalise_date(value) == expected


def test_every_format_in_one_folder_keeps_chunk_spans_exact(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (
        "headline.txt",
        "dateline-lead.txt",
        "briefing.md",
        "page.html",
        "list.json",
        "items.jsonl",
        "single.json",
    ):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    write_pdf(folder / "r.pdf", [["Page one text about gauges."], ["Page two text about alerts."]])
    write_docx(folder / "w.docx")
    store = ingest_one(tmp_path, folder)
    assert store.count_articles() == 1 + 1 + 1 + 1 + 3 + 2 + 1 + 1 + 1
    texts = {a.doc_id: store.get_article(a.doc_id).text for a in store.list_articles()}
    n_chunks = 0
    for _, meta, text in store.all_chunks():
        assert texts[meta["doc_id"]][meta["start"] : meta["end"]] == text
        n_chunks += 1
    assert n_chunks == sum(a.meta["n_chunks"] for a in store.list_articles())
