"""Read files into `RawArticle`s: text, Markdown, HTML, PDF, DOCX, JSON and JSON Lines.

Every problem with one file raises `FileRejected` naming the file and the reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.errors import FileRejected
from ingest.models import RawArticle
from ingest.textfile import DATE_KEYS, decode_text, looks_binary, safe_date

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx", ".json", ".jsonl"}

log = logging.getLogger(__name__)
_DATELINE = re.compile(r"^\s*\(\s*([A-Z][^(),\n]{1,40}?)\s*,\s*(\d{1,2}(?:st|nd|rd|th)?)\s*\)\s*")


def load_file(
    path: Path, max_bytes: int, problems: list[FileRejected] | None = None
) -> list[RawArticle]:
    """Load one file into its articles, or raise `FileRejected`.

    Nothing else escapes: whatever goes wrong while reading or parsing the file becomes a
    `FileRejected` with a plain reason. Bad items of a JSON or JSON Lines file are added to
    `problems` (when given) and the good items load; without `problems`, or when no item
    is good, they reject the whole file.
    """
    try:
        articles = _load(path, max_bytes, problems)
    except FileRejected:
        raise
    except Exception as exc:  # a damaged file can make any parser raise anything
        log.debug("cannot read %s", path, exc_info=True)
        raise FileRejected(str(path), _plain_reason(path, exc)) from None
    for article in articles:
        _make_safe(article)
    articles = [a for a in articles if a.text.strip()]
    if not articles:
        raise FileRejected(str(path), "no text found")
    return articles


def _load(path: Path, max_bytes: int, problems: list[FileRejected] | None) -> list[RawArticle]:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRejected(name, f"cannot read ({exc.strerror or exc})") from None
    if size == 0:
        raise FileRejected(name, "file is empty")
    if size > max_bytes:
        raise FileRejected(
            name,
            f"file is {_size(size)}, over the {_size(max_bytes)} limit "
            "(raise BRIEFBOT_MAX_FILE_MB to accept it)",
        )
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return [_load_text(path, decode_text(path), markdown=suffix != ".txt")]
    if suffix in HTML_SUFFIXES:
        return [_load_html(path)]
    if suffix == ".pdf":
        return [_load_pdf(path)]
    if suffix == ".docx":
        return [_load_docx(path)]
    if suffix in {".json", ".jsonl"}:
        from ingest.jsonfiles import load_json

        return load_json(path, suffix == ".jsonl", problems)
    raise FileRejected(name, f"unsupported file type {suffix or '(none)'}")


_DAMAGED = {
    ".docx": "not a readable Word file",
    ".pdf": "broken PDF, cannot be read",
    ".html": "not a readable web page",
    ".htm": "not a readable web page",
    ".json": "invalid JSON, cannot be read",
    ".jsonl": "invalid JSON Lines, cannot be read",
}


def _plain_reason(path: Path, exc: Exception) -> str:
    """A reason a user can act on, never a Python exception name."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read ({exc.strerror.lower()})"
    if isinstance(exc, MemoryError):
        return "too large to read into memory"
    if isinstance(exc, RecursionError):
        return "cannot be read (its structure is nested too deeply)"
    suffix = path.suffix.lower()
    what = _DAMAGED.get(suffix, "cannot be read as text")
    return f"{what} (the file is damaged or not really {suffix or 'text'})"


_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT_FIELDS = ("text", "title", "source", "url", "author", "place", "day", "category")


def _make_safe(article: RawArticle) -> None:
    """Replace lone surrogates (from JSON escapes such as \\ud800) that cannot be stored."""
    for key in _TEXT_FIELDS:
        value = getattr(article, key)
        if _SURROGATE.search(value):
            setattr(article, key, _SURROGATE.sub("\ufffd", value))


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} KB"


def _load_text(path: Path, text: str, markdown: bool) -> RawArticle:
    if looks_binary(text):
        raise FileRejected(str(path), "binary data, not text")
    article = RawArticle(text=text, origin=str(path))
    if markdown:
        text = _front_matter(article, text)
    text = (markdown_to_text(text) if markdown else text).lstrip()
    first, _, rest = text.partition("\n")
    if article.title:  # from front matter: a first heading is then part of the text
        pass
    elif first.startswith(_HEADING_MARK):  # a Markdown heading
        article.title, text = first[len(_HEADING_MARK) :].strip(), rest
    elif not _DATELINE.match(text) and looks_like_headline(first.strip()) and rest.strip():
        article.title, text = first.strip(), rest
        article.title_from_text = True
    text = text.replace(_HEADING_MARK, "").lstrip()
    match = _DATELINE.match(text)  # "(Kuala Lumpur, 23rd)" first, or just under the headline
    if match:
        article.place, article.day = match.group(1).strip(), match.group(2)
        text = text[match.end() :]
    article.text = text
    return article


_HEADING_MARK = "\x00h"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)


def _front_matter(article: RawArticle, text: str) -> str:
    """Read `key: value` lines of a leading `---` block (title, date, author, source, url)."""
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return text
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        key, value = key.strip().lower(), value.strip().strip("\"'")
        if not sep or not value:
            continue
        if key in {"title", "source", "url", "author", "category"}:
            setattr(article, key, value)
        elif key in DATE_KEYS:
            article.published_at = safe_date(value)
    return text.lstrip("\ufeff")[match.end() :]


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
_MD_BULLET = re.compile(r"^\s{0,3}[-*+]\s+", re.MULTILINE)


