"""`/brief who: NAME` and `/brief timeline: TOPIC` as Slack messages: a speaker's quotes, newest
first, and dated events in date order, each naming the article it comes from.

All article text goes through `fmt.escape` into verbatim mrkdwn (see bot/slack/format.py), so
nothing in a quote can mention, link or format; the only links are the articles' own http(s)
URLs, built by `fmt.link`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.models import shorten_quote
from bot.slack import format as fmt

WHO_LIMIT = 15  # quotes in one reply: the newest
TIMELINE_LIMIT = 25  # events in one reply: the latest, in date order
QUOTE_CHARS = 500
STATUS_WORDS = {"past": "past", "planned": "planned"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def event_date(value: str) -> str:
    """'2025-12-22' -> '22 Dec 2025', '2025-12' -> 'Dec 2025', '2025' stays."""
    if len(value) == 7:
        try:
            return datetime.strptime(value, "%Y-%m").strftime("%b %Y")
        except ValueError:
            return value
    return fmt.format_date(value) if len(value) == 10 else value


def iso_day(timestamp: int | None) -> str:
    """A parsed filter date (epoch seconds) as YYYY-MM-DD ("" for none)."""
    return "" if timestamp is None else datetime.fromtimestamp(timestamp, UTC).date().isoformat()


def source_line(item: dict, urls: dict[str, str]) -> str:
    """'Title - Outlet, 23 Dec 2025', the title linked to the article when it has a web address;
    other outlets carrying the same words follow."""
    title = fmt.escape(" ".join((item.get("title") or item.get("doc_id") or "").split()))
    url = urls.get(item.get("doc_id", ""), "")
    if fmt.link_url(url):
        title = fmt.link(url, title.replace("|", "¦"))
    own = [o for o in item.get("outlets") or [] if o.get("doc_id") == item.get("doc_id")]
    published = item.get("published_at") or (own[0].get("published_at", "") if own else "")
    where = ", ".join(fmt.escape(p) for p in (item.get("source"), fmt.format_date(published)) if p)
    line = title + (f" - {where}" if where else "")
    others = [o for o in item.get("outlets") or [] if o.get("doc_id") != item.get("doc_id")]
    if others:
        names = ", ".join(fmt.escape(o.get("source") or o.get("title") or "") for o in others)
        line += f" (also in {names})"
    return line


def _newest_first(quotes: list[dict]) -> list[dict]:
    by_place = sorted(quotes, key=lambda q: (q["doc_id"], q["start"]))
    return sorted(by_place, key=lambda q: (q.get("published_at") or "")[:10], reverse=True)


def who_shown(quotes: list[dict]) -> list[dict]:
    """The quotes a `who:` reply shows: the newest WHO_LIMIT."""
    return _newest_first(quotes)[:WHO_LIMIT]


def who_messages(name: str, quotes: list[dict], urls: dict[str, str]) -> list[fmt.Message]:
    """What `name` said: the newest WHO_LIMIT quotes, each with speaker and source."""
    shown_name = fmt.escape(name)
    if not quotes:
        text = (
            f"I found no quotes by *{shown_name}* in the stored articles. Try a surname, a role "
            "(_foreign minister_) or a country."
        )
        return [fmt.Message(text=text, blocks=[fmt.section(text)])]
    ordered = _newest_first(quotes)
    shown = who_shown(quotes)
    speakers = {q["speaker"] for q in ordered}
    count = _plural(len(ordered), "quote")
    if len(speakers) > 1:
        count += f" from {_plural(len(speakers), 'speaker')}"
    head = f"*What {shown_name} said* · {count}, newest first"
    if len(ordered) > len(shown):
        head += (
            f"\nShowing the {len(shown)} newest; the web app's People tab has them all "
            f"(`briefbot quotes --speaker`)."
        )
    blocks = [quote_block(n, q, urls) for n, q in enumerate(shown, 1)]
    return fmt.pack(head, blocks, more_text=f"What {shown_name} said (continued)")


def quote_block(n: int, q: dict, urls: dict[str, str]) -> dict[str, Any]:
    """'[n] “quote”' then '— Speaker, role · Title - Outlet, date'."""
    words = fmt.escape(shorten_quote(q["quote"], QUOTE_CHARS))
    who = fmt.escape(q["speaker"] + (f", {q['role']}" if q.get("role") else ""))
    how = "" if q.get("kind") == "direct" else " (reported)"
    return {
        "type": "section",
        "block_id": f"quote_{n}",
        "text": fmt.mrkdwn(f"*[{n}]* “{words}”\n— {who}{how} · {source_line(q, urls)}"),
    }


def timeline_messages(
    topic: str, since: str, events: list[dict], urls: dict[str, str]
) -> list[fmt.Message]:
    """The latest TIMELINE_LIMIT dated events about `topic`, in date order."""
    about = f" of *{fmt.escape(topic)}*" if topic else ""
    after = f" since {fmt.escape(since)}" if since else ""
    if not events:
        text = f"I found no dated events{about}{after} in the stored articles."
        return [fmt.Message(text=text, blocks=[fmt.section(text)])]
    shown = events[-TIMELINE_LIMIT:]
    planned = sum(1 for e in events if e["status"] == "planned")
    head = (
        f"*Timeline*{about}{after} · {_plural(len(events), 'dated event')} "
        f"({len(events) - planned} past, {planned} planned), oldest first"
    )
    if len(shown) < len(events):
        head += f"\nShowing the latest {len(shown)}; add `since:DATE` to look further back."
    blocks = [event_block(n, e, urls) for n, e in enumerate(shown, 1)]
    return fmt.pack(head, blocks, more_text="Timeline (continued)")


def event_block(n: int, e: dict, urls: dict[str, str]) -> dict[str, Any]:
    """'*22 Dec 2025* · planned · from “on Monday (December 22)”', then the sentence (exact
    unless very long), then its source."""
    status = STATUS_WORDS.get(e.get("status", ""), "past")
    sentence = fmt.escape(shorten_quote(e["text"], QUOTE_CHARS))
    said = f" · from “{fmt.escape(e['expression'])}”" if e.get("expression") else ""
    return {
        "type": "section",
        "block_id": f"event_{n}",
        "text": fmt.mrkdwn(
            f"*{fmt.escape(event_date(e['date']))}* · {status}{said}\n“{sentence}”\n"
            f"— {source_line(e, urls)}"
        ),
    }


def article_urls(bot, doc_ids) -> dict[str, str]:
    """doc_id -> the article's web address, when the store has one."""
    store = getattr(bot, "store", None)
    ids = list(dict.fromkeys(doc_ids))
    if store is None or not ids or not callable(getattr(store, "get_articles", None)):
        return {}
    try:
        found = store.get_articles(ids)
    except Exception:  # links are a convenience: the reply still names every article
        return {}
    return {d: str(a.meta.get("url", "") or "") for d, a in found.items()}
