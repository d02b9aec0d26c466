"""What the web chat puts in the page: article text stays text, quotes are highlighted in place."""

from __future__ import annotations

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