def markdown_to_text(text: str) -> str:
    """Plain text from Markdown: headings, emphasis, links and bullets lose their marks.

    Headings keep an internal marker so the first one can become the title.
    """
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub(_HEADING_MARK, text)
    text = _MD_BULLET.sub("", text)
    return _MD_EMPHASIS.sub("", text)


def looks_like_headline(line: str) -> bool:
    """A first line short enough, without final punctuation, reads as a title."""
    words = line.split()
    return 2 <= len(words) <= 20 and len(line) <= 150 and not line.endswith((".", ":", ";", ","))


def _load_html(path: Path) -> RawArticle:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # our one line says it
    html = decode_text(path)
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        # Keep the time and zone of article:published_time, not just the day.
        date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True},
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or isinstance(doc, dict) or doc is None:
        raise FileRejected(str(path), "no article text found in the HTML")
    title = (doc.title or "").strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:  # the page's <h1> repeats the title
        text = rest
    return RawArticle(
        text=text,
        origin=str(path),
        title=title,
        source=(doc.sitename or "").strip(),
        url=(doc.url or "").strip(),
        author=(doc.author or "").strip(),
        published_at=safe_date(doc.date),
    )


def _load_pdf(path: Path) -> RawArticle:
    """Text per page; a damaged PDF raises whatever pypdf raises (`load_file` words it)."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # our one line says it; no log noise

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        opened: object
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = False
        if not opened:
            raise FileRejected(str(path), "PDF is encrypted with a password")
    parts: list[str] = []
    pages: list[tuple[int, int]] = []
    offset = 0
    for number, page in enumerate(reader.pages, start=1):
        page_text = (page.extract_text() or "").strip()
        if not page_text:
            continue
        pages.append((number, offset))
        parts.append(page_text)
        offset += len(page_text) + 2
    meta: Any = reader.metadata or {}
    return RawArticle(
        text="\n\n".join(parts),
        origin=str(path),
        title=str(meta.get("/Title") or "").strip(),
        author=str(meta.get("/Author") or "").strip(),
        published_at=_pdf_date(meta.get("/CreationDate")),
        pages=pages,
    )


def _pdf_date(value: object) -> str:
    if not value:
        return ""
    text = str(value)
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", text)
    if match:
        return safe_date("-".join(g for g in match.groups() if g))
    return safe_date(text)


def _load_docx(path: Path) -> RawArticle:
    """Paragraphs and core properties; a damaged file raises (`load_file` words it)."""
    import docx

    document = docx.Document(str(path))
    title = ""
    paragraphs = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        if not title and para.style is not None and para.style.name in {"Title", "Heading 1"}:
            title = text
            continue
        paragraphs.append(text)
    props = document.core_properties
    return RawArticle(
        text="\n".join(paragraphs),
        origin=str(path),
        title=title or (props.title or "").strip(),
        author=(props.author or "").strip(),
        published_at=safe_date(props.created.isoformat() if props.created else ""),
    )


def iter_files(paths: list[Path]) -> Iterator[tuple[Path, FileRejected | None]]:
    """Yield each supported file under `paths` (recursive), with an error for bad paths."""
    seen: set[Path] = set()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            yield path, FileRejected(str(path), "no such file or folder")
            continue
        try:
            resolved = path.resolve(strict=True)
        except (RuntimeError, OSError):
            yield path, FileRejected(str(path), _link_problem(path))
            continue
        if resolved.is_dir():
            yield from _walk(path, seen)
        elif resolved not in seen:
            seen.add(resolved)
            yield path, None


def _walk(folder: Path, seen: set[Path]) -> Iterator[tuple[Path, FileRejected | None]]:
    import os

    visited: set[tuple[int, int]] = set()
    unreadable: list[OSError] = []  # folders os.walk could not list
    for root, dirs, files in os.walk(folder, followlinks=True, onerror=unreadable.append):
        yield from _unreadable_folders(unreadable)
        root_path = Path(root)
        try:
            stat = root_path.stat()
        except OSError:
            yield root_path, FileRejected(root, _link_problem(root_path))
            dirs[:] = []
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in visited:
            yield (
                root_path,
                FileRejected(root, "symbolic link loop (leads back to a folder already read)"),
            )
            dirs[:] = []
            continue
        visited.add(key)
        in_store = "chroma.sqlite3" in files  # a store's folder: its catalog is no article
        dirs.sort()
        for name in sorted(files):
            if name.startswith(".") or (in_store and name.endswith("-catalog.json")):
                continue
            file_path = root_path / name
            try:
                resolved = file_path.resolve(strict=True)
            except (RuntimeError, OSError):
                yield file_path, FileRejected(str(file_path), _link_problem(file_path))
                continue
            if file_path.suffix.lower() in SUPPORTED and resolved not in seen:
                seen.add(resolved)
                yield file_path, None
    yield from _unreadable_folders(unreadable)


def _unreadable_folders(errors: list[OSError]) -> Iterator[tuple[Path, FileRejected]]:
    while errors:
        exc = errors.pop(0)
        where = Path(str(exc.filename or "?"))
        reason = (exc.strerror or "error").lower()
        yield where, FileRejected(str(where), f"cannot read this folder ({reason})")


def _link_problem(path: Path) -> str:
    """Why `path` cannot be followed: a symbolic link loop or a link to nothing."""
    import errno
    import os

    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno == errno.ENOENT:
            return f"broken symbolic link (to {os.readlink(path) if path.is_symlink() else '?'})"
        return f"cannot read ({exc.strerror})"
    return "symbolic link loop"
