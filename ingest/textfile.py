"""Reading a file's text and dates safely: shared by the file loaders and the JSON reader."""

from __future__ import annotations

from pathlib import Path

from ingest.dates import date_to_timestamp, normalise_date
from ingest.errors import FileRejected

DATE_KEYS = ("published_at", "date", "published", "publishedAt")


def safe_date(value: object) -> str:
    """`normalise_date`, with "" for a value it cannot turn into a usable timestamp
    (a number or year far out of range)."""
    try:
        iso = normalise_date(value)
        date_to_timestamp(iso)
    except Exception:  # dateutil and datetime raise several kinds on odd values
        return ""
    return iso


def decode_text(path: Path) -> str:
    """Decode a text file: UTF-8, then Windows-1252 when it reads as Western text, else
    the encoding charset-normalizer finds; binary data is refused."""
    data = path.read_bytes()
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(str(path), "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # the commonest non-UTF-8 news text; charset-normalizer often calls it cp1250
        text = data.decode("cp1252")
        if _mostly_ascii_letters(text) and not looks_binary(text):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise FileRejected(str(path), "not text in UTF-8 or any common encoding")
    text = str(best)
    if looks_binary(text):
        raise FileRejected(str(path), "binary data, not text")
    return text


def _mostly_ascii_letters(text: str) -> bool:
    # Cyrillic or Greek bytes read as cp1252 come out as runs of accented letters.
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    accented = sum(1 for ch in letters if ord(ch) > 127)
    return bool(letters) and accented <= len(letters) * 0.1


def looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > len(sample) * 0.02
