"""Briefing export: Markdown structure, escaped HTML, Word endnotes, and `briefbot brief`."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.briefing.build import brief
from bot.briefing.export import export, to_html, to_markdown
from bot.models import BriefRequest
from tests.test_briefing import doc_id, small_store  # noqa: F401  (module-scoped store fixture)

BRIEFBOT = Path(sys.executable).parent / "briefbot"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"


@pytest.fixture(scope="module")
def strike_brief(small_store, minilm):  # noqa: F811
    """A brief of the strike article that quotes its <script> banner (the topic asks for it)."""
    strike = doc_id(small_store, "Valmere dock")
    request = BriefRequest(doc_id=strike, topic="union website banner", max_words=2000)
    return brief(small_store, minilm, request)


@pytest.fixture(scope="module")
def seed_brief(small_store, minilm):  # noqa: F811
    seed = doc_id(small_store, "Thailand and Cambodia")
    return brief(small_store, minilm, BriefRequest(doc_id=seed, max_words=500))


def test_markdown_has_the_briefing_structure(seed_brief):
    md = to_markdown(seed_brief)
    lines = md.splitlines()
    assert lines[0].startswith("# Thailand and Cambodia")
    assert re.match(r"_.* · 1 source · extractive_", lines[2])
    headings = [line[3:] for line in lines if line.startswith("## ")]
    assert headings == [
        "Bottom line",
        "Timeline",
        "Positions",
        "What to watch",
        "Notes",
        "Sources",
    ]  # the seed has no second outlet, so no "Where sources differ"; no keyword headings
    timeline = lines[lines.index("## Timeline") + 2 : lines.index("## Positions") - 1]
    assert all(re.match(r"- \*\*\d{1,2} \w+ 2025\*\*", line) for line in timeline)
    assert any("(planned)" in line for line in timeline)
    bullets = [line for line in lines if line.startswith("- ")]
    assert len(bullets) == len(seed_brief.items)
    assert all(re.search(r"\[\d+\]$", b) for b in bullets)
    notes = lines[lines.index("## Notes") + 2 : lines.index("## Sources") - 1]
    assert len(notes) == len(seed_brief.citations)
    for c, line in zip(seed_brief.citations, notes, strict=True):
        assert line.startswith(f"{c.n}. ")
    assert lines[lines.index("## Sources") + 2].startswith("1. Thailand and Cambodia")


def test_html_is_standalone_and_escapes_article_text(strike_brief):
    assert any("<script>" in c.quote for c in strike_brief.citations)
    page = to_html(strike_brief)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;strike&#x27;)&lt;/script&gt;" in page
    assert "<link" not in page and "src=" not in page  # standalone: nothing to fetch
    for c in strike_brief.citations:
        assert f'href="#note-{c.n}"' in page and f'id="note-{c.n}"' in page
    assert '<a href="https://harbour.example/strike">' in page


def test_markdown_escapes_article_markup(strike_brief):
    md = to_markdown(strike_brief)
    assert "<script>" not in md
    assert r"\<script\>" in md


def _docx_parts(data: bytes):
    from docx import Document
    from lxml import etree

    doc = Document(io.BytesIO(data))
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype == ENDNOTES)
    return doc, etree.fromstring(part.blob)


def test_docx_carries_citations_as_real_endnotes(strike_brief):
    data = export(strike_brief, "docx")
    doc, endnotes = _docx_parts(data)
    notes = {
        int(n.get(f"{W}id")): "".join(n.itertext())
        for n in endnotes.iter(f"{W}endnote")
        if int(n.get(f"{W}id")) > 0
    }
    assert sorted(notes) == [c.n for c in strike_brief.citations]
    for c in strike_brief.citations:
        assert c.quote in notes[c.n]  # the exact quote, < and > intact (XML-escaped on disk)
    bullets = [p for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == len(strike_brief.items)
    refs = []
    for para, item in zip(bullets, strike_brief.items, strict=True):
        ids = [int(r.get(f"{W}id")) for r in para._p.iter(f"{W}endnoteReference")]
        assert ids == [n for n in item.refs if n not in refs]  # each note referenced once
        refs.extend(ids)
    assert sorted(refs) == sorted(notes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml").decode()
        settings = z.read("word/settings.xml").decode()
    assert "wordprocessingml.endnotes+xml" in types
    assert '<w:numFmt w:val="decimal"/>' in settings
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Bottom line" and headings[-1] == "Sources"
    tail = [p.text for p in doc.paragraphs][-len(strike_brief.sources) :]
    assert tail[0].startswith("[1] Valmere dock workers strike over wages")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BRIEFBOT), *args], capture_output=True, text=True, timeout=300)


def test_cli_writes_a_docx(small_store, tmp_path):  # noqa: F811
    out = tmp_path / "seed brief.docx"
    seed = doc_id(small_store, "Thailand and Cambodia")
    done = run("brief", "--doc", seed[:10], "--out", str(out), "--store", str(small_store.path))
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stderr
    doc, endnotes = _docx_parts(out.read_bytes())
    assert doc.paragraphs[0].text.startswith("Thailand and Cambodia")
    assert (
        any("too hastily" in "".join(n.itertext()) for n in endnotes.iter(f"{W}endnote"))
        or len(list(endnotes.iter(f"{W}endnote"))) > 5
    )


def test_cli_topic_markdown_to_stdout(small_store):  # noqa: F811
    done = run("brief", "--topic", "apple festival", "--store", str(small_store.path), "-q")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Briefing: apple festival")
    assert "Valley Post" in done.stdout and "Harbour Times" not in done.stdout


def test_cli_no_match_exits_1_with_a_clear_message(small_store):  # noqa: F811
    done = run(
        "brief",
        "--topic",
        "dock strike",
        "--since",
        "2031-01-01",
        "--store",
        str(small_store.path),
        "--format",
        "html",
    )
    assert done.returncode == 1
    assert "no articles match the topic 'dock strike' since 2031-01-01" in done.stderr
    assert done.stdout == ""


def test_cli_json_has_the_sections_and_exact_citations(small_store):  # noqa: F811
    import json

    done = run(
        "brief",
        "--topic",
        "dock strike",
        "--format",
        "json",
        "-q",
        "--store",
        str(small_store.path),
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    keys = ("bottom_line", "timeline", "positions", "watch", "differences", "sources", "citations")
    assert all(k in data for k in keys)
    # Monday's walk-out leads the bottom line (so it is not repeated in the timeline); the
    # planned Thursday meeting is dated under what to watch or in the timeline.
    dated = data["timeline"] + [i for i in data["watch"] if "date" in i]
    assert any("Thursday" in i["text"] for i in dated)
    assert all({"text", "cites", "date", "status"} <= set(i) for i in data["timeline"])
    speakers = [p["speaker"] for p in data["positions"]]
    assert "Tomas Reuel" in speakers
    # The union leader's demand appears once: as her position, or in the bottom line.
    hers = [i for k in ("bottom_line", "positions") for i in data[k] if "not return" in i["text"]]
    assert len(hers) == 1
    for c in data["citations"]:
        text = small_store.get_article(c["doc_id"]).text
        assert text[c["start"] : c["end"]] == c["quote"]
    cited = {n for k in keys[:5] for i in data[k] for n in i["cites"]}
    assert cited == {c["n"] for c in data["citations"]}


def test_cli_refuses_docx_to_the_terminal(small_store):  # noqa: F811
    done = run(
        "brief", "--topic", "dock strike", "--format", "docx", "--store", str(small_store.path)
    )
    assert done.returncode == 1 and "--out" in done.stderr
