"""What the web chat puts in the page: article text stays text, quotes are highlighted in place."""

from __future__ import annotations

import re

from bot.models import Answer, Citation
from bot.web import render

PAYLOAD = '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1">'


def _citation(n=1, quote="the quote.", passage="Before. the quote. After.", **kw) -> Citation:
    base = dict(
        n=n,
        quote=quote,
        passage=passage,
        doc_id="d1",
        title="A title",
        source="Outlet",
        url="https://news.example/a",
        published_at="2025-10-23T00:00:00+00:00",
        start=8,
        end=18,
        score=0.9,
    )
    base.update(kw)
    return Citation(**base)


def _answer(text="It said the quote. [1]", citations=None, abstained=False) -> Answer:
    return Answer(
        "Q?", text, abstained, "extractive", citations if citations is not None else [_citation()]
    )


def test_answer_markup_escapes_html_and_markdown_but_keeps_markers():
    out = render.answer_markup(f"Quoted {PAYLOAD} and [a link](javascript:x) **bold** [2]")
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out
    assert "](" not in out.replace("\\](", "").replace("\\]\\(", "")  # link syntax neutralised
    assert '<span class="bb-cite bb-cite-2"' in out and "&#91;2&#93;</span>" in out


def test_answer_markup_keeps_bullets_of_the_answerer():
    out = render.answer_markup("Intro:\n- first [1]\n- second-hand [2]")
    assert "\n- first" in out and "\n- second\\-hand" in out


def test_source_card_shows_title_outlet_date_and_marks_quote_inside_passage():
    html = render.sources_html(_answer())
    assert 'id="bb-src-1"' in html
    assert "A title" in html and "Outlet" in html and "2025-10-23" in html
    assert 'Before. <mark class="bb-quote">the quote.</mark> After.' in html


def test_sources_escape_every_article_field_and_drop_script_urls():
    evil = _citation(
        title=PAYLOAD,
        source=PAYLOAD,
        passage=f"x {PAYLOAD} y",
        quote=PAYLOAD,
        url="javascript:window.__pwned=1",
    )
    html = render.sources_html(_answer(citations=[evil]))
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    assert html.count("&lt;script&gt;") == 3  # title, outlet, and the quote inside the passage


def test_abstained_answer_says_nothing_is_cited():
    html = render.sources_html(
        _answer("The articles don't cover this.", citations=[], abstained=True)
    )
    assert "don't cover" in html and "bb-source" not in html.replace("bb-sources", "")


def test_copy_text_has_answer_then_numbered_quotes_with_their_sources():
    text = render.copy_text(_answer(citations=[_citation(), _citation(n=2, quote="Second.")]))
    lines = text.splitlines()
    assert lines[0] == "It said the quote. [1]"
    assert lines[-2].startswith('[1] "the quote." (A title, Outlet, 2025-10-23)')
    assert lines[-1].startswith('[2] "Second."')


def test_article_table_escapes_and_links_duplicates():
    from ingest.store import StoredArticle

    a = StoredArticle(
        "aaa111",
        {
            "title": PAYLOAD,
            "source": "S",
            "published_at": "2025-01-02",
            "n_chunks": 3,
            "duplicate_of": "bbb222",
        },
    )
    b = StoredArticle(
        "bbb222",
        {
            "title": "Copy",
            "source": "S",
            "published_at": "2025-01-01",
            "n_chunks": 3,
            "duplicate_of": "aaa111",
        },
    )
    html = render.articles_html(render.article_rows([b, a]))
    assert "<script" not in html and "<img" not in html
    assert 'href="#bb-art-bbb222">Copy</a>' in html and 'id="bb-art-bbb222"' in html
    assert html.index("aaa111") < html.index('id="bb-art-bbb222"')  # newest first


ARTICLE = "Intro line. The council met on Monday. It voted seven to two. The mayor spoke last."


def _in_article(n, quote, first, last, **kw) -> Citation:
    """A citation whose passage is ARTICLE[first:last] and whose quote lies inside it."""
    start = ARTICLE.index(quote)
    return _citation(
        n=n, quote=quote, passage=ARTICLE[first:last], start=start, end=start + len(quote), **kw
    )


