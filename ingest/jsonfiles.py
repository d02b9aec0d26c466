"""Articles from JSON (one object, or a list of objects) and JSON Lines (one object a line).

A bad item or line is named by its number ("line 3: not valid JSON") and the good ones
still load; only a file with no good item is rejected as a whole.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from ingest.errors import FileRejected
from ingest.models import RawArticle
from ingest.textfile import DATE_KEYS, decode_text, safe_date

log = logging.getLogger(__name__)
_BODY_KEYS = ("body", "text", "content")
_MAX_PROBLEMS = 10  # bad items named one by one; the rest are counted in one line


def load_json(path: Path, lines: bool, problems: list[FileRejected] | None) -> list[RawArticle]:
    """Articles from a JSON object or list, or from JSON Lines (one object a line)."""
    name = str(path)
    text = decode_text(path)
    bad: list[FileRejected] = []
    items: list[tuple[str, Any]] = []  # (part, value)
    if lines:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append((f"line {number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                bad.append(FileRejected(name, f"not valid JSON ({exc.msg})", f"line {number}"))
            except RecursionError:
                bad.append(
                    FileRejected(name, "not valid JSON (nested too deeply)", f"line {number}")
                )
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileRejected(name, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
        except RecursionError:
            raise FileRejected(name, "invalid JSON (nested too deeply)") from None
        if isinstance(data, list):
            items = [(f"item {n}", value) for n, value in enumerate(data, start=1)]
        else:
            items = [("", data)]
    articles: list[RawArticle] = []
    for part, item in items:
        try:
            articles.append(_json_article(item, f"{path}#{len(articles)}", part))
        except FileRejected as exc:
            bad.append(FileRejected(name, exc.reason, part))
        except Exception:  # one odd value must not cost the other items
            log.debug("cannot read %s %s", path, part, exc_info=True)
            bad.append(FileRejected(name, "cannot be read", part))
    kind = "lines" if lines else "items"
    if bad and (problems is None or not articles):
        more = f" (and {len(bad) - 1} more bad {kind})" if len(bad) > 1 else ""
        raise FileRejected(name, bad[0].reason + more)
    if problems is not None and bad:
        problems.extend(bad[:_MAX_PROBLEMS])
        if len(bad) > _MAX_PROBLEMS:
            rest = len(bad) - _MAX_PROBLEMS
            problems.append(FileRejected(name, f"{rest} more bad {kind} also left out"))
    return articles


def _json_article(item: Any, origin: str, part: str) -> RawArticle:
    if not isinstance(item, dict):
        raise FileRejected(
            origin,
            f"expected an object with a 'body', 'text' or 'content' field, found {_kind(item)}",
        )
    body = next((item[k] for k in _BODY_KEYS if isinstance(item.get(k), str)), None)
    if body is None:
        raise FileRejected(origin, "has no 'body', 'text' or 'content' field")
    return RawArticle(
        text=body,
        origin=origin,
        title=_field(item, "title"),
        source=_field(item, "source"),
        url=_field(item, "url"),
        author=_field(item, "author"),
        category=_field(item, "category"),
        published_at=safe_date(next((item[k] for k in DATE_KEYS if item.get(k)), "")),
        part=part,
    )


def _kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return "a number"
    kinds: dict[type, str] = {str: "a string", list: "a list"}
    return kinds.get(type(value), "something else")


def _field(item: dict, key: str) -> str:
    value = item.get(key)
    if value is None or str(value).strip().lower() == "none":
        return ""
    return str(value).strip()