def test_overlapping_passages_of_one_article_become_one_card_with_both_quotes():
    one = _in_article(1, "The council met on Monday.", 0, 52)
    two = _in_article(2, "It voted seven to two.", 12, 75)
    other = _in_article(3, "The mayor spoke last.", 52, len(ARTICLE), doc_id="d2", title="Other")
    html = render.sources_html(_answer("a [1] b [2] c [3]", citations=[two, other, one]))
    assert html.count('class="bb-source ') == 2
    merged = html[: html.index('id="bb-src-3"')]
    assert 'id="bb-src-1"' in merged and "bb-for-1 bb-for-2" in merged and "[1] [2]" in merged
    assert merged.count("Intro line.") == 1 and merged.count("It voted seven to two.") == 1
    assert (
        '<sup class="bb-qn">[1]</sup><mark class="bb-quote">The council met on Monday.</mark>'
        in merged
    )
    assert (
        '<sup class="bb-qn">[2]</sup><mark class="bb-quote">It voted seven to two.</mark>' in merged
    )


def test_the_same_passage_cited_twice_is_one_card():
    one = _in_article(1, "The council met on Monday.", 0, 52)
    two = _in_article(2, "Intro line.", 0, 52)
    html = render.sources_html(_answer("a [1] b [2]", citations=[one, two]))
    assert html.count('class="bb-source ') == 1 and html.count("bb-quote") == 2


def test_passages_that_only_touch_or_come_from_other_articles_stay_apart():
    one = _in_article(1, "The council met on Monday.", 0, 39)
    two = _in_article(2, "It voted seven to two.", 39, 62)
    html = render.sources_html(_answer("a [1] b [2]", citations=[one, two]))
    assert html.count('class="bb-source ') == 2


def test_file_name_stands_in_where_outlet_or_date_is_missing():
    undated = _citation(source="", published_at="", doc_id="seed")
    html = render.sources_html(_answer(citations=[undated]), {"seed": "ceasefire-notes.txt"})
    assert "file ceasefire-notes.txt" in html and "unknown outlet" not in html
    dated = render.sources_html(_answer(), {"d1": "city.json"})
    assert "city.json" not in dated and "Outlet · 2025-10-23" in dated


JARGON = re.compile(r"(?i:chunk|extractive|briefbot ingest)|\bId\b")


def visible(markup: str) -> str:
    return re.sub(r"<[^>]+>", " ", markup)


def test_tables_and_upload_reports_use_plain_words():
    from ingest.errors import FileRejected
    from ingest.pipeline import IngestReport
    from ingest.store import StoredArticle

    a = StoredArticle("aaa111", {"title": "T", "n_chunks": 3, "path": "/s/uploads/ab/notes.txt"})
    table = render.articles_html([a])
    report = IngestReport(added=["x"], chunks=4, unchanged=1)
    report.failures.append(FileRejected("/s/uploads/cd/bad.json", "invalid JSON at line 2"))
    status = render.ingest_status(report)
    for text in (table, status, render.article_choice(a)[0]):
        assert not JARGON.search(visible(text)), text
    assert (
        "Passages" in table and "notes.txt" in table and "aaa111" not in render.article_choice(a)[0]
    )
    assert (
        "Added 1 article (4 passages)." in status and "bad.json: invalid JSON at line 2" in status
    )


def test_brief_markers_are_buttons_to_notes_and_the_page_uses_plain_words():
    from bot.models import Briefing, BriefItem, Source
    from bot.web.brief_view import brief_html

    seed = _citation(n=1, quote=PAYLOAD, doc_id="seed", source="", published_at="")
    briefing = Briefing(
        title="Briefing: ceasefire",
        topic="ceasefire",
        date_from="",
        date_to="",
        bottom_line=[BriefItem(f"They met {PAYLOAD}", [1])],
        timeline=[BriefItem(f"Talks {PAYLOAD}", [1], date="2025-12-24", status="planned")],
        positions=[BriefItem("We act, not declare.", [1], speaker="Sihasak", role="minister")],
        watch=[],
        citations=[seed],
        sources=[Source(1, "seed", "Talks resume", "", "", "javascript:alert(1)")],
        mode="extractive",
    )
    page = brief_html(briefing, {"seed": "ceasefire-notes.txt"})
    assert page.count('<button type="button" class="bb-bcite bb-bcite-1"') == 3
    assert "<strong>24 December 2025</strong> (planned)" in page
    assert "What to watch" not in page  # an empty section has no heading
    assert 'id="bb-note-1"' in page and "Back to the text" in page
    assert "<script" not in page and "<img" not in page and 'href="javascript' not in page
    assert "Talks resume, file ceasefire-notes.txt" in page
    assert "sentences quoted from the articles" in page
    assert not JARGON.search(visible(page))
